import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { z } from "zod";
import { GetVaultItemResponse, ListVaultItemsResponse } from "../../../sdk/schemas";
import { compiledOnFirstUse } from "../../../sdk/schemas/compiled";

const dir = join(__dirname, "../../fixtures/page-examples");
const examples = JSON.parse(readFileSync(join(dir, "index.json"), "utf8")).examples as { file: string; schema: string; at?: string }[];

function pageExample(schema: string): unknown {
    const ex = examples.find((e) => e.schema === schema);
    assert.ok(ex, `no page example for ${schema}`);
    const value = JSON.parse(readFileSync(join(dir, ex.file), "utf8"));
    return ex.at ? value[ex.at] : value;
}

/** Every value that differs from `value` at one place: a key removed, or a value of another kind. */
function* brokenCopies(value: unknown): Generator<[string, unknown]> {
    const replacements: unknown[] = [null, 42, "x", "", [], {}, true, -1];
    function* walk(node: unknown, at: string[]): Generator<[string, unknown]> {
        if (node === null || typeof node !== "object") return;
        for (const key of Object.keys(node)) {
            const path = [...at, key];
            yield [`${path.join(".")} removed`, replaced(value, path, undefined)];
            for (const r of replacements) yield [`${path.join(".")} = ${JSON.stringify(r)}`, replaced(value, path, r)];
            yield* walk((node as Record<string, unknown>)[key], path);
        }
    }
    yield* walk(value, []);
}

function replaced(root: unknown, path: string[], value: unknown): unknown {
    const copy = structuredClone(root) as Record<string, unknown>;
    let node = copy;
    for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
    const last = path[path.length - 1];
    if (value === undefined && !Array.isArray(node)) delete node[last];
    else node[last] = value;
    return copy;
}

function assertSameAnswers(original: z.ZodType, compiled: z.ZodType, value: unknown, what: string): void {
    const a = original.safeParse(value);
    const b = compiled.safeParse(value);
    assert.equal(b.success, a.success, `${what}: compiled ${b.success ? "accepts" : "refuses"}, zod's parser ${a.success ? "accepts" : "refuses"}`);
    if (a.success && b.success) assert.deepEqual(b.data, a.data, what);
    if (!a.success && !b.success) assert.deepEqual(b.error.issues, a.error.issues, what);
}

describe("sdk/schemas/compiled: the compiled read responses answer exactly as zod's parser", () => {
    const cases: [string, z.ZodType, unknown][] = [
        ["GetVaultItemResponse", GetVaultItemResponse, pageExample("GetVaultItemResponse")],
        ["ListVaultItemsResponse", ListVaultItemsResponse, pageExample("ListVaultItemsResponse")],
    ];
    for (const [name, original, example] of cases) {
        it(`${name}: the page example, and every copy broken at one place`, () => {
            const compiled = compiledOnFirstUse(original)();
            assert.notEqual(compiled, original, "the schema was compiled (a clone), not handed back as is");
            assert.ok(original.safeParse(example).success, "the page example is valid");
            assertSameAnswers(original, compiled, example, "page example");
            let broken = 0;
            for (const [what, value] of brokenCopies(example)) {
                assertSameAnswers(original, compiled, value, what);
                if (!original.safeParse(value).success) broken++;
            }
            assert.ok(broken >= 20, `only ${broken} broken copies were refused: the mutations are not exercising the schema`);
        });
    }

    it("compiles once, on first use", () => {
        const get = compiledOnFirstUse(GetVaultItemResponse);
        assert.equal(get(), get());
    });
});
