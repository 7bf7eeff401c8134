import { strict as assert } from "node:assert";
import { inspect } from "node:util";
import { ManualClock } from "../../../emulator";
import { IntegrityError, R4, R4Client, envName, handoffItemId } from "../../../sdk";
import { FlowWorld, startFlowWorld } from "./world";

describe("flows: purchase handoff and license environment", () => {
    let w: FlowWorld;
    let r4: R4Client;
    let clock: ManualClock;
    let vaultId: string;
    beforeEach(async () => {
        clock = new ManualClock();
        w = await startFlowWorld({ clock, stepLatencyMs: 1000 });
        r4 = w.client();
        vaultId = (await r4.createVault({ name: "Licenses" })).id;
    });
    afterEach(() => w.close());

    /** Starts a purchase and drives the job until it waits for the vault item. */
    async function awaitingHandoff(licenseId: string, externalLicenseId: string) {
        const start = await r4.purchases.start({ licenseId, vault: { mode: "existing", vaultId }, externalLicenseId });
        for (let i = 0; i < 8; i++) {
            clock.advance(1000);
            w.emu.admin.tickPurchases();
        }
        const status = await r4.purchases.status(start.purchaseId);
        assert.equal(status.status, "awaiting_vault_item");
        return { purchaseId: start.purchaseId, handoff: status.vaultItemHandoff! };
    }

    it("encrypts the handoff into a vault item, links it, and reads the environment back decrypted", async () => {
        const { purchaseId, handoff } = await awaitingHandoff("cloud-api", "ext-env");
        const itemId = await r4.completePurchaseHandoff(purchaseId, { vaultId, handoff });
        assert.equal(itemId, handoffItemId(purchaseId, vaultId));
        assert.equal((await r4.purchases.status(purchaseId)).status, "succeeded");

        const item = await r4.readItem(vaultId, itemId);
        assert.equal(item!.name, handoff.itemName);
        assert.equal(item!.type, handoff.itemType);
        assert.deepEqual(item!.fields.map((f) => [f.name, f.value]), handoff.fields.map((f) => [f.name, f.value]));

        const [license] = (await r4.licenses.list({ externalLicenseId: "ext-env" })).licenses;
        const env = await w.client().getLicenseEnvironment(license.id);
        assert.equal(env.licenseInstanceId, license.id);
        assert.deepEqual(env.items.map((i) => i.vaultItemId), [itemId]);
        const byName = Object.fromEntries(handoff.fields.map((f) => [f.name, f.value]));
        assert.deepEqual(env.items[0].fields, byName);
        assert.equal(env.env.CLIENT_SECRET, byName["Client secret"]);
        assert.equal(env.env.WEBHOOK_SIGNING_SECRET, byName["Webhook signing secret"]);
        assert.equal(env.env.TENANT_ID, byName["Tenant ID"]);

        const viaCreate = await R4.create({ licenseInstanceId: license.id, baseUrl: w.emu.baseUrl, apiKey: w.emu.credentials.apiKey, privateKeyPem: w.emu.credentials.privateKeyPem });
        assert.deepEqual(viaCreate.env, env.env);

        const saved = { ...process.env };
        try {
            Object.assign(process.env, { R4_BASE_URL: w.emu.baseUrl, R4_API_KEY: w.emu.credentials.apiKey, R4_PRIVATE_KEY: w.emu.credentials.privateKeyPem });
            assert.deepEqual((await R4.create({ licenseInstanceId: license.id })).env, env.env);
        } finally {
            for (const k of ["R4_BASE_URL", "R4_API_KEY", "R4_PRIVATE_KEY"]) if (saved[k] === undefined) delete process.env[k]; else process.env[k] = saved[k];
        }
    });

    it("is safe to call again after a crash between creating the item and linking it", async () => {
        const { purchaseId, handoff } = await awaitingHandoff("workspace", "ext-crash");
        w.emu.admin.setFaults({ rules: [{ route: "POST /licenses/purchases/*/vault-item", status503: 1 }] });
        await assert.rejects(r4.completePurchaseHandoff(purchaseId, { vaultId, handoff }), (e: any) => e.status === 503 && !inspect(e).includes(handoff.fields[1].value!));
        w.emu.admin.setFaults({ rules: [] });
        // A new process (new client, empty caches) finishes the job with the same item.
        const itemId = await w.client().completePurchaseHandoff(purchaseId, { vaultId, handoff });
        assert.equal(itemId, handoffItemId(purchaseId, vaultId));
        assert.equal((await r4.items.list(vaultId)).items.length, 1, "one item, not two");
        assert.equal((await r4.purchases.status(purchaseId)).status, "succeeded");
        // And again once done, without the (now cleared) handoff.
        assert.equal(await w.client().completePurchaseHandoff(purchaseId, { vaultId }), itemId);
    });

    it("refuses a tampered environment bundle", async () => {
        const { purchaseId, handoff } = await awaitingHandoff("workspace", "ext-tamper");
        await r4.completePurchaseHandoff(purchaseId, { vaultId, handoff });
        const [license] = (await r4.licenses.list({ externalLicenseId: "ext-tamper" })).licenses;
        for (const mode of ["swapCiphertext", "corruptSignature", "swapSignerKey"]) {
            w.emu.admin.setFaults({ rules: [{ route: "GET /licenses/*/environment", tamper: { [mode]: 1 } }] });
            await assert.rejects(w.client().getLicenseEnvironment(license.id), (e: any) => {
                assert.ok(e instanceof IntegrityError, `${mode}: ${e.message}`);
                for (const f of handoff.fields) assert.ok(!inspect(e, { depth: 10 }).includes(f.value!), "no plaintext in the error");
                return true;
            });
        }
    });

    it("names environment variables in upper snake case", () => {
        assert.equal(envName("API key"), "API_KEY");
        assert.equal(envName("clientId"), "CLIENT_ID");
        assert.equal(envName("x-token 2"), "X_TOKEN_2");
        assert.equal(envName("  Webhook signing secret "), "WEBHOOK_SIGNING_SECRET");
    });
});
