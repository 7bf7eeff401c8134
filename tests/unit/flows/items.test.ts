import { strict as assert } from "node:assert";
import { R4Client } from "../../../sdk";
import { delta, FlowWorld, startFlowWorld } from "./world";

describe("flows: vault items round trips", () => {
    let w: FlowWorld;
    let r4: R4Client;
    let vaultId: string;
    before(async () => {
        w = await startFlowWorld();
        r4 = w.client();
        vaultId = (await r4.createVault({ name: "Items" })).id;
    });
    after(() => w.close());

    const login = (name = "Database") => ({
        vaultId, name, type: "LOGIN", websites: ["https://db.example.com"],
        fields: [{ name: "Username", type: "TEXT", value: "admin" }, { name: "Password", type: "PASSWORD", value: "hunter2 ✓" }],
    });

    it("creates an item and reads it back verified and decrypted", async () => {
        const created = await r4.createItem(login());
        assert.equal(created.version, 1);
        assert.deepEqual(Object.keys(created.fieldIds), ["Username", "Password"]);
        const item = await r4.readItem(vaultId, created.id);
        assert.ok(item);
        assert.deepEqual(
            { name: item.name, type: item.type, websites: item.websites, version: item.version },
            { name: "Database", type: "LOGIN", websites: ["https://db.example.com"], version: 1 },
        );
        assert.deepEqual(item.fields, [
            { id: created.fieldIds.Username, name: "Username", type: "TEXT", value: "admin" },
            { id: created.fieldIds.Password, name: "Password", type: "PASSWORD", value: "hunter2 ✓" },
        ]);
        // The server holds ciphertext only.
        const raw = await r4.items.get(vaultId, created.id);
        assert.ok(raw.fields.every((f) => f.value && !f.value.includes("hunter2") && JSON.parse(f.value).v === 3));
    });

    it("creating again with the same id is a safe retry", async () => {
        const first = await r4.createItem({ ...login("Retry"), id: "aaaaaaaaaaaaaaaaaaaaaaaa" });
        const again = await w.client().createItem({ ...login("Retry"), id: "aaaaaaaaaaaaaaaaaaaaaaaa" });
        assert.equal(again.id, first.id);
        assert.deepEqual(again.fieldIds, first.fieldIds);
        await assert.rejects(r4.createItem({ ...login("Something else"), id: "aaaaaaaaaaaaaaaaaaaaaaaa" }), (e: any) => e.code === "conflict");
    });

    it("updates values in place: field ids stay, only changed values get a new instance, no summary for value edits", async () => {
        const created = await r4.createItem(login("Update"));
        const rawBefore = await r4.items.get(vaultId, created.id);
        const summaryBefore = (await r4.items.list(vaultId)).summaryCheckpoint.checkpoint.version;
        const before = w.requests();
        const res = await r4.updateItem(vaultId, created.id, { fields: [{ name: "Username", type: "TEXT", value: "admin" }, { name: "Password", type: "PASSWORD", value: "new-secret" }] });
        const spent = delta(before, w.requests());
        assert.deepEqual(spent, { "GET /vault/:vaultId/items/:itemId": 1, "PATCH /vault-item/:id/update": 1 }, "one read, one write, no summary read");
        assert.equal(res.changed, true);
        assert.equal(res.version, 2);
        assert.deepEqual(res.fieldIds, created.fieldIds);
        const rawAfter = await r4.items.get(vaultId, created.id);
        const inst = (raw: typeof rawBefore, name: string) => raw.fields.find((f) => f.name === name)!.fieldInstanceIds;
        assert.deepEqual(inst(rawAfter, "Username"), inst(rawBefore, "Username"), "unchanged value keeps its instance");
        assert.notDeepEqual(inst(rawAfter, "Password"), inst(rawBefore, "Password"));
        assert.equal((await r4.items.list(vaultId)).summaryCheckpoint.checkpoint.version, summaryBefore, "summary untouched");
        const item = await r4.readItem(vaultId, created.id);
        assert.equal(item!.fields.find((f) => f.name === "Password")!.value, "new-secret");
    });

    it("adds and deletes fields by name, signs a new summary when metadata changes, and writes nothing when nothing changed", async () => {
        const created = await r4.createItem(login("Meta"));
        const summaryBefore = (await r4.items.list(vaultId)).summaryCheckpoint.checkpoint.version;
        const res = await r4.updateItem(vaultId, created.id, {
            name: "Meta renamed",
            websites: ["https://new.example.com"],
            fields: [{ name: "Password", type: "PASSWORD", value: "hunter2 ✓" }, { name: "Token", type: "SECRET", value: "tok-1" }],
        });
        assert.equal(res.fieldIds.Password, created.fieldIds.Password);
        assert.equal(res.fieldIds.Username, undefined);
        const listing = await r4.items.list(vaultId);
        assert.equal(listing.summaryCheckpoint.checkpoint.version, summaryBefore + 1);
        assert.ok(listing.items.some((i) => i.id === created.id && i.name === "Meta renamed"));
        const item = await r4.readItem(vaultId, created.id);
        assert.deepEqual(item!.fields.map((f) => [f.name, f.value]), [["Password", "hunter2 ✓"], ["Token", "tok-1"]]);
        assert.equal(item!.name, "Meta renamed");

        const before = w.requests();
        const same = await r4.updateItem(vaultId, created.id, { name: "Meta renamed", fields: item!.fields.map(({ name, type, value }) => ({ name, type, value })) });
        assert.equal(same.changed, false);
        assert.deepEqual(delta(before, w.requests()), { "GET /vault/:vaultId/items/:itemId": 1 });
    });

    it("moves an item to another vault, re-encrypted for it", async () => {
        const target = (await r4.createVault({ name: "Target" })).id;
        const created = await r4.createItem(login("Mover"));
        const moved = await r4.moveItem(created.id, vaultId, target);
        assert.equal(moved.vaultId, target);
        assert.equal(await r4.readItem(vaultId, created.id), null, "gone from the source");
        const item = await r4.readItem(target, created.id);
        assert.deepEqual(item!.fields.map((f) => f.value), ["admin", "hunter2 ✓"]);
        assert.equal(item!.vaultId, target);
        assert.ok(!(await r4.items.list(vaultId)).items.some((i) => i.id === created.id));
        assert.ok((await r4.items.list(target)).items.some((i) => i.id === created.id));
        // And still editable in its new vault.
        await r4.updateItem(target, created.id, { fields: [{ name: "Username", type: "TEXT", value: "root" }, { name: "Password", type: "PASSWORD", value: "hunter2 ✓" }] });
        assert.equal((await r4.readItem(target, created.id))!.fields[0].value, "root");
    });

    it("archives an item (signed summary without it); archiving again is a no-op; reading it gives null", async () => {
        const created = await r4.createItem(login("Archive me"));
        assert.deepEqual(await r4.archiveItem(vaultId, created.id), { archived: true });
        assert.equal(await r4.readItem(vaultId, created.id), null);
        assert.deepEqual(await r4.archiveItem(vaultId, created.id), { archived: false });
        assert.ok(!(await r4.items.list(vaultId)).items.some((i) => i.id === created.id));
    });

    it("refuses duplicate field names before sending anything", async () => {
        await assert.rejects(
            r4.createItem({ vaultId, name: "Dup", type: "LOGIN", fields: [{ name: "A", type: "TEXT", value: "1" }, { name: "A", type: "TEXT", value: "2" }] }),
            (e: any) => e.code === "invalid_argument" && !/\b[12]\b/.test(e.message),
        );
    });
});

