import { strict as assert } from "node:assert";
import { decryptField, encryptField, generateKeyPair, randomId, signKeyRotation, unwrapKey, verifyCheckpoint } from "../../sdk/crypto";
import { startWorld, World } from "./world";

describe("emulator: vaults, items and checkpoint rules", () => {
    let w: World;
    beforeEach(async () => (w = await startWorld()));
    afterEach(() => w.close());

    it("creates a vault and an item, and serves ciphertext, signed checkpoints and the wrapped key", async () => {
        const vaultId = await w.vault();
        const { id, body } = w.itemBody(vaultId, 2, { Password: "hunter2" });
        assert.equal((await w.call("POST", `/vault/${vaultId}/items`, body)).status, 201);

        const list = await w.call("GET", `/vault/${vaultId}/items`);
        assert.equal(list.status, 200);
        assert.equal(list.body.count, 1);
        assert.equal(list.body.summaryCheckpoint.checkpoint.version, 2);
        const keys = await w.call("GET", `/vault/${vaultId}/public-keys`);
        const signer = keys.body.keys.find((k: any) => k.encryptionKeyId === w.creds.encryptionKeyId);
        verifyCheckpoint("vaultSummary", list.body.summaryCheckpoint, signer.publicKey);

        const detail = await w.call("GET", `/vault/${vaultId}/items/${id}`);
        assert.equal(detail.body.fields[0].value, body.fields[0].encryptedValue, "ciphertext is stored exactly as given");
        const wrapped = await w.call("GET", `/vault/${vaultId}/wrapped-key`);
        const dek = unwrapKey(wrapped.body.wrappedKey, w.creds.privateKeyPem);
        assert.equal(decryptField(dek, detail.body.fields[0].value, { vaultId, vaultItemId: id, fieldId: body.fields[0].id }), "hunter2");

        const field = await w.call("GET", `/vault/${vaultId}/fields/${body.fields[0].id}`);
        assert.equal(field.status, 200);
        assert.equal(field.body.detailCheckpoint.checkpoint.version, 1);

        const vaults = await w.call("GET", "/vault");
        assert.deepEqual(vaults.body.vaults.map((v: any) => [v.id, v.itemCount]), [[vaultId, 1]]);
    });

    it("updates fields (add, update, delete) with a detail checkpoint, and archives item then vault", async () => {
        const vaultId = await w.vault();
        const { id, body, detail } = w.itemBody(vaultId, 2, { A: "1", B: "2" });
        await w.call("POST", `/vault/${vaultId}/items`, body);
        const newField = randomId(), newInst = randomId(), updInst = randomId();
        const [a, b] = body.fields;
        const enc = (fieldId: string, v: string) => encryptField(w.dek, v, { vaultId, vaultItemId: id, fieldId });
        const nextDetail = { ...detail, version: 2, fields: [
            { id: a.id, name: "A", type: "PASSWORD", order: 0, fieldInstanceIds: [updInst], assetIds: [] },
            { id: newField, name: "C", type: "TEXT", order: 2, fieldInstanceIds: [newInst], assetIds: [] },
        ] };
        const r = await w.call("PATCH", `/vault-item/${id}/update`, {
            detailCheckpoint: w.sign("vaultItemDetail", nextDetail),
            updates: [
                { action: "update", id: a.id, fieldInstanceId: updInst, encryptedValue: enc(a.id, "1b") },
                { action: "add", id: newField, fieldInstanceId: newInst, name: "C", type: "TEXT", encryptedValue: enc(newField, "3") },
                { action: "delete", id: b.id },
            ],
        });
        assert.equal(r.status, 200, JSON.stringify(r.body));
        const got = await w.call("GET", `/vault/${vaultId}/items/${id}`);
        assert.deepEqual(got.body.fields.map((f: any) => f.name), ["A", "C"]);
        assert.equal((await w.call("GET", `/vault/${vaultId}/fields/${b.id}`)).status, 404);

        const del = await w.call("DELETE", `/vault/${vaultId}/items/${id}`, { summaryCheckpoint: w.summary(vaultId, 3, []) });
        assert.equal(del.status, 204);
        assert.equal((await w.call("GET", `/vault/${vaultId}/items/${id}`)).status, 404);
        assert.equal((await w.call("GET", `/vault/${vaultId}/items`)).body.count, 0);
        assert.equal((await w.call("DELETE", `/vault/${vaultId}`, { summaryCheckpoint: w.summary(vaultId, 4, []) })).status, 204);
        assert.equal((await w.call("GET", `/vault/${vaultId}`)).status, 404);
        assert.deepEqual((await w.call("GET", "/vault")).body.vaults, []);
    });

    it("renames a vault with directory + summary checkpoints and moves an item with re-encrypted values", async () => {
        const v1 = await w.vault("Vault"), v2 = await w.vault("Vault");
        const { id, body, detail } = w.itemBody(v1, 2, { P: "x" });
        await w.call("POST", `/vault/${v1}/items`, body);
        const rename = await w.call("PATCH", `/vault/${v2}/update`, {
            name: "Renamed",
            directoryCheckpoint: w.sign("vaultDirectory", { vaultId: v2, version: 1, name: "Renamed", dataClassification: "CONFIDENTIAL" }),
            summaryCheckpoint: w.summary(v2, 2, [], "Renamed"),
        });
        assert.equal(rename.status, 200, JSON.stringify(rename.body));
        const inst = randomId();
        const move = await w.call("PATCH", `/vault-item/${id}/move`, {
            vaultId: v2,
            detailCheckpoint: w.sign("vaultItemDetail", { ...detail, vaultId: v2, version: 2, fields: [{ ...detail.fields[0], fieldInstanceIds: [inst] }] }),
            sourceVaultSummaryCheckpoint: w.summary(v1, 3, []),
            targetVaultSummaryCheckpoint: w.summary(v2, 3, [{ id, name: "Item", type: "LOGIN", websites: [], groupId: null }], "Renamed"),
            reEncryptedFieldValues: [{ fieldId: body.fields[0].id, fieldInstanceId: inst, encryptedValue: encryptField(w.dek, "x", { vaultId: v2, vaultItemId: id, fieldId: body.fields[0].id }) }],
        });
        assert.equal(move.status, 200, JSON.stringify(move.body));
        assert.equal((await w.call("GET", `/vault/${v2}/items/${id}`)).status, 200);
        assert.equal((await w.call("GET", `/vault/${v1}/items/${id}`)).status, 404);
    });

    it("changes a vault's project association in place", async () => {
        const p = await w.call("POST", "/project", { name: "P" });
        const vaultId = await w.vault();
        const r = await w.call("PATCH", `/vault/${vaultId}/project`, { projectId: p.body.id });
        assert.equal(r.body.projectId, p.body.id);
        assert.deepEqual((await w.call("GET", `/vault?projectId=${p.body.id}`)).body.vaults.map((v: any) => v.id), [vaultId]);
        assert.equal((await w.call("PATCH", `/vault/${vaultId}/project`, { projectId: null })).body.projectId, null);
    });

    describe("checkpoint refusals", () => {
        it("bad signature → 400 invalid_signature", async () => {
            const vaultId = randomId();
            const cp = w.summary(vaultId, 1);
            cp.signature = Buffer.from("not a signature").toString("base64");
            const r = await w.call("POST", "/vault", { id: vaultId, name: "Vault", summaryCheckpoint: cp });
            assert.deepEqual([r.status, r.body.error.code], [400, "invalid_signature"]);
        });
        it("skipped or stale version → 409 checkpoint_conflict", async () => {
            const vaultId = await w.vault();
            const { body } = w.itemBody(vaultId, 3, { P: "x" });
            const r = await w.call("POST", `/vault/${vaultId}/items`, body);
            assert.deepEqual([r.status, r.body.error.code], [409, "checkpoint_conflict"]);
            const stale = w.itemBody(vaultId, 1, { P: "x" });
            assert.equal((await w.call("POST", `/vault/${vaultId}/items`, stale.body)).status, 409);
        });
        it("content not matching the state after the operation → 400 checkpoint_mismatch, and nothing is written", async () => {
            const vaultId = await w.vault();
            const { id, body } = w.itemBody(vaultId, 2, { P: "x" }, { name: "Item" });
            body.name = "Other name";
            const r = await w.call("POST", `/vault/${vaultId}/items`, body);
            assert.deepEqual([r.status, r.body.error.code], [400, "checkpoint_mismatch"]);
            assert.equal((await w.call("GET", `/vault/${vaultId}/items/${id}`)).status, 404);
            assert.equal((await w.call("GET", `/vault/${vaultId}/items`)).body.summaryCheckpoint.checkpoint.version, 1);
        });
        it("a signer that is not the caller's active key → 403 signer_not_allowed", async () => {
            const other = await generateKeyPair(2048);
            const vaultId = randomId();
            const cp = w.sign("vaultSummary", { vaultId, version: 1, name: "V", dataClassification: "CONFIDENTIAL", currentDekVersion: 1, items: [], groups: [] }, other.privateKeyPem, randomId());
            const r = await w.call("POST", "/vault", { id: vaultId, name: "V", summaryCheckpoint: cp });
            assert.deepEqual([r.status, r.body.error.code], [403, "signer_not_allowed"]);
        });
        it("refuses a field value that is not a v3 envelope, naming the field", async () => {
            const vaultId = await w.vault();
            const { body } = w.itemBody(vaultId, 2, { P: "x" });
            body.fields[0].encryptedValue = "plaintext!";
            const r = await w.call("POST", `/vault/${vaultId}/items`, body);
            assert.equal(r.body.error.code, "validation_error");
            assert.match(r.body.error.message, /fields\.0\.encryptedValue/);
        });
    });

    it("registers public keys idempotently and rotates with a continuity signature", async () => {
        const current = (await w.call("GET", "/me")).body.agent.encryptionKeyId;
        assert.equal(current, w.creds.encryptionKeyId);
        const next = await generateKeyPair(2048);
        const noSig = await w.call("POST", "/vault/public-key", { publicKey: next.publicKeyPem });
        assert.equal(noSig.status, 409);
        const bad = await w.call("POST", "/vault/public-key", { publicKey: next.publicKeyPem, previousEncryptionKeyId: current, rotationSignature: signKeyRotation(next.privateKeyPem, next.publicKeyPem) });
        assert.equal(bad.body.error.code, "invalid_rotation_signature");
        const ok = await w.call("POST", "/vault/public-key", { publicKey: next.publicKeyPem, previousEncryptionKeyId: current, rotationSignature: signKeyRotation(w.creds.privateKeyPem, next.publicKeyPem) });
        assert.equal(ok.status, 201, JSON.stringify(ok.body));
        const again = await w.call("POST", "/vault/public-key", { publicKey: next.publicKeyPem });
        assert.equal(again.body.encryptionKeyId, ok.body.encryptionKeyId, "re-registering the same key is idempotent");
        // The old key can no longer sign.
        const vaultId = randomId();
        const r = await w.call("POST", "/vault", { id: vaultId, name: "Vault", summaryCheckpoint: w.summary(vaultId, 1) });
        assert.equal(r.body.error.code, "signer_not_allowed");
    });
});
