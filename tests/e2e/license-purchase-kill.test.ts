/**
 * LicensePurchase when `pulumi up` dies: SIGKILL while the job is polled, and again between the
 * handoff and the engine recording success; the next `up` finishes the same job and the emulator
 * counts exactly one purchase, one order and one domain. Also: past timeoutMinutes the operation
 * stops, and a later `up` continues the same job. Steps are slowed (stepLatencyMs) to make the
 * windows.
 */
import * as assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { handoffItemId } from "../../sdk/flows/purchases";
import { processTree } from "../harness/processes";
import type { TestStack } from "../harness/pulumi";
import { R4World } from "../harness/r4-world";
import { delta, handoffValues, purchaseProgram, storageText, store } from "./license-purchase.helpers";

const STEP_MS = 700;
const HANDOFF_ROUTE = "POST /licenses/purchases/:purchaseId/vault-item";

/** SIGKILL the `pulumi up` we spawned and everything it started, as a machine dying would. */
async function killUp(child: ChildProcess): Promise<void> {
    const pids = processTree(child.pid!);
    for (const pid of pids) {
        try {
            process.kill(pid, "SIGKILL");
        } catch {
            // already gone
        }
    }
    if (child.exitCode === null && child.signalCode === null) await new Promise((resolve) => child.once("exit", resolve));
}

