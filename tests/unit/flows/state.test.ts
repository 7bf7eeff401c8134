import { strict as assert } from "node:assert";
import { inspect } from "node:util";
import { R4Client } from "../../../sdk";
import { delta, FlowWorld, startFlowWorld } from "./world";

const field = (value: string) => [{ name: "Secret", type: "PASSWORD", value }];

describe("flows: per-process state (registration, key cache, chain cache)", () => {
    let w: FlowWorld;
    before(async () => (w = await startFlowWorld()));
    after(() => w.close());

    it("registers the public key once per process, even from two clients at once", async () => {
        const before = w.requests();
        const [a, b] = [w.client(), w.client()];
        const ids = await Promise.all([a.ensureRegistered(), b.ensureRegistered(), a.ensureRegistered()]);
        assert.deepEqual(new Set(ids), new Set([w.emu.credentials.encryptionKeyId]));
        await a.createVault({ name: "one" });
        await b.createVault({ name: "two" });
        assert.equal(delta(before, w.requests())["POST /vault/public-key"], 1);
    });

    it("never shows the API key or the private key when the client is inspected or serialised", async () => {
        const r4 = w.client();
        await r4.createVault({ name: "inspect me" });
        const shown = inspect(r4, { depth: 8, showHidden: true }) + JSON.stringify(r4, (_k, v) => (typeof v === "bigint" ? String(v) : v));
        assert.ok(!shown.includes(w.emu.credentials.apiKey.split(".")[1]), "API secret shown");
        assert.ok(!shown.includes("PRIVATE KEY"), "private key shown");
    });

    it("a write signs from the cached chain: creating items after the vault costs one request each", async () => {
        const r4 = w.client();
        const { id } = await r4.createVault({ name: "Cached chain" });
        const before = w.requests();
        await r4.createItem({ vaultId: id, name: "a", type: "LOGIN", fields: field("1") });
        await r4.createItem({ vaultId: id, name: "b", type: "LOGIN", fields: field("2") });
        assert.deepEqual(delta(before, w.requests()), { "POST /vault/:vaultId/items": 2 });
    });

    it("a refresh (readItem) costs one request after warm-up", async () => {
        const writer = w.client();
        const { id: vaultId } = await writer.createVault({ name: "Refresh" });
        const { id: itemId } = await writer.createItem({ vaultId, name: "item", type: "LOGIN", fields: field("s") });
        const reader = w.client(); // a fresh client: no DEK, no directory yet
        await reader.readItem(vaultId, itemId);
        const before = w.requests();
        const again = await reader.readItem(vaultId, itemId);
        assert.equal(again!.fields[0].value, "s");
        assert.deepEqual(delta(before, w.requests()), { "GET /vault/:vaultId/items/:itemId": 1 });
    });

    it("a vault's first item read asks for the signer directory beside the item, not after its answer", async () => {
        const writer = w.client();
        const { id: vaultId } = await writer.createVault({ name: "Directory alongside" });
        const { id: itemId } = await writer.createItem({ vaultId, name: "item", type: "LOGIN", fields: field("s") });
        const reader = w.client(); // a fresh client: no directory cached yet
        const events: string[] = [];
        const { items, keys } = reader;
        const get = items.get.bind(items);
        items.get = (v, i) => {
            events.push("item asked");
            return get(v, i).finally(() => events.push("item answered"));
        };
        const listDirectory = keys.listVaultPublicKeys.bind(keys);
        keys.listVaultPublicKeys = (v) => {
            events.push("directory asked");
            return listDirectory(v);
        };
        assert.equal((await reader.readItem(vaultId, itemId))!.fields[0].value, "s");
        assert.deepEqual(events, ["directory asked", "item asked", "item answered"]);
        events.length = 0;
        await reader.readItemWithReceipt(vaultId, itemId);
        assert.deepEqual(events, ["item asked", "item answered"], "the directory is fetched once per vault");
    });

    it("writes from one client to one vault are queued: concurrent creates never conflict", async () => {
        const r4 = w.client();
        const { id } = await r4.createVault({ name: "Queued" });
        const before = w.requests();
        const made = await Promise.all(Array.from({ length: 6 }, (_, i) => r4.createItem({ vaultId: id, name: `q${i}`, type: "LOGIN", fields: field(`v${i}`) })));
        assert.equal(new Set(made.map((m) => m.id)).size, 6);
        assert.deepEqual(delta(before, w.requests()), { "POST /vault/:vaultId/items": 6 }, "no 409, no re-read");
        const listing = await r4.items.list(id);
        assert.equal(listing.summaryCheckpoint.checkpoint.version, 7);
    });

    it("concurrent writes from two clients to one vault all succeed via 409 re-read and re-sign", async () => {
        const a = w.client();
        const b = w.client();
        const { id } = await a.createVault({ name: "Contended" });
        await b.readVault(id);
        const writes = [
            ...Array.from({ length: 4 }, (_, i) => a.createItem({ vaultId: id, name: `a${i}`, type: "LOGIN", fields: field(`a${i}`) })),
            ...Array.from({ length: 4 }, (_, i) => b.createItem({ vaultId: id, name: `b${i}`, type: "LOGIN", fields: field(`b${i}`) })),
        ];
        const before = w.requests();
        const made = await Promise.all(writes);
        const spent = delta(before, w.requests());
        assert.ok((spent["GET /vault/:vaultId/items"] ?? 0) >= 1, "at least one conflict was resolved by re-reading the chain");
        const listing = await a.items.list(id);
        assert.equal(listing.items.length, 8);
        assert.equal(listing.summaryCheckpoint.checkpoint.version, 9);
        for (const m of made) assert.ok(await a.readItem(id, m.id));
        // And an item edit still composes with the other client's cached chain.
        await b.updateItem(id, made[0].id, { name: "renamed by b" });
        await a.updateItem(id, made[1].id, { name: "renamed by a" });
        const names = (await a.readVault(id))!.items.map((i) => i.name);
        assert.ok(names.includes("renamed by a") && names.includes("renamed by b"));
    });

    it("gives up with a clear checkpoint_conflict after the configured number of re-reads", async () => {
        const a = w.client({ maxConflictRetries: 0 });
        const b = w.client();
        const { id } = await a.createVault({ name: "Give up" });
        await b.createItem({ vaultId: id, name: "moves the chain", type: "LOGIN", fields: [] });
        await assert.rejects(a.createItem({ vaultId: id, name: "stale", type: "LOGIN", fields: [] }), (e: any) => e.code === "checkpoint_conflict" && /after 1 attempt:/.test(e.message) && /Retry later/.test(e.message));
        // The next call starts from a fresh read and succeeds.
        await a.createItem({ vaultId: id, name: "fresh", type: "LOGIN", fields: [] });
    });
});
