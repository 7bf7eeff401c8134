import { strict as assert } from "node:assert";
import { newDek, unwrapKey, wrapKey } from "../../../sdk/crypto";
import { IntegrityError, R4Error } from "../../../sdk/errors";
import { OTHER_PUBLIC_PEM, TEST_PRIVATE_PEM, TEST_PUBLIC_PEM, flipBase64, forgeOaepUnwrap, forgeOaepWrap } from "./helpers";

describe("DEK wrapping (RSA-OAEP, SHA-256, MGF1-SHA-256)", () => {
    it("round-trips a 32-byte DEK, randomised per wrap", () => {
        const dek = newDek();
        const a = wrapKey(dek, TEST_PUBLIC_PEM);
        const b = wrapKey(dek, TEST_PUBLIC_PEM);
        assert.notEqual(a, b);
        assert.equal(Buffer.from(a, "base64").length, 256);
        assert.deepEqual(unwrapKey(a, TEST_PRIVATE_PEM), dek);
        assert.deepEqual(unwrapKey(b, TEST_PRIVATE_PEM), dek);
    });

    it("forge unwraps ours and we unwrap forge's", () => {
        const dek = newDek();
        assert.deepEqual(forgeOaepUnwrap(TEST_PRIVATE_PEM, wrapKey(dek, TEST_PUBLIC_PEM)), dek);
        assert.deepEqual(unwrapKey(forgeOaepWrap(TEST_PUBLIC_PEM, dek), TEST_PRIVATE_PEM), dek);
    });

    it("a flipped byte, a key wrapped to someone else, or garbage is an IntegrityError", () => {
        const dek = newDek();
        const wrapped = wrapKey(dek, TEST_PUBLIC_PEM);
        const bad = [
            flipBase64(wrapped, 0), flipBase64(wrapped, 100), flipBase64(wrapped, 255),
            wrapKey(dek, OTHER_PUBLIC_PEM),
            "", "!!!!", wrapped.slice(4), `${wrapped}AAAA`,
        ];
        for (const w of bad) {
            assert.throws(() => unwrapKey(w, TEST_PRIVATE_PEM), (e: unknown) => {
                assert.ok(e instanceof IntegrityError);
                assert.match((e as Error).message, /fingerprint [0-9a-f]{64}/);
                assert.ok(!(e as Error).message.includes(dek.toString("hex")) && !(e as Error).message.includes(dek.toString("base64")));
                assert.doesNotMatch((e as Error).message, /BEGIN|MII/);
                return true;
            });
        }
    });

    it("refuses to unwrap something that is not 32 bytes", () => {
        const wrapped16 = forgeOaepWrap(TEST_PUBLIC_PEM, Buffer.alloc(16, 7));
        assert.throws(() => unwrapKey(wrapped16, TEST_PRIVATE_PEM), (e: unknown) => e instanceof IntegrityError && /not 32 bytes/.test(e.message));
    });

    it("refuses to wrap a DEK that is not 32 bytes", () => {
        assert.throws(() => wrapKey(Buffer.alloc(31), TEST_PUBLIC_PEM), (e: unknown) => R4Error.is(e) && e.code === "invalid_argument");
    });
});
