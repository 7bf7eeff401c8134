/**
 * Fault matrix: the 40-resource quickstart stack (all six resource types) through up, preview,
 * refresh and destroy under each seeded emulator schedule. Every run must end with exactly the
 * declared objects in R4 (no duplicate, none lost), every value decrypting to what the program
 * set, a clean preview and refresh, nothing live after destroy, and no plaintext secret in the
 * exported state, the engine's output or the emulator's database.
 *
 * CI runs every schedule kind once; R4_RELIABILITY=full runs each with several seeds.
 */
import * as assert from "node:assert/strict";
import { type Emulator, startEmulator } from "../../emulator";
import { Prng } from "../../emulator/faults/prng";
import { CommandError, type RunResult, type TestStack } from "../harness/pulumi";
import { R4World } from "../harness/r4-world";
import {
    assertExactlyDeclared, assertNothingLive, faultDelta, FULL, leakScan, quickstart, record, requestTotal, runSecrets, SEED,
} from "./lib";

interface Schedule {
    name: string;
    /** Emulator fault rules (seeded); none for the restart schedule, whose fault is the restarts. */
    rules?: unknown[];
    restarts?: number;
}

const SCHEDULES: Schedule[] = [
    { name: "20% 429 with Retry-After", rules: [{ route: "**", status429: 0.2 }] },
    { name: "10% 503", rules: [{ route: "**", status503: 0.1 }] },
    { name: "10% dropped connections, before and after commit", rules: [{ route: "**", dropBeforeCommit: 0.05, dropAfterCommit: 0.05 }] },
    { name: "200 ms latency with jitter", rules: [{ route: "**", latencyMs: 200, jitterMs: 100 }] },
    { name: "emulator restarted twice during up", restarts: 2 },
];

const SEEDS = FULL ? [SEED, SEED + 1] : [SEED];

/** Requests a clean run of each phase costs, measured once, so retries spent = requests - baseline. */
const baseline: Record<string, number> = {};

/** Closes the emulator and starts it again on the same port and data directory (what a server restart is). */
async function restart(world: R4World, faults: Record<string, number>, carried: { requests: number; faultsSeen: Record<string, number> }): Promise<void> {
    const old = world.emulator;
    const c = old.admin.counters();
    for (const [k, v] of Object.entries(faultDelta(c.faults, carried.faultsSeen))) faults[k] = (faults[k] ?? 0) + v;
    carried.faultsSeen = {};
    carried.requests += requestTotal(c.requests);
    await old.close();
    const fresh: Emulator = await startEmulator({ port: old.port, dataDir: world.dataDir, rsaBits: 2048 });
    (world as unknown as { emulator: Emulator }).emulator = fresh;
    faults.restart = (faults.restart ?? 0) + 1;
}

