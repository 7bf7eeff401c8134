/**
 * Writes tests/fixtures/crypto-vectors.json. Run by hand, only when the protocol changes:
 *   npx ts-node --transpile-only tests/unit/crypto/generate-vectors.ts
 * The RSA test keys are kept from the existing file so the vectors stay comparable across
 * regenerations; delete the file to mint new keys. The keys are test-only and public.
 */
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import {
    CHECKPOINT_LABELS, CheckpointKind, canonicalize, checkpointBytes, encryptField, fingerprint, generateKeyPair,
    signCheckpoint, signKeyRotation, wrapKey,
} from "../../../sdk/crypto";

const FILE = join(__dirname, "../../fixtures/crypto-vectors.json");

const SIGNER_ID = "507f1f77bcf86cd799439099";
const VAULT_ID = "507f1f77bcf86cd799439011";
const ITEM_ID = "507f1f77bcf86cd799439018";

const CHECKPOINTS: Record<CheckpointKind, unknown> = {
    vaultSummary: {
        vaultId: VAULT_ID, version: 9, name: "Production Secrets", dataClassification: "CONFIDENTIAL", currentDekVersion: 3,
        items: [{ id: ITEM_ID, name: "Production Database", type: "LOGIN", websites: ["https://db.example.com"], groupId: null }],
        groups: [],
    },
    vaultItemDetail: {
        vaultItemId: ITEM_ID, vaultId: VAULT_ID, version: 12, name: "Production Database", type: "LOGIN",
        websites: ["https://db.example.com"], groupId: null,
        fields: [
            { id: "507f1f77bcf86cd799439019", name: "Username", type: "TEXT", order: 0, fieldInstanceIds: ["507f1f77bcf86cd799439051"], assetIds: [] },
            { id: "507f1f77bcf86cd799439020", name: "Password", type: "PASSWORD", order: 1, fieldInstanceIds: ["507f1f77bcf86cd799439052"], assetIds: [] },
        ],
    },
    vaultDirectory: { vaultId: VAULT_ID, version: 4, name: "Production Secrets – EU", dataClassification: "CONFIDENTIAL" },
    permission: {
        assetId: VAULT_ID, assetType: "VAULT", version: 4,
        permissions: [
            { entityId: "507f1f77bcf86cd799439031", entityType: "agent", access: "ADMIN" },
            { entityId: "507f1f77bcf86cd799439032", entityType: "agent", access: "READ" },
        ],
    },
};

const DEK_HEX = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
const IV_HEX = "cafebabefacedbaddecaf888";
const FIELD_CTX = { vaultId: VAULT_ID, vaultItemId: ITEM_ID, fieldId: "507f1f77bcf86cd799439020" };
const PLAINTEXTS = ["correct horse battery staple", "", "pässwörd – €100 😀", "line one\nline two\t\"quoted\"\\"];

async function main(): Promise<void> {
    let keys: { privateKeyPem: string; publicKeyPem: string; rotatedPublicKeyPem: string };
    if (existsSync(FILE)) {
        keys = JSON.parse(readFileSync(FILE, "utf8")).keys;
    } else {
        const a = await generateKeyPair(2048);
        const b = await generateKeyPair(2048);
        keys = { privateKeyPem: a.privateKeyPem, publicKeyPem: a.publicKeyPem, rotatedPublicKeyPem: b.publicKeyPem };
    }
    const dek = Buffer.from(DEK_HEX, "hex");
    const iv = Buffer.from(IV_HEX, "hex");

    const vectors = {
        description: "R4 client crypto test vectors; see docs/protocol.md. The private key is a public, test-only key. " +
            "Signatures and OAEP outputs are randomised: they must verify/unwrap to the stated values, not be reproduced byte for byte.",
        keys: { ...keys, fingerprint: fingerprint(keys.publicKeyPem), rotatedFingerprint: fingerprint(keys.rotatedPublicKeyPem) },
        checkpoints: (Object.keys(CHECKPOINTS) as CheckpointKind[]).map((kind) => {
            const signed = signCheckpoint(kind, CHECKPOINTS[kind], keys.privateKeyPem, SIGNER_ID);
            return {
                kind,
                label: CHECKPOINT_LABELS[kind],
                checkpoint: CHECKPOINTS[kind],
                canonical: canonicalize(CHECKPOINTS[kind]),
                signingBytesHex: checkpointBytes(kind, CHECKPOINTS[kind]).toString("hex"),
                signed,
            };
        }),
        envelopes: {
            dekHex: DEK_HEX,
            ivHex: IV_HEX,
            context: FIELD_CTX,
            aad: `r4.field.v3|${FIELD_CTX.vaultId}|${FIELD_CTX.vaultItemId}|${FIELD_CTX.fieldId}`,
            cases: PLAINTEXTS.map((plaintext) => ({ plaintext, envelope: encryptField(dek, plaintext, FIELD_CTX, iv) })),
            // Each must fail with IntegrityError when opened with `context` and `dekHex`.
            mustFail: [] as { why: string; envelope: string }[],
        },
        keyWrap: { dekHex: DEK_HEX, wrappedKey: wrapKey(dek, keys.publicKeyPem) },
        keyRotation: {
            label: "r4.key-rotation.v1",
            signingInput: `r4.key-rotation.v1\n${fingerprint(keys.rotatedPublicKeyPem)}`,
            signature: signKeyRotation(keys.privateKeyPem, keys.rotatedPublicKeyPem),
        },
    };
    const good = vectors.envelopes.cases[0].envelope;
    const other = { ...FIELD_CTX, fieldId: "507f1f77bcf86cd799439019" };
    vectors.envelopes.mustFail.push(
        { why: "encrypted for another field of the same item", envelope: encryptField(dek, PLAINTEXTS[0], other, iv) },
        { why: "version 2", envelope: good.replace('"v":3', '"v":2') },
        { why: "truncated tag", envelope: good.replace(/"t":"[^"]*"/, `"t":"${Buffer.alloc(12).toString("base64")}"`) },
        { why: "extra property", envelope: good.replace("{", '{"x":1,') },
    );
    writeFileSync(FILE, JSON.stringify(vectors, null, 2) + "\n");
    console.log(`wrote ${FILE}`);
}

main().catch((err) => {
    console.error(err);
    process.exit(1);
});
