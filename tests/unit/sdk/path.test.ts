import { strict as assert } from "node:assert";
import { path } from "../../../sdk/path";
import { R4Error } from "../../../sdk/errors";

describe("sdk/path", () => {
    it("interpolates ids as single encoded segments", () => {
        assert.equal(path`/vault/${"507f1f77bcf86cd799439011"}/items/${"abc"}`, "/vault/507f1f77bcf86cd799439011/items/abc");
        assert.equal(path`/agent/${"a b?c#d%e"}`, "/agent/a%20b%3Fc%23d%25e");
        assert.equal(path`/x/${42}`, "/x/42");
        assert.equal(path`/vault`, "/vault");
        assert.equal(path`/x/${"a..b"}`, "/x/a..b");
    });

    for (const bad of ["", ".", "..", "a/b", "../etc", "a\\b"]) {
        it(`refuses ${JSON.stringify(bad)}`, () => {
            assert.throws(() => path`/vault/${bad}`, (e: unknown) => R4Error.is(e) && e.code === "invalid_path_param");
        });
    }

    it("refuses non-string values at run time", () => {
        for (const bad of [undefined, null, {}, NaN, Infinity]) {
            assert.throws(() => path`/vault/${bad as unknown as string}`, (e: unknown) => R4Error.is(e) && e.code === "invalid_path_param");
        }
    });
});
