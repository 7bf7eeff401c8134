/**
 * The `__provider` every R4 resource stores: the source of a tiny module that the engine's Node.js
 * dynamic provider loads (with `require-from-string`, resolving packages from the program's
 * directory) and whose `handler()` returns the provider. It names only the resource kind and
 * loads the implementation by package name inside the provider process, so state stays about a
 * hundred bytes per resource, nothing secret or native (node:crypto, undici sockets) is captured,
 * and upgrading the package changes behaviour without state surgery.
 */
import type { ResourceKind } from "../dispatch";

export function providerSource(kind: ResourceKind): string {
    return `exports.handler = () => require("pulumi-r4/provider-runtime").provider(${JSON.stringify(kind)});\n`;
}
