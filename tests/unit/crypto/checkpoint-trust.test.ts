import { strict as assert } from "node:assert";
import { CheckpointVersionTracker, SignerKey, fingerprint, signCheckpoint, verifyCheckpointWithSigners } from "../../../sdk/crypto";
import { IntegrityError } from "../../../sdk/errors";
import { OTHER_PUBLIC_PEM, TEST_PRIVATE_PEM, TEST_PUBLIC_PEM } from "./helpers";

const SIGNER = "507f1f77bcf86cd799439099";
const signers: SignerKey[] = [
    { encryptionKeyId: "507f1f77bcf86cd799439098", publicKey: OTHER_PUBLIC_PEM, fingerprint: fingerprint(OTHER_PUBLIC_PEM) },
    { encryptionKeyId: SIGNER, publicKey: TEST_PUBLIC_PEM, fingerprint: fingerprint(TEST_PUBLIC_PEM) },
];

describe("checkpoint trust (reader rules)", () => {
    const signed = signCheckpoint("vaultDirectory", { vaultId: "v1", version: 2, name: "n", dataClassification: "INTERNAL" }, TEST_PRIVATE_PEM, SIGNER);

    it("verifies with the key listed for the signer, pinned or not", () => {
        verifyCheckpointWithSigners("vaultDirectory", signed, signers);
        verifyCheckpointWithSigners("vaultDirectory", signed, signers, new Set([fingerprint(TEST_PUBLIC_PEM)]));
    });

    it("refuses an unlisted signer, a lying fingerprint, an unpinned key, a swapped key", () => {
        assert.throws(() => verifyCheckpointWithSigners("vaultDirectory", { ...signed, signerUserKeyPairId: "nobody" }, signers), /not among the vault's public keys/);
        const lying = signers.map((k) => ({ ...k, fingerprint: "00".repeat(32) }));
        assert.throws(() => verifyCheckpointWithSigners("vaultDirectory", signed, lying), /fingerprint does not match/);
        assert.throws(() => verifyCheckpointWithSigners("vaultDirectory", signed, signers, new Set([fingerprint(OTHER_PUBLIC_PEM)])), /not one of the pinned/);
        const swapped = [{ encryptionKeyId: SIGNER, publicKey: OTHER_PUBLIC_PEM, fingerprint: fingerprint(OTHER_PUBLIC_PEM) }];
        assert.throws(() => verifyCheckpointWithSigners("vaultDirectory", signed, swapped), IntegrityError);
        assert.throws(() => verifyCheckpointWithSigners("vaultDirectory", signed, [{ ...signers[1], publicKey: "junk" }]), IntegrityError);
    });

    it("refuses rollback and same-version equivocation, accepts repeats and advances", () => {
        const t = new CheckpointVersionTracker();
        t.observe("vaultSummary", "v1", { version: 3, name: "a" } as { version: number });
        t.observe("vaultSummary", "v1", { name: "a", version: 3 } as { version: number }); // same content, other key order
        assert.throws(() => t.observe("vaultSummary", "v1", { version: 2, name: "a" } as { version: number }), (e: unknown) => e instanceof IntegrityError && /rollback/.test(e.message));
        assert.throws(() => t.observe("vaultSummary", "v1", { version: 3, name: "b" } as { version: number }), /two different contents/);
        t.observe("vaultSummary", "v1", { version: 5, name: "c" } as { version: number });
        assert.equal(t.lastVersion("vaultSummary", "v1"), 5);
        t.observe("vaultItemDetail", "v1", { version: 1 }); // kinds are tracked apart
        t.observe("vaultSummary", "v2", { version: 1 });
        assert.throws(() => t.observe("vaultSummary", "v3", { version: 0 }), /no valid version/);
    });
});
