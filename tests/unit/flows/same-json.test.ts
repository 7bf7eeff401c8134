import { strict as assert } from "node:assert";
import { canonicalize } from "../../../sdk/crypto";
import { R4Error } from "../../../sdk/errors";
import { sameJson } from "../../../sdk/flows/verify";

describe("flows: sameJson, equality as the signature sees it", () => {
    const layout = (order: number, ids: string[]) => ({ id: "f1", name: "Password", type: "PASSWORD", order, fieldInstanceIds: ids, assetIds: [] });

    it("agrees with comparing canonical text, for every JSON shape a read compares", () => {
        const values: unknown[] = [
            "a", "", "1", 1, 0, -0, 1.5, 1e21, true, false, null,
            [], [1], ["1"], [1, 2], [2, 1], [[1]], [null],
            {}, { a: 1 }, { a: "1" }, { a: 1, b: 2 }, { b: 2, a: 1 }, { a: [1, { c: null }] }, { a: [1, { c: false }] },
            layout(0, ["i1"]), layout(1, ["i1"]), layout(0, ["i2"]), { ...layout(0, ["i1"]), extra: "x" },
            [layout(0, ["i1"]), layout(1, ["i2"])], [layout(1, ["i2"]), layout(0, ["i1"])],
        ];
        for (const a of values) {
            for (const b of values) {
                assert.equal(sameJson(a, b), canonicalize(a) === canonicalize(b), `${canonicalize(a)} vs ${canonicalize(b)}`);
            }
        }
    });

    it("compares objects in any key order, and treats an absent value as null", () => {
        assert.equal(sameJson({ name: "x", websites: ["a"] }, { websites: ["a"], name: "x" }), true);
        assert.equal(sameJson(undefined, null), true);
        assert.equal(sameJson(undefined, []), false);
    });

    it("still refuses what JSON cannot represent", () => {
        const refused = (e: unknown) => R4Error.is(e) && e.code === "invalid_canonical_json";
        assert.throws(() => sameJson({ a: Number.NaN }, { a: Number.NaN }), refused);
        assert.throws(() => sameJson([undefined], [undefined]), refused);
        assert.throws(() => sameJson({ a: new Date(0) }, { a: new Date(0) }), refused);
    });
});