describe("flows: a create whose answer was lost", () => {
    let w: FlowWorld;
    before(async () => (w = await startFlowWorld()));
    after(() => w.close());

    it("is resent by the HTTP layer (client-chosen id) and the existing vault and item are adopted", async () => {
        // The first attempt commits and then the connection drops; the hook clears the fault
        // before the resend, which then meets the vault/item the first attempt created.
        const r4 = w.client({ maxRetries: 2, onRetry: () => w.emu.admin.setFaults({ rules: [] }) });
        w.emu.admin.setFaults({ rules: [{ route: "POST /vault", dropAfterCommit: 1 }] });
        const vault = await r4.createVault({ name: "Dropped" });
        assert.equal(w.requests()["POST /vault"], 2);
        w.emu.admin.setFaults({ rules: [{ route: "POST /vault/*/items", dropAfterCommit: 1 }] });
        const item = await r4.createItem({ vaultId: vault.id, name: "Dropped item", type: "LOGIN", fields: [{ name: "k", type: "TEXT", value: "v" }] });
        assert.equal(w.requests()["POST /vault/:vaultId/items"], 2);
        assert.equal((await r4.readItem(vault.id, item.id))!.fields[0].value, "v");
        assert.equal((await r4.items.list(vault.id)).items.length, 1);
        // The chain continues from the adopted state.
        await r4.createItem({ vaultId: vault.id, name: "next", type: "LOGIN", fields: [] });
        assert.equal((await r4.items.list(vault.id)).summaryCheckpoint.checkpoint.version, 3);
    });
});
