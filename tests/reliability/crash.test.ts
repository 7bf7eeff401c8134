/**
 * Crash recovery: `pulumi up` is SIGKILLed (with its language host and provider processes, as a
 * crashed machine would lose them) after a seeded number of resources were reported created.
 * Then a user's recovery: look at the pending operations the engine left, import the ones whose
 * object R4 holds (`pulumi refresh --import-pending-creates URN ID`), clear the rest
 * (`--clear-pending-creates`), `pulumi up`. The stack must converge with no duplicate and no lost
 * object, every value decrypting, refresh clean, and no secret leaked.
 */
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { Prng } from "../../emulator/faults/prng";
import type { TestStack } from "../harness/pulumi";
import { R4World } from "../harness/r4-world";
import { assertExactlyDeclared, assertNothingLive, census, FULL, leakScan, quickstart, type Quickstart, record, runSecrets, SEED } from "./lib";

const KILL_POINTS = FULL ? 10 : 2;

/** Every descendant pid of `pid` (the language host, the provider, ...), deepest last. */
function descendants(pid: number): number[] {
    let children: number[] = [];
    try {
        children = execFileSync("pgrep", ["-P", String(pid)], { encoding: "utf8" }).split("\n").filter(Boolean).map(Number);
    } catch {
        // pgrep exits 1 when there are none
    }
    return children.flatMap((c) => [c, ...descendants(c)]);
}

