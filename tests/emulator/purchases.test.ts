import { strict as assert } from "node:assert";
import { ManualClock } from "../../emulator";
import { startWorld, World } from "./world";

/** Completes a handoff: encrypts the handoff fields into an item of the requested vault. */
async function handoff(w: World, purchaseId: string, vaultId: string, summaryVersion: number) {
    const status = await w.call("GET", `/licenses/purchases/${purchaseId}/status`);
    assert.equal(status.body.status, "awaiting_vault_item");
    const h = status.body.vaultItemHandoff;
    const fields = Object.fromEntries(h.fields.map((f: any) => [f.name, f.value]));
    const { id, body } = w.itemBody(vaultId, summaryVersion, fields, { name: h.itemName });
    assert.equal((await w.call("POST", `/vault/${vaultId}/items`, body)).status, 201);
    return { itemId: id, res: await w.call("POST", `/licenses/purchases/${purchaseId}/vault-item`, { vaultItemId: id }), fieldCount: h.fields.length };
}

describe("emulator: purchase jobs", () => {
    let w: World;
    let clock: ManualClock;
    beforeEach(async () => {
        clock = new ManualClock();
        w = await startWorld({ clock, stepLatencyMs: 1000 });
    });
    afterEach(() => w.close());

    const advance = (ms: number) => {
        clock.advance(ms);
        w.emu.admin.tickPurchases();
    };

    it("runs domain → company → order → provider tenant, hands off, and creates linked licenses", async () => {
        const vaultId = await w.vault();
        const start = await w.call("POST", "/licenses/purchase", { licenseId: "workspace", vault: { mode: "existing", vaultId }, externalLicenseId: "ext-1" });
        assert.equal(start.status, 201);
        assert.equal(start.body.status, "in_progress");
        for (let i = 0; i < 6; i++) advance(1000);
        const { itemId, res, fieldCount } = await handoff(w, start.body.purchaseId, vaultId, 2);
        assert.equal(fieldCount, 2);
        assert.equal(res.body.status, "succeeded");
        assert.equal(res.body.vaultItemHandoff, undefined, "handoff fields are cleared");
        const lic = await w.call("GET", "/license-manager/licenses?externalLicenseId=ext-1");
        assert.equal(lic.body.licenses.length, 1);
        assert.deepEqual(lic.body.licenses[0].vaultItemIds, [itemId]);
        const env = await w.call("GET", `/licenses/${lic.body.licenses[0].id}/environment`);
        assert.equal(env.status, 200);
        assert.equal(env.body.items[0].vaultItemId, itemId);
        assert.equal(env.body.items[0].fields.length, 2);
        assert.ok(env.body.items[0].signers.length >= 1);
        const lookup = await w.call("GET", "/licenses/purchases?externalLicenseId=ext-1");
        assert.deepEqual(lookup.body.purchases.map((p: any) => p.purchaseId), [start.body.purchaseId]);
        assert.deepEqual(w.emu.admin.counters().store.domainsBought, 1);
        // Archive: leaves lists, GET answers 404.
        assert.equal((await w.call("PATCH", `/license-manager/licenses/${lic.body.licenses[0].id}/archive`)).status, 200);
        assert.equal((await w.call("GET", "/license-manager/licenses?externalLicenseId=ext-1")).body.licenses.length, 0);
        assert.equal((await w.call("GET", `/licenses/${lic.body.licenses[0].id}/environment`)).status, 404);
    });

    it("fails a step, resumes without buying the domain or placing the order twice", async () => {
        w.emu.admin.setFaults({ purchaseFailures: [{ step: "provider_tenant", times: 2 }] });
        const start = await w.call("POST", "/licenses/purchase", { licenseId: "workspace" });
        const id = start.body.purchaseId;
        for (let i = 0; i < 5; i++) advance(1000);
        let s = (await w.call("GET", `/licenses/purchases/${id}/status`)).body;
        assert.deepEqual([s.status, s.failedStep], ["failed", "provider_tenant"]);
        assert.equal((await w.call("POST", `/licenses/purchases/${id}/resume`)).body.attempts, 2);
        for (let i = 0; i < 5; i++) advance(1000);
        assert.equal((await w.call("GET", `/licenses/purchases/${id}/status`)).body.status, "failed");
        const resumed = await w.call("POST", `/licenses/purchases/${id}/resume`);
        assert.deepEqual([resumed.body.status, resumed.body.attempts], ["in_progress", 3]);
        for (let i = 0; i < 5; i++) advance(1000);
        s = (await w.call("GET", `/licenses/purchases/${id}/status`)).body;
        assert.equal(s.status, "awaiting_vault_item");
        const c = w.emu.admin.counters().store;
        assert.equal(c.domainsBought, 1, "domain bought once across three attempts");
        assert.equal(c.ordersPlaced, 1, "order placed once across three attempts");
        assert.equal(c.companiesCreated, 1);
        assert.equal((await w.call("POST", `/licenses/purchases/${id}/resume`)).body.error.code, "purchase_state_conflict");
    });

    it("dryRun rehearses the whole flow, handoff included, and creates no paid resources", async () => {
        const start = await w.call("POST", "/licenses/purchase", { licenseId: "workspace", dryRun: true });
        for (let i = 0; i < 6; i++) advance(1000);
        const status = (await w.call("GET", `/licenses/purchases/${start.body.purchaseId}/status`)).body;
        assert.equal(status.status, "awaiting_vault_item");
        assert.ok(status.vaultItemHandoff.fields.length > 0);
        const c = w.emu.admin.counters().store;
        assert.equal(c.domainsBought ?? 0, 0);
        assert.equal(c.ordersPlaced ?? 0, 0);
        assert.equal((await w.call("GET", "/license-manager/licenses")).body.licenses.length, 0);
    });

    it("runs browser activation for a product that has it, and hands off several secret fields for another", async () => {
        const a = await w.call("POST", "/licenses/purchase", { licenseId: "defend" });
        const b = await w.call("POST", "/licenses/purchase", { licenseId: "cloud-api" });
        for (let i = 0; i < 6; i++) advance(1000);
        const sa = (await w.call("GET", `/licenses/purchases/${a.body.purchaseId}/status`)).body;
        assert.ok(sa.completedSteps.includes("browser_activation"));
        const sb = (await w.call("GET", `/licenses/purchases/${b.body.purchaseId}/status`)).body;
        assert.ok(sb.vaultItemHandoff.fields.filter((f: any) => f.isSecret).length >= 3);
    });

    it("refuses an unknown license (404), a bad body (400) and a key without machine.license.write (403)", async () => {
        assert.equal((await w.call("POST", "/licenses/purchase", { licenseId: "nope" })).status, 404);
        const bad = await w.call("POST", "/licenses/purchase", { licenseId: "defend", quantity: -1 });
        assert.deepEqual([bad.status, bad.body.error.code], [400, "validation_error"]);
        assert.match(bad.body.error.message, /quantity/);
        const ro = w.emu.admin.mintKey({ scope: "AGENT", permissions: ["machine.license.read"] });
        assert.equal((await w.call("POST", "/licenses/purchase", { licenseId: "defend" }, ro.apiKey)).body.error.code, "missing_permission");
        assert.equal((await w.call("GET", "/licenses/purchases/job_x/status", undefined, ro.apiKey)).status, 404);
    });
});

