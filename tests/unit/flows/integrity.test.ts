import { strict as assert } from "node:assert";
import * as path from "node:path";
import { DatabaseSync } from "node:sqlite";
import { inspect } from "node:util";
import { IntegrityError, R4Client, R4Error } from "../../../sdk";
import { FlowWorld, startFlowWorld } from "./world";

const SECRETS = ["correct-horse-battery", "tr0ub4dor&3"];

/** Runs `fn`, expects an IntegrityError, and checks no plaintext or key material leaks through it. */
async function refused(w: FlowWorld, fn: () => Promise<unknown>, pattern?: RegExp): Promise<IntegrityError> {
    try {
        await fn();
    } catch (err) {
        assert.ok(R4Error.is(err), `expected an R4Error, got ${String(err)}`);
        assert.ok(err instanceof IntegrityError, `expected an IntegrityError, got ${(err as R4Error).code}: ${(err as Error).message}`);
        if (pattern) assert.match(err.message, pattern);
        assertNoSecrets(w, err);
        return err;
    }
    assert.fail("expected the read to be refused");
}

function assertNoSecrets(w: FlowWorld, err: unknown): void {
    const seen = [inspect(err, { depth: 10 }), JSON.stringify(err), String((err as Error).stack)].join("\n");
    const secretHalf = w.emu.credentials.apiKey.split(".")[1];
    for (const s of [...SECRETS, secretHalf, w.emu.credentials.apiKey]) assert.ok(!seen.includes(s), "a secret leaked into an error");
    assert.ok(!seen.includes("PRIVATE KEY"), "a private key leaked into an error");
}

describe("flows: reads refuse what they cannot verify", () => {
    let w: FlowWorld;
    let r4: R4Client;
    let vaultId: string;
    let itemId: string;
    beforeEach(async () => {
        w = await startFlowWorld();
        r4 = w.client();
        vaultId = (await r4.createVault({ name: "Guarded" })).id;
        itemId = (await r4.createItem({ vaultId, name: "Login", type: "LOGIN", fields: [{ name: "User", type: "TEXT", value: SECRETS[0] }, { name: "Pass", type: "PASSWORD", value: SECRETS[1] }] })).id;
    });
    afterEach(() => w.close());

    const tamper = (route: string, mode: string) => w.emu.admin.setFaults({ rules: [{ route, tamper: { [mode]: 1 } }] });

    it("a corrupted detail-checkpoint signature", async () => {
        tamper("GET /vault/*/items/*", "corruptSignature");
        await refused(w, () => r4.readItem(vaultId, itemId), /signature/);
    });

    it("ciphertexts swapped between two fields (the AAD binds each to its field)", async () => {
        tamper("GET /vault/*/items/*", "swapCiphertext");
        await refused(w, () => r4.readItem(vaultId, itemId), /Cannot decrypt field/);
    });

    it("a rollback to an older, genuinely signed detail checkpoint", async () => {
        await r4.updateItem(vaultId, itemId, { name: "Login v2" });
        assert.equal((await r4.readItem(vaultId, itemId))!.version, 2);
        tamper("GET /vault/*/items/*", "rollbackVersion");
        await refused(w, () => r4.readItem(vaultId, itemId), /rollback/);
        // A client that never saw v2 still refuses: the old checkpoint does not match the returned metadata.
        await refused(w, () => w.client().readItem(vaultId, itemId), /differs from its signed checkpoint/);
    });

    it("a rolled-back vault summary is refused before anything is signed on top of it", async () => {
        await r4.createItem({ vaultId, name: "second", type: "LOGIN", fields: [] });
        await r4.readVault(vaultId);
        tamper("GET /vault/*/items", "rollbackVersion");
        await refused(w, () => r4.readVault(vaultId), /rollback/);
    });

    it("a signer directory whose key was swapped for an impostor", async () => {
        tamper("GET /vault/*/public-keys", "swapSignerKey");
        await refused(w, () => w.client().readItem(vaultId, itemId), /signature/); // a fresh client must use the directory
    });

    it("a tampered summary stops a write: nothing is signed or sent on top of it", async () => {
        tamper("GET /vault/*/items", "corruptSignature");
        const fresh = w.client();
        await refused(w, () => fresh.createItem({ vaultId, name: "never", type: "LOGIN", fields: [{ name: "x", type: "TEXT", value: SECRETS[0] }] }));
        assert.equal(w.requests()["POST /vault/:vaultId/items"], 1, "only the setup item was ever posted");
    });

    it("a checkpoint edited in the database (metadata changed after signing)", async () => {
        const db = new DatabaseSync(path.join(w.dataDir, "r4-emulator.sqlite"));
        try {
            db.prepare("UPDATE vault_items SET name = 'Evil' WHERE id = ?").run(itemId);
        } finally {
            db.close();
        }
        await refused(w, () => w.client().readItem(vaultId, itemId), /differs from its signed checkpoint in: name/);
    });
});