describe("reliability: fault matrix over the quickstart stack", function () {
    this.timeout(30 * 60_000);

    // The baseline (requests a clean run costs) only in the full run; CI runs each schedule once on a
    // 22-resource slice of the stack (2 items per vault), the full run on all 40.
    for (const schedule of [...(FULL ? [{ name: "no faults (baseline)" } as Schedule] : []), ...SCHEDULES]) {
        const seeds = schedule.rules || schedule.restarts ? SEEDS : [SEED];
        for (const seed of seeds) {
            it(`${schedule.name}, seed ${seed}`, async () => {
                const started = Date.now();
                const world = await R4World.start();
                const tag = `R${seed % 1000}${schedule.name.replace(/[^A-Za-z0-9]/g, "").slice(0, 6)}`;
                const q = quickstart({ seed, tag, managedDomain: world.credentials.managedDomain, domainTenantId: world.credentials.domainTenantId, itemsPerVault: FULL ? 8 : 2 });
                assert.ok(q.total >= (FULL ? 40 : 22), `the stack declares ${q.total} resources`);
                let stack: TestStack | undefined;
                const faults: Record<string, number> = {};
                const requests: Record<string, number> = {};
                const notes: string[] = [];
                let upAttempts = 0;
                let extra = 0;
                const setFaults = (phaseSeed: number) => {
                    if (schedule.rules) world.emulator.admin.setFaults({ seed: phaseSeed, rules: schedule.rules });
                };
                // Requests answered by emulators closed by a restart, and requests already attributed to a phase.
                const carried = { requests: 0, faultsSeen: {} as Record<string, number> };
                let counted = 0;
                const phaseRequests = (phase: string) => {
                    const c = world.emulator.admin.counters();
                    for (const [k, v] of Object.entries(faultDelta(c.faults, carried.faultsSeen))) faults[k] = (faults[k] ?? 0) + v;
                    carried.faultsSeen = { ...c.faults }; // the engine's counters are cumulative
                    const total = carried.requests + requestTotal(c.requests);
                    requests[phase] = (requests[phase] ?? 0) + total - counted;
                    counted = total;
                    world.emulator.admin.setFaults({}); // the checks run fault-free
                };
                let ok = false;
                let objects = 0, decrypted = 0, secretsScanned = 0, texts = 0;
                try {
                    stack = await world.stack({ program: q.program });
                    // ---- up, under the schedule ------------------------------------------------
                    setFaults(seed);
                    const prng = new Prng(seed);
                    let upError: string | undefined;
                    upAttempts++;
                    if (schedule.restarts) {
                        // Restarts tied to progress, so both land inside `up`: after a seeded k1 in the
                        // first third of the creates, and k2 in the middle third.
                        const k1 = 3 + Math.floor(prng.next() * Math.max(1, q.total / 3 - 3));
                        const k2 = Math.floor(q.total / 2 + prng.next() * (q.total / 6));
                        notes.push(`restarts after ${k1} and ${k2} resources created`);
                        let restarting: Promise<void> = Promise.resolve();
                        const result = await upWatching(stack, (created) => {
                            if (created === k1 || created === k2) restarting = restarting.then(() => restart(world, faults, carried));
                        });
                        await restarting;
                        assert.equal(faults.restart, 2, "both restarts happened during up");
                        if (result.code !== 0) upError = result.stdout + result.stderr;
                    } else {
                        try {
                            await stack.up();
                        } catch (err) {
                            if (!(err instanceof CommandError)) throw err;
                            upError = err.result.stdout + err.result.stderr;
                        }
                    }
                    if (upError !== undefined) {
                        // Allowed only when a fault outlasted what may be resent: the failure must say what happened and what to do.
                        const reason = upError.split("\n").filter((l) => /error:/.test(l)).slice(0, 3).map((l) => l.trim());
                        notes.push(`first up failed: ${reason.join(" | ")}`);
                        assert.match(upError, /R4|r4|retry|again|answer/, "the failure names what happened");
                        upAttempts++;
                        await stack.up();
                    }
                    phaseRequests("up");
                    const checked = await assertExactlyDeclared(world, q, stack);
                    objects += checked.objects;
                    decrypted += checked.decrypted;

                    // ---- preview and refresh under the same schedule: no changes --------------
                    setFaults(seed + 101);
                    await stack.expectNoChanges();
                    await stack.refresh({ expectNoChanges: true });
                    phaseRequests("previewRefresh");
                    const again = await assertExactlyDeclared(world, q, stack);
                    objects += again.objects;
                    decrypted += again.decrypted;
                    const secrets = await runSecrets(world, stack, q);

                    // ---- destroy under the schedule -------------------------------------------
                    setFaults(seed + 202);
                    try {
                        await stack.destroy();
                    } catch (err) {
                        if (!(err instanceof CommandError)) throw err;
                        notes.push("first destroy failed; destroyed on the second");
                        await stack.destroy();
                    }
                    phaseRequests("destroy");
                    await assertNothingLive(world, q);
                    const scan = await leakScan(world, stack, secrets);
                    secretsScanned = scan.secrets;
                    texts = scan.texts;
                    if (!schedule.rules && !schedule.restarts) {
                        Object.assign(baseline, requests);
                    } else if (baseline.up !== undefined) {
                        extra = ["up", "previewRefresh", "destroy"].reduce((n, p) => n + ((requests[p] ?? 0) - (baseline[p] ?? 0)), 0);
                    }
                    ok = true;
                } finally {
                    record({
                        suite: "fault matrix", scenario: schedule.name, seed, ok, seconds: (Date.now() - started) / 1000, upAttempts,
                        faultsInjected: faults, requests: requestTotal(requests), extraRequests: (schedule.rules || schedule.restarts) && baseline.up !== undefined ? extra : undefined,
                        objectsChecked: objects, valuesDecrypted: decrypted, secretsScanned, textsScanned: texts, notes,
                    });
                    await stack?.cleanup();
                    await world.stop();
                }
            });
        }
    }
});

/** `pulumi up`, calling `onCreated(n)` as the n-th resource is reported created. */
function upWatching(stack: TestStack, onCreated: (n: number) => void): Promise<RunResult> {
    const child = stack.spawnPulumi(["up", "--yes", "--skip-preview"]);
    let stdout = "", stderr = "", pending = "", created = 0;
    child.stdout.on("data", (d: Buffer) => {
        stdout += d.toString();
        pending += d.toString();
        const lines = pending.split("\n");
        pending = lines.pop() ?? "";
        for (const line of lines) if (/dynamic\/r4:/.test(line) && /\bcreated \(/.test(line)) onCreated(++created);
    });
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    return new Promise((resolve) => child.on("close", (code) => {
        stack.output += stdout + stderr;
        resolve({ code: code ?? -1, stdout, stderr });
    }));
}