describe("emulator: purchase jobs recover after restart", () => {
    it("an in-flight job keeps advancing in a new process on the same data dir", async () => {
        const w1 = await startWorld({ stepLatencyMs: 0 });
        w1.emu.admin.setFaults({ rules: [] });
        const clock = new ManualClock();
        await w1.close();
        const w2 = await startWorld({ clock, stepLatencyMs: 1000 }, w1.dataDir);
        const start = await w2.call("POST", "/licenses/purchase", { licenseId: "cloud-api" });
        await w2.close();
        const w3 = await startWorld({ clock, stepLatencyMs: 1000 }, w1.dataDir);
        for (let i = 0; i < 5; i++) {
            clock.advance(1000);
            w3.emu.admin.tickPurchases();
        }
        assert.equal((await w3.call("GET", `/licenses/purchases/${start.body.purchaseId}/status`)).body.status, "awaiting_vault_item");
        await w3.close();
    });
});

describe("emulator: purchase jobs run on their own as they fall due (system clock)", () => {
    async function statusWhen(w: World, id: string, wanted: string) {
        for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 20))) {
            const s = await w.call("GET", `/licenses/purchases/${id}/status`);
            if (s.body.status === wanted) return s.body;
        }
        assert.fail(`purchase ${id} did not reach ${wanted} within 10 s`);
    }

    it("advances a started job step by step and a resumed one again, with no tick from outside", async () => {
        const w = await startWorld({ stepLatencyMs: 25 });
        try {
            w.emu.admin.setFaults({ purchaseFailures: [{ step: "order", times: 1 }] });
            const start = await w.call("POST", "/licenses/purchase", { licenseId: "workspace" });
            const failed = await statusWhen(w, start.body.purchaseId, "failed");
            assert.equal(failed.failedStep, "order");
            assert.deepEqual(failed.completedSteps, ["domain", "company"]);
            assert.equal((await w.call("POST", `/licenses/purchases/${start.body.purchaseId}/resume`)).status, 200);
            const done = await statusWhen(w, start.body.purchaseId, "awaiting_vault_item");
            assert.deepEqual(done.completedSteps, ["domain", "company", "order", "provider_tenant"]);
            assert.equal(w.emu.admin.counters().store.ordersPlaced, 1);
        } finally {
            await w.close();
        }
    });
});
