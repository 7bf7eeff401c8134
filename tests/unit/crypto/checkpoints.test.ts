import { strict as assert } from "node:assert";
import { CHECKPOINT_LABELS, CheckpointKind, SignedCheckpoint, checkpointBytes, loadPrivateKey, signCheckpoint, verifyCheckpoint } from "../../../sdk/crypto";
import { IntegrityError, R4Error } from "../../../sdk/errors";
import { OTHER_PUBLIC_PEM, TEST_PRIVATE_PEM, TEST_PUBLIC_PEM, flipBase64, forgePssSign, forgePssVerify, vectors } from "./helpers";

const SIGNER = "507f1f77bcf86cd799439099";
const summary = () => structuredClone(vectors.checkpoints.find((c: { kind: string }) => c.kind === "vaultSummary").checkpoint);

function isIntegrity(pattern?: RegExp) {
    return (e: unknown) => {
        assert.ok(e instanceof IntegrityError, `expected IntegrityError, got ${String(e)}`);
        assert.equal((e as IntegrityError).code, "integrity_error");
        if (pattern) assert.match((e as Error).message, pattern);
        return true;
    };
}

describe("checkpoints", () => {
    it("labels are the protocol's", () => {
        assert.deepEqual(CHECKPOINT_LABELS, {
            vaultSummary: "r4.checkpoint.vault-summary.v1",
            vaultItemDetail: "r4.checkpoint.vault-item-detail.v1",
            vaultDirectory: "r4.checkpoint.vault-directory.v1",
            permission: "r4.checkpoint.permission.v1",
        });
    });

    it("signs LABEL + newline + JCS, as UTF-8", () => {
        const bytes = checkpointBytes("vaultDirectory", { version: 2, vaultId: "v", name: "Café", dataClassification: null });
        assert.equal(bytes.toString("utf8"), 'r4.checkpoint.vault-directory.v1\n{"dataClassification":null,"name":"Café","vaultId":"v","version":2}');
        assert.equal(bytes.length, Buffer.byteLength(bytes.toString("utf8"), "utf8"));
    });

    it("round-trips for every kind, with a PEM or a KeyObject", () => {
        for (const kind of Object.keys(CHECKPOINT_LABELS) as CheckpointKind[]) {
            const signed = signCheckpoint(kind, { version: 1, x: kind }, TEST_PRIVATE_PEM, SIGNER);
            assert.equal(signed.signerUserKeyPairId, SIGNER);
            assert.match(signed.signature, /^[A-Za-z0-9+/]+={0,2}$/);
            assert.equal(Buffer.from(signed.signature, "base64").length, 256);
            verifyCheckpoint(kind, signed, TEST_PUBLIC_PEM);
        }
        const signed = signCheckpoint("vaultSummary", summary(), loadPrivateKey(TEST_PRIVATE_PEM), SIGNER);
        verifyCheckpoint("vaultSummary", signed, loadPrivateKey(TEST_PRIVATE_PEM)); // a private KeyObject verifies via its public half
    });

    it("is randomised (PSS salt) yet every signature verifies", () => {
        const a = signCheckpoint("vaultSummary", summary(), TEST_PRIVATE_PEM, SIGNER);
        const b = signCheckpoint("vaultSummary", summary(), TEST_PRIVATE_PEM, SIGNER);
        assert.notEqual(a.signature, b.signature);
        verifyCheckpoint("vaultSummary", a, TEST_PUBLIC_PEM);
        verifyCheckpoint("vaultSummary", b, TEST_PUBLIC_PEM);
    });

    it("verification does not depend on key order (JCS)", () => {
        const signed = signCheckpoint("vaultSummary", summary(), TEST_PRIVATE_PEM, SIGNER);
        const reordered = Object.fromEntries(Object.entries(signed.checkpoint as object).reverse());
        verifyCheckpoint("vaultSummary", { ...signed, checkpoint: reordered }, TEST_PUBLIC_PEM);
    });

    describe("interoperates with node-forge", () => {
        it("forge verifies our signature over the same bytes (PSS, SHA-256, MGF1-SHA-256, salt 32)", () => {
            const signed = signCheckpoint("vaultItemDetail", { version: 3, name: "é😀" }, TEST_PRIVATE_PEM, SIGNER);
            const bytes = checkpointBytes("vaultItemDetail", signed.checkpoint);
            assert.equal(forgePssVerify(TEST_PUBLIC_PEM, bytes, signed.signature), true);
            assert.equal(forgePssVerify(TEST_PUBLIC_PEM, checkpointBytes("vaultSummary", signed.checkpoint), signed.signature), false);
        });

        it("we verify forge's signature", () => {
            const checkpoint = summary();
            const signature = forgePssSign(TEST_PRIVATE_PEM, checkpointBytes("vaultSummary", checkpoint));
            verifyCheckpoint("vaultSummary", { checkpoint, signerUserKeyPairId: SIGNER, signature }, TEST_PUBLIC_PEM);
        });
    });

    describe("tampering is an IntegrityError", () => {
        let signed: SignedCheckpoint;
        beforeEach(() => {
            signed = signCheckpoint("vaultSummary", summary(), TEST_PRIVATE_PEM, SIGNER);
        });

        it("one flipped signature byte (first, middle, last)", () => {
            for (const i of [0, 128, 255]) {
                const bad = { ...signed, signature: flipBase64(signed.signature, i) };
                assert.throws(() => verifyCheckpoint("vaultSummary", bad, TEST_PUBLIC_PEM), isIntegrity(/vaultSummary checkpoint .*signed by "507f1f77bcf86cd799439099"/));
            }
        });

        it("changed content: name, version, an item, an added property", () => {
            const edits: ((c: Record<string, any>) => void)[] = [
                (c) => { c.name = "Production Secret"; },
                (c) => { c.version = 10; },
                (c) => { c.items[0].websites.push("https://evil.example"); },
                (c) => { c.extra = null; },
            ];
            for (const edit of edits) {
                const checkpoint = structuredClone(signed.checkpoint) as Record<string, any>;
                edit(checkpoint);
                assert.throws(() => verifyCheckpoint("vaultSummary", { ...signed, checkpoint }, TEST_PUBLIC_PEM), isIntegrity());
            }
        });

        it("the label: signed as one kind, verified as another", () => {
            for (const kind of ["vaultItemDetail", "vaultDirectory", "permission"] as const) {
                assert.throws(() => verifyCheckpoint(kind, signed, TEST_PUBLIC_PEM), isIntegrity(new RegExp(`^${kind} checkpoint`)));
            }
        });

        it("another signer's key", () => {
            assert.throws(() => verifyCheckpoint("vaultSummary", signed, OTHER_PUBLIC_PEM), isIntegrity());
        });

        it("malformed envelopes and signatures", () => {
            const cases: unknown[] = [
                null,
                { ...signed, checkpoint: null },
                { ...signed, signature: 42 },
                { ...signed, signerUserKeyPairId: undefined },
                { ...signed, signature: "" },
                { ...signed, signature: signed.signature.replace(/=*$/, "") }, // unpadded
                { ...signed, signature: signed.signature.replace(/\+/g, "-").replace(/\//g, "_") + (signed.signature.includes("+") || signed.signature.includes("/") ? "" : "!") }, // base64url
                { ...signed, signature: ` ${signed.signature}` },
                { ...signed, signature: Buffer.from(signed.signature, "base64").subarray(1).toString("base64") }, // short
                { ...signed, checkpoint: { n: Number.NaN } },
            ];
            for (const bad of cases) {
                assert.throws(() => verifyCheckpoint("vaultSummary", bad as SignedCheckpoint, TEST_PUBLIC_PEM), isIntegrity());
            }
        });
    });

    it("error messages carry no key material or checkpoint content", () => {
        const signed = signCheckpoint("vaultSummary", summary(), TEST_PRIVATE_PEM, SIGNER);
        const bad = { ...signed, checkpoint: { ...(signed.checkpoint as object), name: "TOP-SECRET-NAME" } };
        try {
            verifyCheckpoint("vaultSummary", bad, TEST_PUBLIC_PEM);
            assert.fail("should have thrown");
        } catch (e) {
            const text = `${(e as Error).message} ${(e as Error).stack}`;
            assert.doesNotMatch(text, /TOP-SECRET-NAME/);
            assert.doesNotMatch(text, /BEGIN|MII/);
            assert.ok(!text.includes(signed.signature.slice(0, 16)));
        }
    });

    it("refuses to sign without a signer id, or with an unknown kind", () => {
        assert.throws(() => signCheckpoint("vaultSummary", {}, TEST_PRIVATE_PEM, ""), (e: unknown) => R4Error.is(e) && e.code === "invalid_argument");
        assert.throws(() => signCheckpoint("nope" as CheckpointKind, {}, TEST_PRIVATE_PEM, SIGNER), /Unknown checkpoint kind "nope"/);
        assert.throws(() => signCheckpoint("vaultSummary", { a: undefined }, TEST_PRIVATE_PEM, SIGNER), /invalid|undefined/i);
    });
});
