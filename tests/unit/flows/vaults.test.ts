import { strict as assert } from "node:assert";
import { R4Client } from "../../../sdk";
import { delta, FlowWorld, startFlowWorld } from "./world";

describe("flows: vaults", () => {
    let w: FlowWorld;
    let r4: R4Client;
    before(async () => {
        w = await startFlowWorld();
        r4 = w.client();
    });
    after(() => w.close());

    it("creates a vault (summary v1, own wrapped DEK) and reads it back verified", async () => {
        const created = await r4.createVault({ name: "Production", dataClassification: "INTERNAL" });
        assert.match(created.id, /^[0-9a-f]{24}$/);
        assert.deepEqual({ v: created.version, dek: created.currentDekVersion, signer: created.encryptionKeyId }, { v: 1, dek: 1, signer: w.emu.credentials.encryptionKeyId });
        const wrapped = await r4.keys.getWrappedKey(created.id);
        assert.equal(wrapped.encryptionKeyId, created.encryptionKeyId);
        const vault = await w.client().readVault(created.id);
        assert.deepEqual(
            { name: vault!.name, dc: vault!.dataClassification, version: vault!.version, items: vault!.items, projectId: vault!.projectId },
            { name: "Production", dc: "INTERNAL", version: 1, items: [], projectId: null },
        );
    });

    it("is idempotent on retry with the same id, and refuses a clash", async () => {
        const id = "bbbbbbbbbbbbbbbbbbbbbbbb";
        const first = await r4.createVault({ id, name: "Retry" });
        const again = await w.client().createVault({ id, name: "Retry" });
        assert.deepEqual(again, first);
        await assert.rejects(r4.createVault({ id, name: "Other" }), (e: any) => e.code === "conflict" && e.status === 409);
        // The retried vault still works end to end (DEK shared, not replaced).
        const item = await r4.createItem({ vaultId: id, name: "i", type: "LOGIN", fields: [{ name: "k", type: "TEXT", value: "v" }] });
        assert.equal((await w.client().readItem(id, item.id))!.fields[0].value, "v");
    });

    it("renames and reclassifies with directory + summary checkpoints, twice in a row, from two clients", async () => {
        const { id } = await r4.createVault({ name: "Old name" });
        const one = await r4.updateVault(id, { name: "New name" });
        assert.deepEqual([one.changed, one.version], [true, 2]);
        const two = await w.client().updateVault(id, { dataClassification: "CUI" });
        assert.deepEqual([two.changed, two.version, two.name], [true, 3, "New name"]);
        const before = w.requests();
        assert.equal((await r4.updateVault(id, { name: "New name" })).changed, false);
        assert.deepEqual(delta(before, w.requests()), {}, "no change, no request (cached summary)");
        const vault = await r4.readVault(id);
        assert.deepEqual([vault!.name, vault!.dataClassification, vault!.version], ["New name", "CUI", 3]);
        const raw = await r4.vaults.get(id);
        assert.equal(raw.directoryCheckpoint?.checkpoint.version, 2);
    });

    it("sets and clears the project association", async () => {
        const { id } = await r4.createVault({ name: "Projected" });
        const project = await r4.projects.create({ name: "Web" });
        await r4.setVaultProject(id, project.id);
        assert.equal((await r4.readVault(id))!.projectId, project.id);
        await r4.setVaultProject(id, null);
        assert.equal((await r4.readVault(id))!.projectId, null);
    });

    it("archives a vault with a signed replacement summary; reading it then gives null; archiving again is a no-op", async () => {
        const { id } = await r4.createVault({ name: "Temporary" });
        await r4.createItem({ vaultId: id, name: "i", type: "LOGIN", fields: [] });
        assert.deepEqual(await r4.archiveVault(id), { archived: true });
        assert.equal(await r4.readVault(id), null);
        assert.deepEqual(await r4.archiveVault(id), { archived: false });
    });
});
