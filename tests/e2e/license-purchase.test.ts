/**
 * LicensePurchase through the real engine against the emulator: the happy path for every seeded
 * product, dryRun, mode errors at preview, a failure injected at each step then resumed, a
 * failure past resumeAttempts continued by the next up, a lost start answer, drift, delete, and
 * getLicenseEnvironment matching the handoff. Handoff values are searched for in state, engine
 * output and the emulator's storage.
 */
import * as assert from "node:assert/strict";
import { opsByName, type TestStack } from "../harness/pulumi";
import { R4World } from "../harness/r4-world";
import { delta, handoffValues, purchaseProgram, storageText, store, vaultProgram } from "./license-purchase.helpers";

describe("LicensePurchase end to end", function () {
    let world: R4World;
    let vaultId: string;
    const stacks: TestStack[] = [];
    const stack = async (program: string) => {
        // Distinct stack names: the default externalLicenseId derives from project, stack and name.
        const s = await world.stack({ program, stackName: `lp${stacks.length}` });
        stacks.push(s);
        return s;
    };

    before(async () => {
        world = await R4World.start({ stepLatencyMs: 20 });
        vaultId = (await world.client.createVault({ name: "Licenses" })).id;
    });

    after(async () => {
        for (const s of stacks) await s.cleanup();
        await world?.stop();
    });

    for (const product of ["defend", "workspace", "cloud-api"]) {
        it(`buys ${product} once, stores the handoff encrypted, and previews no changes`, async () => {
            const before = store(world);
            const s = await stack(purchaseProgram(`{ licenseId: "${product}", vault: { mode: "existing", vaultId: "${vaultId}" } }`));
            await s.up();
            const out = await s.outputs();
            assert.equal(out.status, "succeeded");
            const licenseIds = out.licenseInstanceIds as string[];
            assert.equal(licenseIds.length, 1);
            const after = store(world);
            assert.equal(delta(after, before, "purchases"), 1);
            assert.equal(delta(after, before, "ordersPlaced"), 1);
            assert.equal(delta(after, before, "domainsBought"), product === "workspace" ? 1 : 0);
            const values = await handoffValues(world, licenseIds[0]);
            assert.ok(values.length >= 2);
            const { text } = await s.exportState();
            for (const [where, body] of Object.entries({ state: text, "engine output": s.output, "emulator storage": storageText(world) })) {
                values.forEach((v, i) => assert.ok(!body.includes(v), `handoff value #${i} appears in ${where}`));
            }
            await s.expectNoChanges();
            if (product === "defend") assert.match(s.output, /r4 LicensePurchase license: purchase \S+: in_progress/);
        });
    }

    it("stops a mode mistake at preview with a message that says what to add", async () => {
        const s = await stack(purchaseProgram(`{ licenseId: "defend", vault: { mode: "existing" } as any, domain: { mode: "existing-domain" } as any }`));
        const before = store(world);
        const result = await s.pulumi(["preview"], { allowFailure: true });
        assert.notEqual(result.code, 0);
        assert.match(result.stdout + result.stderr, /vault\.vaultId: mode "existing" needs vaultId/);
        assert.match(result.stdout + result.stderr, /domain\.domain: mode "existing-domain" needs domain/);
        assert.deepEqual(store(world), before);
    });

    it("goes through the whole flow on dryRun without creating paid resources", async () => {
        const before = store(world);
        const s = await stack(purchaseProgram(`{ licenseId: "workspace", dryRun: true, handoffVaultId: vault.id }`, `const vault = new r4.Vault("handoff", { name: "Dry-run handoff" });`));
        await s.up();
        const out = await s.outputs();
        assert.equal(out.status, "succeeded");
        assert.deepEqual(out.licenseInstanceIds, []);
        // The handoff was rehearsed too: an encrypted item holds the (test) setup fields.
        assert.ok(out.vaultItemId, "a dry run should still complete the encrypted handoff");
        const after = store(world);
        assert.equal(delta(after, before, "dryRunPurchases"), 1);
        for (const paid of ["purchases", "domainsBought", "companiesCreated", "ordersPlaced", "browserActivations"]) {
            assert.equal(after[paid] ?? 0, before[paid] ?? 0, `${paid} changed on a dry run`);
        }
        await s.expectNoChanges();
    });

    it("resumes a failure injected at each step, never repeating a paid step", async () => {
        const before = store(world);
        world.emulator.admin.setFaults({
            purchaseFailures: [
                ...["domain", "company", "order", "provider_tenant"].map((step) => ({ step, times: 1, licenseId: "workspace" })),
                { step: "browser_activation", times: 1, licenseId: "defend" },
            ],
        });
        try {
            const ws = await stack(purchaseProgram(`{ licenseId: "workspace", handoffVaultId: "${vaultId}", resumeAttempts: 5 }`));
            await ws.up();
            const wsOut = await ws.outputs();
            assert.equal(wsOut.status, "succeeded");
            assert.equal(wsOut.attempts, 5);
            const df = await stack(purchaseProgram(`{ licenseId: "defend", handoffVaultId: "${vaultId}" }`));
            await df.up();
            assert.equal((await df.outputs()).attempts, 2);
        } finally {
            world.emulator.admin.setFaults({});
        }
        const after = store(world);
        assert.equal(delta(after, before, "purchases"), 2);
        assert.equal(delta(after, before, "domainsBought"), 1);
        assert.equal(delta(after, before, "companiesCreated"), 2);
        assert.equal(delta(after, before, "ordersPlaced"), 2);
        assert.equal(delta(after, before, "browserActivations"), 1);
    });

    it("past resumeAttempts fails with the step and what to do, keeps the resource, and the next up continues the same job", async () => {
        const before = store(world);
        world.emulator.admin.setFaults({ purchaseFailures: [{ step: "order", times: 2, licenseId: "cloud-api", message: "Pax8 rejected the order." }] });
        const s = await stack(purchaseProgram(`{ licenseId: "cloud-api", handoffVaultId: "${vaultId}", resumeAttempts: 1 }`));
        try {
            const failed = await s.pulumi(["up", "--yes", "--skip-preview"], { allowFailure: true });
            assert.notEqual(failed.code, 0);
            const text = failed.stdout + failed.stderr;
            assert.match(text, /failed at step "order": Pax8 rejected the order\./);
            assert.match(text, /run `pulumi up` again: it resumes the same job/);
        } finally {
            world.emulator.admin.setFaults({});
        }
        const [recorded] = await s.resources();
        assert.ok(recorded.id.startsWith("job_"), "the engine recorded the started job");
        assert.ok(recorded.initErrors?.length > 0, "with an initialization error");
        assert.equal(recorded.outputs.status, "failed");
        await s.up();
        const out = await s.outputs();
        assert.equal(out.purchaseId, recorded.id);
        assert.equal(out.status, "succeeded");
        assert.equal(out.attempts, 3);
        const after = store(world);
        assert.equal(delta(after, before, "purchases"), 1);
        assert.equal(delta(after, before, "ordersPlaced"), 1);
        assert.equal(delta(after, before, "companiesCreated"), 1);
        assert.equal((await s.resources())[0].initErrors, undefined);
        await s.expectNoChanges();
    });

    it("ends with one purchase when the answer to the start request is lost", async () => {
        const before = store(world);
        world.emulator.admin.setFaults({ rules: [{ route: "POST /licenses/purchase", dropAfterCommit: 1 }] });
        const s = await stack(purchaseProgram(`{ licenseId: "defend", vault: { mode: "existing", vaultId: "${vaultId}" } }`));
        try {
            await s.up();
        } finally {
            world.emulator.admin.setFaults({});
        }
        assert.equal(world.emulator.admin.counters().faults.dropAfterCommit >= 1, true);
        assert.equal((await s.outputs()).status, "succeeded");
        const after = store(world);
        assert.equal(delta(after, before, "purchases"), 1);
        assert.equal(delta(after, before, "ordersPlaced"), 1);
        assert.match(s.output, /answer to the start request was lost, but purchase \S+ exists/);
    });

    it("sends the start once more when R4 dropped it before filing any job (10 s of lookups), and ends with one purchase", async () => {
        const before = store(world);
        const s = await stack(purchaseProgram(`{ licenseId: "defend", vault: { mode: "existing", vaultId: "${vaultId}" } }`));
        world.emulator.admin.setFaults({ rules: [{ route: "POST /licenses/purchase", dropBeforeCommit: 1 }] });
        // The outage ends while the provider is still looking for the job the first start might have made.
        const outage = setTimeout(() => world.emulator.admin.setFaults({}), 5000);
        try {
            await s.up();
        } finally {
            clearTimeout(outage);
            world.emulator.admin.setFaults({});
        }
        assert.match(s.output, /no purchase is filed under externalLicenseId \S+ 10 s later: starting it again/);
        assert.equal((await s.outputs()).status, "succeeded");
        const after = store(world);
        assert.equal(delta(after, before, "purchases"), 1);
        assert.equal(delta(after, before, "ordersPlaced"), 1);
    });

    it("getLicenseEnvironment and exposeCredentials return the handoff values as secrets; refresh keeps them secret", async () => {
        const s = await stack(
            purchaseProgram(
                `{ licenseId: "cloud-api", vault: { mode: "existing", vaultId: "${vaultId}" }, exposeCredentials: true }`,
                "",
            ) +
                `export const credentials = license.credentials;
export const env = r4.getLicenseEnvironment({ licenseInstanceId: license.licenseInstanceIds[0] }).env;
`,
        );
        await s.up();
        const plain = await s.outputs();
        assert.equal(plain.env, "[secret]");
        assert.equal(plain.credentials, "[secret]");
        const shown = await s.outputs({ showSecrets: true });
        const ids = shown.licenseInstanceIds as string[];
        const expected = (await world.client.getLicenseEnvironment(ids[0])).env;
        assert.deepEqual(shown.env, expected);
        assert.deepEqual(shown.credentials, expected);
        assert.deepEqual(Object.keys(expected).sort(), ["API_TOKEN", "CLIENT_ID", "CLIENT_SECRET", "TENANT_ID", "WEBHOOK_SIGNING_SECRET"]);
        await s.refresh();
        const values = await handoffValues(world, ids[0]);
        const { text } = await s.exportState();
        for (const [where, body] of Object.entries({ state: text, "engine output": s.output, "emulator storage": storageText(world) })) {
            values.forEach((v, i) => assert.ok(!body.includes(v), `handoff value #${i} appears in ${where}`));
        }
        await s.expectNoChanges();
    });

    it("shows an archived license as drift, and restoring it is a replacement that preview announces", async () => {
        const s = await stack(purchaseProgram(`{ licenseId: "defend", vault: { mode: "existing", vaultId: "${vaultId}" } }`));
        await s.up();
        const first = await s.outputs();
        const [licenseId] = first.licenseInstanceIds as string[];
        await world.client.licenses.archive(licenseId);
        assert.deepEqual(await s.refreshDrift(), { license: "update" });
        await s.refresh();
        // Stack outputs are recorded by `up`; the refreshed values are in the resource's state.
        const refreshed = (await s.resources())[0].outputs;
        assert.deepEqual(refreshed.licenseInstanceIds, []);
        assert.deepEqual(refreshed.archivedLicenseInstanceIds, [licenseId]);
        const preview = await s.preview();
        const step = preview.steps.find((st) => st.urn.endsWith("::license") && st.op.includes("replace"));
        assert.ok(step, "preview announces a replacement");
        assert.deepEqual(step.replaceReasons, ["licenseInstanceIds"]);
        const before = store(world);
        await s.up();
        const after = await s.outputs();
        assert.notEqual(after.purchaseId, first.purchaseId);
        assert.equal((after.licenseInstanceIds as string[]).length, 1);
        assert.equal(delta(store(world), before, "purchases"), 1);
        await s.expectNoChanges();
    });

    it("changes driving options in place, replaces for a new purchase, and delete archives and says nothing is refunded", async () => {
        const s = await stack(purchaseProgram(`{ licenseId: "defend", vault: { mode: "existing", vaultId: "${vaultId}" } }`));
        await s.up();
        const first = await s.outputs();
        s.writeProgram(purchaseProgram(`{ licenseId: "defend", vault: { mode: "existing", vaultId: "${vaultId}" }, timeoutMinutes: 10, resumeAttempts: 2 }`));
        assert.equal(opsByName(await s.preview()).license, "update");
        s.writeProgram(purchaseProgram(`{ licenseId: "defend", vault: { mode: "existing", vaultId: "${vaultId}" }, quantity: 2 }`));
        const preview = await s.preview();
        const step = preview.steps.find((st) => st.urn.endsWith("::license") && st.op.includes("replace"));
        assert.deepEqual(step?.replaceReasons, ["quantity"]);
        const before = store(world);
        await s.up();
        const replaced = await s.outputs();
        assert.notEqual(replaced.purchaseId, first.purchaseId);
        assert.equal((replaced.licenseInstanceIds as string[]).length, 2);
        assert.equal(delta(store(world), before, "purchases"), 1);
        const oldActive = (await world.client.licenses.list({ externalLicenseId: String(first.externalLicenseId) })).licenses;
        assert.equal(oldActive.length, 0, "the replaced purchase's license is archived");

        await s.destroy();
        assert.match(s.output, /NOT refunded or cancelled/);
        const active = (await world.client.licenses.list({ externalLicenseId: String(replaced.externalLicenseId) })).licenses;
        assert.equal(active.length, 0);
    });
});
