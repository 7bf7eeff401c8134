/**
 * Zod's code generator (`z.compile`) for the responses a refresh parses most. A provider process
 * lives a few seconds, so zod's interpreter never warms up in it: compiled, a vault's listing of
 * 500 items parses in about 1.6 ms instead of 11–17 ms, and 500 item reads in 8–12 ms instead of
 * 15–20 ms (a fresh process, the emulator's answers). Compiling costs a few milliseconds, so a
 * schema is compiled the first time it is used, and only where it is used often or on large
 * answers. The compiled schema answers exactly as the original: a value its generated code cannot
 * accept is handed to zod's own parser, which gives the errors, and a schema the generator cannot
 * model stays uncompiled (`tests/unit/sdk/compiled-schemas.test.ts` compares both on valid and
 * broken answers).
 */
import { compile, type ZodType } from "zod";

export function compiledOnFirstUse<T extends ZodType>(schema: T): () => T {
    let compiled: T | undefined;
    return () => (compiled ??= compile(schema));
}
