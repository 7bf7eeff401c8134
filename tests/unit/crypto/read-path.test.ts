/**
 * The read path's shortcuts keep their guarantees: verification hands back the exact canonical
 * text it verified (and the version tracker then compares contents with it), error paths from the
 * canonicaliser still name the failing value, and the field cipher's key is never stale.
 */
import { strict as assert } from "node:assert";
import { randomBytes } from "node:crypto";
import { canonicalize, CheckpointVersionTracker, decryptField, encryptField, fingerprint, signCheckpoint, verifyCheckpoint, verifyCheckpointWithSigners } from "../../../sdk/crypto";
import { IntegrityError, R4Error } from "../../../sdk/errors";
import { TEST_PRIVATE_PEM, TEST_PUBLIC_PEM } from "./helpers";

const SIGNER = "507f1f77bcf86cd799439099";

describe("read path shortcuts", () => {
    const detail = { vaultItemId: "i1", vaultId: "v1", version: 2, name: "Svc \"q\" é 😀", type: "LOGIN", websites: [], groupId: null, fields: [{ id: "f1", name: "P", type: "PASSWORD", order: 0, fieldInstanceIds: ["x"], assetIds: [] }] };
    const signed = signCheckpoint("vaultItemDetail", detail, TEST_PRIVATE_PEM, SIGNER);

    it("verification returns the canonical JSON it verified", () => {
        assert.equal(verifyCheckpoint("vaultItemDetail", signed, TEST_PUBLIC_PEM), canonicalize(detail));
        const signers = [{ encryptionKeyId: SIGNER, publicKey: TEST_PUBLIC_PEM, fingerprint: fingerprint(TEST_PUBLIC_PEM) }];
        assert.equal(verifyCheckpointWithSigners("vaultItemDetail", signed, signers), canonicalize(detail));
    });

    it("refuses a changed checkpoint, a flipped or truncated signature, a non-string one, another label and an unlisted signer", () => {
        const signers = [{ encryptionKeyId: SIGNER, publicKey: TEST_PUBLIC_PEM, fingerprint: fingerprint(TEST_PUBLIC_PEM) }];
        const refusals = [
            { ...signed, checkpoint: { ...detail, name: "Other" } },
            { ...signed, signature: Buffer.from(Buffer.from(signed.signature, "base64").map((b, i) => (i === 7 ? b ^ 1 : b))).toString("base64") },
            { ...signed, signature: signed.signature.slice(4) },
            { ...signed, signature: 42 as unknown as string },
        ];
        for (const bad of refusals) {
            assert.throws(() => verifyCheckpoint("vaultItemDetail", bad, TEST_PUBLIC_PEM), IntegrityError);
            assert.throws(() => verifyCheckpointWithSigners("vaultItemDetail", bad, signers), IntegrityError);
        }
        assert.throws(() => verifyCheckpoint("vaultSummary", signed, TEST_PUBLIC_PEM), IntegrityError); // another label
        assert.throws(() => verifyCheckpointWithSigners("vaultItemDetail", { ...signed, signerUserKeyPairId: "nobody" }, signers), /not among the vault's public keys/);
    });

    it("still refuses a tampered checkpoint, and the tracker compares the canonical text it is given", () => {
        const tampered = { ...signed, checkpoint: { ...detail, name: "Other" } };
        assert.throws(() => verifyCheckpoint("vaultItemDetail", tampered, TEST_PUBLIC_PEM), IntegrityError);
        const t = new CheckpointVersionTracker();
        t.observe("vaultItemDetail", "i1", detail, verifyCheckpoint("vaultItemDetail", signed, TEST_PUBLIC_PEM));
        t.observe("vaultItemDetail", "i1", { ...detail }); // same content, computed by the tracker
        assert.throws(() => t.observe("vaultItemDetail", "i1", tampered.checkpoint, canonicalize(tampered.checkpoint)), /two different contents/);
        assert.throws(() => t.observe("vaultItemDetail", "i1", { ...detail, version: 1 }), /rollback/);
    });

    it("names the failing value's path when canonicalisation fails", () => {
        const message = (v: unknown) => {
            try {
                canonicalize(v);
            } catch (err) {
                assert.ok(err instanceof R4Error);
                return err.message;
            }
            assert.fail("expected a failure");
        };
        assert.match(message({ a: [1, { "b-c": [undefined] }] }), /value at \$\.a\[1\]\["b-c"\]\[0\] is undefined/);
        assert.match(message({ ok: "x", bad: "\ud800" }), /value at \$\.bad contains an unpaired UTF-16 surrogate at index 0/);
        assert.match(message({ n: [Infinity] }), /value at \$\.n\[0\] is Infinity/);
        const loop: Record<string, unknown> = { a: {} };
        (loop.a as Record<string, unknown>).back = loop;
        assert.match(message(loop), /value at \$\.a\.back is a circular reference/);
        assert.match(message({ ["\ud800"]: 1 }), /contains an unpaired UTF-16 surrogate/);
        // The same object twice, side by side, is not a cycle.
        const shared = { x: 1 };
        assert.equal(canonicalize([shared, shared]), '[{"x":1},{"x":1}]');
    });

    it("decrypts with the DEK's current bytes only (no stale key after the caller overwrites it)", () => {
        const dek = randomBytes(32);
        const ctx = { vaultId: "v1", vaultItemId: "i1", fieldId: "f1" };
        const envelope = encryptField(dek, "s3cret", ctx);
        assert.equal(decryptField(dek, envelope, ctx), "s3cret");
        dek.fill(0);
        assert.throws(() => decryptField(dek, envelope, ctx), /authentication failed/);
    });
});