async function waitFor(what: string, test: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (!(await test())) {
        if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
}

describe("LicensePurchase survives a killed pulumi up", function () {
    let world: R4World;
    let vaultId: string;
    const stacks: TestStack[] = [];
    const stack = async (program: string) => {
        const s = await world.stack({ program, stackName: `kill${stacks.length}` });
        stacks.push(s);
        return s;
    };

    before(async () => {
        world = await R4World.start({ stepLatencyMs: STEP_MS });
        vaultId = (await world.client.createVault({ name: "Licenses" })).id;
    });

    after(async () => {
        for (const s of stacks) await s.cleanup();
        await world?.stop();
    });

    it("SIGKILL while polling: the next up finishes the same job, one purchase, one order, one domain", async () => {
        const before = store(world);
        const s = await stack(purchaseProgram(`{ licenseId: "workspace", vault: { mode: "existing", vaultId: "${vaultId}" } }`));
        const up = s.spawnPulumi(["up", "--yes", "--skip-preview"]);
        await waitFor("the job to start", () => delta(store(world), before, "purchases") === 1);
        await waitFor("a paid step to complete", () => delta(store(world), before, "domainsBought") === 1);
        await killUp(up);
        const counts = world.emulator.admin.counters().requests;
        assert.equal(counts[HANDOFF_ROUTE] ?? 0, 0, "killed before the handoff");

        // What the engine leaves behind: the create it had started, as a pending operation.
        const { json } = await s.exportState();
        const pending = json.deployment.pending_operations ?? [];
        assert.equal(pending.length, 1);
        assert.equal(pending[0].type, "creating");
        assert.equal((await s.resources()).length, 0, "no LicensePurchase recorded yet");
        // ... and the killed process's stack lock, which `pulumi cancel` removes (file backend).
        await s.pulumi(["cancel", "--yes"]);

        const again = await s.up();
        console.log(again.stdout.split("\n").filter((l) => /pending/i.test(l)).map((l) => `      engine: ${l.trim()}`).join("\n"));
        assert.match(again.stdout + again.stderr, /continuing purchase \S+, filed under externalLicenseId/);
        const out = await s.outputs();
        assert.equal(out.status, "succeeded");
        const after = store(world);
        assert.equal(delta(after, before, "purchases"), 1);
        assert.equal(delta(after, before, "ordersPlaced"), 1);
        assert.equal(delta(after, before, "domainsBought"), 1);
        assert.equal(delta(after, before, "companiesCreated"), 1);
        // The engine (v3.276) keeps the dead create's pending operation through a non-interactive up;
        // `pulumi refresh --clear-pending-creates` drops it, and the purchase shows no drift.
        assert.equal(((await s.exportState()).json.deployment.pending_operations ?? []).length, 1);
        await s.pulumi(["refresh", "--yes", "--skip-preview", "--clear-pending-creates"]);
        assert.equal(((await s.exportState()).json.deployment.pending_operations ?? []).length, 0);
        assert.equal((await s.resources())[0].id, out.purchaseId);
        const values = await handoffValues(world, (out.licenseInstanceIds as string[])[0]);
        const { text } = await s.exportState();
        for (const [where, body] of Object.entries({ state: text, "engine output": s.output, "emulator storage": storageText(world) })) {
            values.forEach((v, i) => assert.ok(!body.includes(v), `handoff value #${i} appears in ${where}`));
        }
        await s.expectNoChanges();
        console.log(`      counted: purchases ${delta(after, before, "purchases")}, orders ${delta(after, before, "ordersPlaced")}, domains ${delta(after, before, "domainsBought")}`);
    });

    it("SIGKILL between the handoff and success: the next up adopts the finished job, one purchase, one order, one domain, one item", async () => {
        const before = store(world);
        const beforeHandoffs = world.emulator.admin.counters().requests[HANDOFF_ROUTE] ?? 0;
        world.emulator.admin.setFaults({ rules: [{ route: "POST /licenses/purchases/*/vault-item", latencyMs: 3000 }] });
        const s = await stack(purchaseProgram(`{ licenseId: "workspace", vault: { mode: "existing", vaultId: "${vaultId}" } }`));
        try {
            const up = s.spawnPulumi(["up", "--yes", "--skip-preview"]);
            await waitFor("the handoff request", () => (world.emulator.admin.counters().requests[HANDOFF_ROUTE] ?? 0) > beforeHandoffs);
            await killUp(up);
            // The emulator finishes the delayed handoff on its own: the job succeeds unseen.
            await new Promise((resolve) => setTimeout(resolve, 3500));
        } finally {
            world.emulator.admin.setFaults({});
        }
        assert.equal((await s.resources()).length, 0, "no LicensePurchase recorded yet");
        await s.pulumi(["cancel", "--yes"]);
        await s.up();
        const out = await s.outputs();
        assert.equal(out.status, "succeeded");
        assert.equal(out.vaultItemId, handoffItemId(String(out.purchaseId), vaultId));
        const after = store(world);
        assert.equal(delta(after, before, "purchases"), 1);
        assert.equal(delta(after, before, "ordersPlaced"), 1);
        assert.equal(delta(after, before, "domainsBought"), 1);
        const items = (await world.client.items.list(vaultId)).items.filter((i: { id: string }) => i.id === out.vaultItemId);
        assert.equal(items.length, 1);
        await s.expectNoChanges();
        console.log(`      counted: purchases ${delta(after, before, "purchases")}, orders ${delta(after, before, "ordersPlaced")}, domains ${delta(after, before, "domainsBought")}`);
    });

    it("stops past timeoutMinutes saying a later up continues, and a later up does", async () => {
        const before = store(world);
        const s = await stack(purchaseProgram(`{ licenseId: "workspace", handoffVaultId: "${vaultId}", timeoutMinutes: 0.02 }`));
        const first = await s.pulumi(["up", "--yes", "--skip-preview"], { allowFailure: true });
        assert.notEqual(first.code, 0);
        assert.match(first.stdout + first.stderr, /after 0\.02 minute\(s\) \(timeoutMinutes\).*run `pulumi up` again to continue the same job/s);
        const [recorded] = await s.resources();
        assert.ok(recorded.id.startsWith("job_"));
        s.writeProgram(purchaseProgram(`{ licenseId: "workspace", handoffVaultId: "${vaultId}", timeoutMinutes: 5 }`));
        await s.up();
        const out = await s.outputs();
        assert.equal(out.purchaseId, recorded.id);
        assert.equal(out.status, "succeeded");
        const after = store(world);
        assert.equal(delta(after, before, "purchases"), 1);
        assert.equal(delta(after, before, "domainsBought"), 1);
        assert.equal(delta(after, before, "ordersPlaced"), 1);
    });
});