/** Runs `pulumi up` and SIGKILLs it (and its process tree) once `k` resources are reported created. */
async function upKilledAfter(stack: TestStack, k: number): Promise<{ created: number; killed: boolean }> {
    const child = stack.spawnPulumi(["up", "--yes", "--skip-preview"]);
    let created = 0;
    let killed = false;
    let text = "";
    const done = new Promise<void>((resolve) => child.on("close", () => resolve()));
    const onData = (d: Buffer) => {
        text += d.toString();
        const lines = text.split("\n");
        text = lines.pop() ?? "";
        for (const line of lines) {
            stack.output += line + "\n";
            if (/\bcreated \(/.test(line) && /dynamic\/r4:/.test(line)) created++;
            if (!killed && created >= k) {
                killed = true;
                const tree = descendants(child.pid!);
                for (const pid of [child.pid!, ...tree]) {
                    try {
                        process.kill(pid, "SIGKILL");
                    } catch {
                        // already gone
                    }
                }
            }
        }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", (d: Buffer) => (stack.output += d.toString()));
    await done;
    // Requests the dead provider had already sent are still being answered: a person looks later than that.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    return { created, killed };
}

interface Pending {
    urn: string;
    type: string;
    inputs: Record<string, any>;
    op: string;
}

/**
 * What a user does after a crash, per pending create: find the object in R4 by what the program
 * declared (ids the state does not yet hold). Found: import it. Not found: clear it. An agent
 * found is archived instead: its one-time key was never delivered, so a fresh agent replaces it.
 */
async function resolvePending(world: R4World, stack: TestStack, q: Quickstart): Promise<{ imported: string[][]; cleared: number; archived: number; pending: Pending[]; unlock: string }> {
    // The killed process left its lock: every command refuses until it is gone. The engine points
    // at `pulumi cancel`; where that cannot remove a local backend's lock, the lock file goes.
    let unlock = "none needed";
    const locks = lockFiles(stack);
    if (locks.length > 0) {
        const cancel = await stack.pulumi(["cancel", "--yes", stack.stackName], { allowFailure: true });
        if (lockFiles(stack).length === 0) unlock = "pulumi cancel";
        else {
            for (const f of lockFiles(stack)) fs.rmSync(f);
            unlock = `lock file removed (pulumi cancel: ${(cancel.stdout + cancel.stderr).trim().split("\n").pop()})`;
        }
    }
    const restored = await restoreTruncatedCheckpoint(stack);
    if (restored) unlock += `; ${restored}`;
    const { json } = await stack.exportState();
    const pending: Pending[] = (json.deployment.pending_operations ?? []).map((p: any) => ({ urn: p.resource.urn, type: p.resource.type, inputs: p.resource.inputs ?? {}, op: p.type }));
    const known = new Set((json.deployment.resources ?? []).map((r: any) => r.id).filter(Boolean));
    const c = world.client;
    const imported: string[][] = [];
    let cleared = 0, archived = 0;
    for (const p of pending) {
        assert.equal(p.op, "creating", `only creates are in flight during a first up (${p.urn})`);
        const kind = p.type.split(":").pop();
        const i = p.inputs;
        let candidates: string[] = [];
        if (kind === "Project") {
            candidates = (await c.projects.list()).projects.filter((x) => x.name === i.name && (x.externalId ?? undefined) === i.externalId).map((x) => x.id);
        } else if (kind === "Vault") {
            candidates = (await c.vaults.list()).vaults.filter((x: any) => x.name === i.name).map((x: any) => x.id);
        } else if (kind === "VaultItem" && typeof i.vaultId === "string") {
            candidates = ((await c.items.list(i.vaultId)).items as any[]).filter((x) => x.name === i.name).map((x) => x.id);
        } else if (kind === "DnsRecord") {
            const records = (await c.dns.list(i.domain)).records;
            if (records.some((r) => r.type === i.type && r.name === i.name && r.value === i.value)) candidates = [[i.domain, i.type, i.name, i.value].join("/")];
        } else if (kind === "Agent") {
            for (const a of (await c.agents.list()).agents.filter((x: any) => x.name === i.name && !known.has(x.id))) {
                await c.agents.archive(a.id);
                archived++;
            }
        }
        // LicensePurchase: create looks the purchase up by its externalLicenseId first, so clearing is safe.
        const fresh = candidates.filter((id) => !known.has(id));
        assert.ok(fresh.length <= 1, `at most one orphan per pending create (${p.urn}: ${fresh.join(", ")})`);
        if (fresh.length === 1) imported.push([p.urn, fresh[0]]);
        else cleared++;
    }
    const args = ["refresh", "--yes", "--skip-preview"];
    for (const [urn, id] of imported) args.push("--import-pending-creates", urn, "--import-pending-creates", id);
    if (cleared > 0) args.push("--clear-pending-creates");
    if (pending.length > 0) await stack.pulumi(args);
    // Creates in flight at the kill need not appear as pending operations: the state never heard of
    // them. Anything of the program's that R4 holds but the state does not is such an orphan; it is
    // archived (or, for a DNS record, deleted) so that `up` makes the one the state will track.
    const stateIds = new Set((await stack.resources()).map((r: any) => String(r.id)));
    const live = await census(world, q);
    let swept = 0;
    for (const p of live.projects.filter((x) => !stateIds.has(x.id))) swept += (await c.projects.archive({ id: p.id }), 1);
    for (const v of live.vaults.filter((x) => !stateIds.has(x.id))) swept += (await c.archiveVault(v.id), 1);
    for (const i of live.items.filter((x) => !stateIds.has(x.id) && live.vaults.some((v) => v.id === x.vaultId && stateIds.has(v.id)))) swept += (await c.archiveItem(i.vaultId, i.id), 1);
    for (const a of live.agents.filter((x) => !stateIds.has(x.id))) swept += (await c.agents.archive(a.id), 1);
    const domain = world.credentials.managedDomain;
    for (const r of live.dns.filter((x) => !stateIds.has([domain, x.type, x.name, x.value].join("/")))) {
        const full = (await c.dns.list(domain)).records.find((x) => x.type === r.type && x.name === r.name && x.value === r.value)!;
        await c.dns.delete({ domain, record: { type: full.type, name: full.name, value: full.value, ...(full.type === "MX" ? { mxPref: full.mxPref ?? undefined } : {}) } as any });
        swept++;
    }
    return { imported, cleared, archived: archived + swept, pending, unlock };
}

/**
 * A kill can land while the engine rewrites the checkpoint: `stack export` then fails with
 * "failed to load checkpoint: EOF". The local backend keeps the previous checkpoint beside it
 * (`.pulumi/stacks/PROJECT/STACK.json.bak`) and older ones under `.pulumi/backups/`: put the
 * newest readable one back. Creates it does not know about are then orphans, swept below.
 */
async function restoreTruncatedCheckpoint(stack: TestStack): Promise<string | undefined> {
    const probe = await stack.pulumi(["stack", "export"], { allowFailure: true });
    if (probe.code === 0) return undefined;
    const root = path.join(stack.dir, "backend", ".pulumi");
    const all = (fs.readdirSync(root, { recursive: true }) as string[]).map((f) => path.join(root, f)).filter((f) => fs.statSync(f).isFile());
    const current = all.find((f) => f.includes(`${path.sep}stacks${path.sep}`) && f.endsWith(`${stack.stackName}.json`));
    assert.ok(current, `the checkpoint failed to load (${probe.stderr.trim()}) and no stack file was found`);
    const candidates = [...all.filter((f) => f === current + ".bak"), ...all.filter((f) => f.includes(`${path.sep}backups${path.sep}`)).sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)];
    for (const candidate of candidates) {
        try {
            JSON.parse(fs.readFileSync(candidate, "utf8"));
        } catch {
            continue;
        }
        fs.copyFileSync(candidate, current);
        if ((await stack.pulumi(["stack", "export"], { allowFailure: true })).code === 0) {
            return `checkpoint truncated by the kill (${probe.stderr.trim().split("\n").pop()}); restored ${path.basename(candidate)}`;
        }
    }
    const seen = all.filter((f) => !f.includes(`${path.sep}locks${path.sep}`)).map((f) => `${path.relative(root, f)} (${fs.statSync(f).size} B)`);
    assert.fail(`the checkpoint failed to load (${probe.stderr.trim()}) and no backup restored it; backend files: ${seen.join(", ")}`);
}

function lockFiles(stack: TestStack): string[] {
    const root = path.join(stack.dir, "backend", ".pulumi", "locks");
    if (!fs.existsSync(root)) return [];
    return (fs.readdirSync(root, { recursive: true }) as string[]).map((f) => path.join(root, f)).filter((f) => f.endsWith(".json") && fs.statSync(f).isFile());
}

describe("reliability: SIGKILL during up, then refresh and up converge", function () {
    this.timeout(60 * 60_000);
    const prng = new Prng(SEED + 7);
    const small = !FULL;

    it("a checkpoint truncated by a kill is restored from the backend's previous checkpoint", async () => {
        const world = await R4World.start();
        const stack = await world.stack({ program: `import * as r4 from "pulumi-r4";\nnew r4.Vault("v", { name: "Truncated" });\nnew r4.Project("p", { name: "Truncated" });\n` });
        try {
            await stack.up();
            await stack.refresh(); // one more checkpoint write, so a previous one exists
            const root = path.join(stack.dir, "backend", ".pulumi");
            const file = (fs.readdirSync(root, { recursive: true }) as string[]).map((f) => path.join(root, f)).find((f) => f.includes(`${path.sep}stacks${path.sep}`) && f.endsWith(`${stack.stackName}.json`))!;
            fs.truncateSync(file, 0); // what a kill in the middle of the write left behind once
            assert.match((await stack.pulumi(["stack", "export"], { allowFailure: true })).stderr, /failed to load checkpoint/);
            assert.match(String(await restoreTruncatedCheckpoint(stack)), /restored/);
            await stack.expectNoChanges();
            await stack.destroy();
        } finally {
            await stack.cleanup();
            await world.stop();
        }
    });

    for (let point = 0; point < KILL_POINTS; point++) {
        // Seeded kill points spread across the stack's creation.
        const total = small ? 22 : 40;
        const k = 1 + Math.floor(((point + prng.next()) / KILL_POINTS) * (total - 2));
        it(`kill point ${point + 1}/${KILL_POINTS}: after ${k} resources created`, async () => {
            const started = Date.now();
            const world = await R4World.start();
            const q = quickstart({
                seed: SEED + point, tag: `K${point}x${k}`, managedDomain: world.credentials.managedDomain, domainTenantId: world.credentials.domainTenantId,
                itemsPerVault: small ? 2 : 8,
            });
            let stack: TestStack | undefined;
            let ok = false;
            const notes: string[] = [];
            let objects = 0, decrypted = 0, secretsScanned = 0, texts = 0;
            try {
                stack = await world.stack({ program: q.program });
                const { created, killed } = await upKilledAfter(stack, k);
                notes.push(killed ? `killed after ${created} created` : `up finished before the kill point (${created} created)`);
                const r = await resolvePending(world, stack, q);
                notes.push(`unlock: ${r.unlock}`);
                notes.push(`pending creates ${r.pending.length}: imported ${r.imported.length}, cleared ${r.cleared}, orphans archived ${r.archived}`);
                await stack.up();
                const checked = await assertExactlyDeclared(world, q, stack);
                objects = checked.objects;
                decrypted = checked.decrypted;
                await stack.expectNoChanges();
                await stack.refresh({ expectNoChanges: true });
                const secrets = await runSecrets(world, stack, q);
                await stack.destroy();
                await assertNothingLive(world, q);
                const scan = await leakScan(world, stack, secrets);
                secretsScanned = scan.secrets;
                texts = scan.texts;
                ok = true;
            } finally {
                record({ suite: "crash recovery", scenario: `SIGKILL after ${k} created`, seed: SEED + point, ok, seconds: (Date.now() - started) / 1000, upAttempts: 2, objectsChecked: objects, valuesDecrypted: decrypted, secretsScanned, textsScanned: texts, notes });
                await stack?.cleanup();
                await world.stop();
            }
        });
    }
});
