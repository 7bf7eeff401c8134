import { strict as assert } from "node:assert";
import { createHmac, generateKeyPairSync, hash } from "node:crypto";
import { R4Client } from "../../../sdk";
import { issueReceipt, loadPrivateKey, receiptMatches } from "../../../sdk/crypto";
import type { ReceiptedItem } from "../../../sdk/flows";
import { delta, FlowWorld, startVaultWorld } from "./world";

describe("crypto/read-receipts: an HMAC under the private key over exact parts", () => {
    const key = loadPrivateKey(generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" }).toString());
    const other = loadPrivateKey(generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" }).toString());

    it("matches the parts it was issued for, under the key that issued it, and nothing else", () => {
        const receipt = issueReceipt(key, ["v", "i", "answer"]);
        assert.ok(receiptMatches(key, receipt, ["v", "i", "answer"]));
        assert.ok(!receiptMatches(other, receipt, ["v", "i", "answer"]), "another agent's key");
        assert.ok(!receiptMatches(key, receipt, ["v", "i", "answer2"]), "another answer");
        assert.ok(!receiptMatches(key, issueReceipt(key, ["ab", "c"]), ["a", "bc"]), "the boundaries between parts are signed");
        assert.ok(!receiptMatches(key, receipt.slice(1), ["v", "i", "answer"]));
        assert.ok(!receiptMatches(key, undefined, ["v", "i", "answer"]));
    });

    it("is the HMAC-SHA256 of the labelled parts under SHA-256(label, newline, PKCS#8 DER), so receipts already in state keep matching", () => {
        const der = key.export({ type: "pkcs8", format: "der" });
        const derived = Buffer.from(hash("sha256", Buffer.concat([Buffer.from("r4.read-receipt.v1\n", "utf8"), der]), "hex"), "hex");
        const expected = createHmac("sha256", derived).update(JSON.stringify(["r4.read-receipt.v1", "v", "i", "answer"]), "utf8").digest("base64url");
        assert.equal(issueReceipt(key, ["v", "i", "answer"]), expected);
    });
});

describe("flows: readItemWithReceipt hands back what it kept only for the same answer", () => {
    let w: FlowWorld;
    let r4: R4Client;
    let vaultId: string;
    let itemId: string;
    beforeEach(async () => {
        ({ w, r4, vaultId } = await startVaultWorld("Kept"));
        itemId = (await r4.createItem({ vaultId, name: "Login", type: "LOGIN", fields: [{ name: "User", type: "TEXT", value: "admin" }, { name: "Pass", type: "PASSWORD", value: "receipt-secret-1" }] })).id;
    });
    afterEach(() => w.close());

    async function firstRead(client = w.client()): Promise<ReceiptedItem> {
        const read = await client.readItemWithReceipt(vaultId, itemId);
        assert.ok(read);
        assert.deepEqual(read.item, await r4.readItem(vaultId, itemId));
        return read;
    }

    it("an unchanged answer gives back the kept item, in a new client, with one request", async () => {
        const kept = await firstRead();
        const fresh = w.client();
        await fresh.readItem(vaultId, itemId); // key material cached, as after a vault's first read
        const before = w.requests();
        const again = await fresh.readItemWithReceipt(vaultId, itemId, kept);
        assert.equal(again, kept, "the kept result itself");
        assert.deepEqual(delta(before, w.requests()), { "GET /vault/:vaultId/items/:itemId": 1 });
    });

    it("a changed item is read in full: new values, a new receipt", async () => {
        const kept = await firstRead();
        await r4.updateItem(vaultId, itemId, { fields: [{ name: "User", type: "TEXT", value: "admin" }, { name: "Pass", type: "PASSWORD", value: "receipt-secret-2" }] });
        const again = await w.client().readItemWithReceipt(vaultId, itemId, kept);
        assert.ok(again && again !== kept);
        assert.equal(again.item.fields[1].value, "receipt-secret-2");
        assert.equal(again.item.version, 2);
        assert.notEqual(again.receipt, kept.receipt);
    });

    it("kept values edited beside their receipt, a forged receipt, or another agent's receipt: read in full", async () => {
        const kept = await firstRead();
        const edited: ReceiptedItem = { ...kept, item: { ...kept.item, fields: kept.item.fields.map((f) => ({ ...f, value: "edited" })) } };
        const read1 = await w.client().readItemWithReceipt(vaultId, itemId, edited);
        assert.ok(read1 && read1 !== edited);
        assert.equal(read1.item.fields[1].value, "receipt-secret-1");
        const forged = await w.client().readItemWithReceipt(vaultId, itemId, { ...kept, receipt: "A".repeat(kept.receipt.length) });
        assert.equal(forged?.item.fields[1].value, "receipt-secret-1");
        const otherAgent = new R4Client({ baseUrl: w.emu.baseUrl, apiKey: w.emu.credentials.apiKey, privateKeyPem: generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" }).toString(), maxRetries: 0 });
        // Another key cannot use (or tell apart) this agent's receipts: its own check fails, so it reads in full (and is refused, as it holds no wrapped key).
        await assert.rejects(otherAgent.readItemWithReceipt(vaultId, itemId, kept));
    });

    it("a server that tampers with the answer is still refused with a valid receipt in hand", async () => {
        const kept = await firstRead();
        w.emu.admin.setFaults({ rules: [{ route: "GET /vault/*/items/*", tamper: { swapCiphertext: 1 } }] });
        await assert.rejects(w.client().readItemWithReceipt(vaultId, itemId, kept), /Cannot decrypt field/);
        w.emu.admin.setFaults({ rules: [{ route: "GET /vault/*/items/*", tamper: { corruptSignature: 1 } }] });
        await assert.rejects(w.client().readItemWithReceipt(vaultId, itemId, kept), /signature/);
    });

    it("still tracks versions: an older answer after a kept newer one is a rollback", async () => {
        await r4.updateItem(vaultId, itemId, { name: "Login v2" });
        const kept = await firstRead();
        const client = w.client();
        assert.equal(await client.readItemWithReceipt(vaultId, itemId, kept), kept);
        w.emu.admin.setFaults({ rules: [{ route: "GET /vault/*/items/*", tamper: { rollbackVersion: 1 } }] });
        await assert.rejects(client.readItemWithReceipt(vaultId, itemId, kept), /rollback/);
    });
});

describe("flows: a create's receipt covers the item as it reads back", () => {
    let w: FlowWorld;
    let r4: R4Client;
    let vaultId: string;
    before(async () => {
        ({ w, r4, vaultId } = await startVaultWorld("Created"));
    });
    after(() => w.close());

    const input = (name: string) => ({ vaultId, name, type: "LOGIN", websites: ["https://a.example"], fields: [{ name: "User", type: "TEXT", value: "admin" }, { name: "Pass", type: "PASSWORD", value: "create-secret" }] });
    const keptOf = (created: { id: string; fieldIds: Record<string, string>; version: number; receipt?: string }, name: string): ReceiptedItem => {
        assert.ok(created.receipt, "a create issues a receipt");
        const i = input(name);
        return { item: { id: created.id, vaultId, name, type: i.type, websites: i.websites, fields: i.fields.map((f) => ({ id: created.fieldIds[f.name], ...f })), version: created.version }, receipt: created.receipt };
    };

    it("the first read of the unchanged item, in another client, hands back what the create kept", async () => {
        const created = await r4.createItem(input("Fresh"));
        const kept = keptOf(created, "Fresh");
        assert.deepEqual(kept.item, await r4.readItem(vaultId, created.id), "the kept item is what a full read gives");
        assert.equal(await w.client().readItemWithReceipt(vaultId, created.id, kept), kept);
    });

    it("a server that changed or tampers with the item since the create is read in full", async () => {
        const created = await r4.createItem(input("Changed"));
        const kept = keptOf(created, "Changed");
        await r4.updateItem(vaultId, created.id, { name: "Changed again" });
        const read = await w.client().readItemWithReceipt(vaultId, created.id, kept);
        assert.ok(read && read !== kept);
        assert.equal(read.item.name, "Changed again");
        const other = await r4.createItem(input("Tampered"));
        w.emu.admin.setFaults({ rules: [{ route: "GET /vault/*/items/*", tamper: { swapCiphertext: 1 } }] });
        await assert.rejects(w.client().readItemWithReceipt(vaultId, other.id, keptOf(other, "Tampered")), /Cannot decrypt field/);
        w.emu.admin.setFaults({ rules: [] });
    });
});

describe("flows: an update's receipt covers the item as it reads back", () => {
    let w: FlowWorld;
    let r4: R4Client;
    let vaultId: string;
    before(async () => {
        ({ w, r4, vaultId } = await startVaultWorld("Updated"));
    });
    after(() => w.close());

    const created = (name: string) =>
        r4.createItem({ vaultId, name, type: "LOGIN", fields: [{ name: "User", type: "TEXT", value: "admin" }, { name: "Pass", type: "PASSWORD", value: "old-secret" }, { name: "Note", type: "TEXT", value: "n" }] });

    /** What a holder of the write's outputs keeps: the item as a full read gives it, with the write's receipt. */
    async function keptAfter(write: { id: string; receipt?: string }): Promise<ReceiptedItem> {
        assert.ok(write.receipt, "the write issues a receipt");
        return { item: (await r4.readItem(vaultId, write.id))!, receipt: write.receipt };
    }

    it("after a change (renamed, a value and a type changed, a field deleted, one added), the next read in another client hands back what was kept", async () => {
        const { id } = await created("Edited");
        const updated = await r4.updateItem(vaultId, id, {
            name: "Edited v2",
            fields: [{ name: "User", type: "TEXT", value: "admin" }, { name: "Pass", type: "SECRET", value: "new-secret" }, { name: "Token", type: "SECRET", value: "tok" }],
        });
        assert.equal(updated.changed, true);
        const kept = await keptAfter(updated);
        assert.deepEqual(kept.item.fields.map((f) => [f.name, f.type, f.value]), [["User", "TEXT", "admin"], ["Pass", "SECRET", "new-secret"], ["Token", "SECRET", "tok"]]);
        assert.equal(await w.client().readItemWithReceipt(vaultId, id, kept), kept);
    });

    it("an update that changes nothing issues the receipt of the item as read, and a kept value edited beside it is read in full", async () => {
        const { id } = await created("Same");
        const same = await r4.updateItem(vaultId, id, { name: "Same" });
        assert.equal(same.changed, false);
        const kept = await keptAfter(same);
        assert.equal(await w.client().readItemWithReceipt(vaultId, id, kept), kept);
        const edited = { ...kept, item: { ...kept.item, fields: kept.item.fields.map((f) => (f.name === "Pass" ? { ...f, value: "edited" } : f)) } };
        const read = await w.client().readItemWithReceipt(vaultId, id, edited);
        assert.ok(read && read !== edited);
        assert.equal(read.item.fields.find((f) => f.name === "Pass")!.value, "old-secret");
    });
});
