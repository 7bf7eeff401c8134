/**
 * Checks every vector in tests/fixtures/crypto-vectors.json. The file is the contract other
 * implementations (the emulator, other clients) test themselves against, so it is checked both
 * with our code and, where the scheme allows, with node-forge.
 */
import { strict as assert } from "node:assert";
import {
    CHECKPOINT_LABELS, CheckpointKind, canonicalize, checkpointBytes, decryptField, encryptField, fieldAad, fingerprint,
    loadPrivateKey, unwrapKey, verifyCheckpoint, verifyKeyRotation,
} from "../../../sdk/crypto";
import { IntegrityError } from "../../../sdk/errors";
import { forgeFingerprint, forgeGcmDecrypt, forgeOaepUnwrap, forgePssVerify, vectors } from "./helpers";

interface CheckpointVector { kind: CheckpointKind; label: string; checkpoint: unknown; canonical: string; signingBytesHex: string; signed: { checkpoint: Record<string, unknown>; signerUserKeyPairId: string; signature: string } }

describe("crypto vectors (tests/fixtures/crypto-vectors.json)", () => {
    const { keys, envelopes, keyWrap, keyRotation } = vectors;
    const checkpoints: CheckpointVector[] = vectors.checkpoints;
    const dek = Buffer.from(envelopes.dekHex, "hex");

    it("covers every checkpoint kind", () => {
        assert.deepEqual(checkpoints.map((c) => c.kind).sort(), Object.keys(CHECKPOINT_LABELS).sort());
    });

    it("key fingerprints", () => {
        assert.equal(fingerprint(keys.publicKeyPem), keys.fingerprint);
        assert.equal(forgeFingerprint(keys.publicKeyPem), keys.fingerprint);
        assert.equal(fingerprint(loadPrivateKey(keys.privateKeyPem)), keys.fingerprint);
        assert.equal(fingerprint(keys.rotatedPublicKeyPem), keys.rotatedFingerprint);
    });

    for (const v of checkpoints) {
        describe(`checkpoint ${v.kind}`, () => {
            it("label, canonical JSON and signing bytes", () => {
                assert.equal(v.label, CHECKPOINT_LABELS[v.kind]);
                assert.equal(canonicalize(v.checkpoint), v.canonical);
                assert.equal(checkpointBytes(v.kind, v.checkpoint).toString("hex"), v.signingBytesHex);
                assert.equal(Buffer.from(v.signingBytesHex, "hex").toString("utf8"), `${v.label}\n${v.canonical}`);
            });

            it("signature verifies (ours and forge's check), and not under any other label", () => {
                verifyCheckpoint(v.kind, v.signed, keys.publicKeyPem);
                assert.equal(forgePssVerify(keys.publicKeyPem, Buffer.from(v.signingBytesHex, "hex"), v.signed.signature), true);
                for (const other of Object.keys(CHECKPOINT_LABELS) as CheckpointKind[]) {
                    if (other !== v.kind) assert.throws(() => verifyCheckpoint(other, v.signed, keys.publicKeyPem), IntegrityError);
                }
            });
        });
    }

    it("envelope AAD", () => {
        assert.equal(fieldAad(envelopes.context).toString("utf8"), envelopes.aad);
    });

    for (const [i, c] of (envelopes.cases as { plaintext: string; envelope: string }[]).entries()) {
        it(`envelope case ${i}: fixed IV reproduces the envelope exactly, and it opens (ours and forge)`, () => {
            assert.equal(encryptField(dek, c.plaintext, envelopes.context, Buffer.from(envelopes.ivHex, "hex")), c.envelope);
            assert.equal(decryptField(dek, c.envelope, envelopes.context), c.plaintext);
            const e = JSON.parse(c.envelope);
            const opened = forgeGcmDecrypt(dek, Buffer.from(e.iv, "base64"), Buffer.from(envelopes.aad, "utf8"), Buffer.from(e.t, "base64"), Buffer.from(e.d, "base64"));
            assert.equal(opened?.toString("utf8"), c.plaintext);
        });
    }

    for (const bad of envelopes.mustFail as { why: string; envelope: string }[]) {
        it(`envelope must fail: ${bad.why}`, () => {
            assert.throws(() => decryptField(dek, bad.envelope, envelopes.context), IntegrityError);
        });
    }

    it("wrapped key unwraps to the DEK (ours and forge)", () => {
        assert.equal(unwrapKey(keyWrap.wrappedKey, keys.privateKeyPem).toString("hex"), keyWrap.dekHex);
        assert.equal(forgeOaepUnwrap(keys.privateKeyPem, keyWrap.wrappedKey).toString("hex"), keyWrap.dekHex);
    });

    it("key-rotation signature verifies over the stated input", () => {
        assert.equal(keyRotation.signingInput, `${keyRotation.label}\n${keys.rotatedFingerprint}`);
        verifyKeyRotation(keys.publicKeyPem, keys.rotatedPublicKeyPem, keyRotation.signature);
        assert.equal(forgePssVerify(keys.publicKeyPem, Buffer.from(keyRotation.signingInput, "utf8"), keyRotation.signature), true);
    });
});
