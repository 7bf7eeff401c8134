/**
 * Turns on Node's on-disk cache of compiled code before the provider runtime loads the SDK. The
 * engine starts a fresh provider process for every preview, up and refresh, and compiling the
 * SDK and its dependencies (zod, undici) is then a large share of a short operation's CPU; with
 * the cache, later processes load the compiled code instead. Node keeps the cache in its own
 * directory under the system temp dir, keyed by file content, and ignores it when it is stale;
 * `NODE_DISABLE_COMPILE_CACHE=1` turns it off.
 */
import * as nodeModule from "node:module";

// Node < 22.1 has no compile cache: loading simply compiles, as it always did.
(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();
