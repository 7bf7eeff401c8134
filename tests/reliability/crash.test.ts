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
import { assertNoLeak, R4World } from "../harness/r4-world";
import { assertExactlyDeclared, assertNothingLive, type Census, census, FULL, leakScan, quickstart, record, runSecrets, SEED } from "./lib";

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

/**
 * What a user does after a crash: `pulumi cancel` for the lock the killed process left; if the
 * kill truncated the checkpoint, put back the newest readable one the backend kept (or, with
 * none, start the stack over); then `pulumi refresh --clear-pending-creates` and `pulumi up`.
 * No lookup by hand: a create the engine forgot is found by the provider's create journal and
 * adopted (agents with a fresh key), so `up` makes nothing twice.
 */
async function recover(stack: TestStack): Promise<{ pending: number; unlock: string }> {
    let unlock = "none needed";
    if (lockFiles(stack).length > 0) {
        const cancel = await stack.pulumi(["cancel", "--yes", stack.stackName], { allowFailure: true });
        if (lockFiles(stack).length === 0) unlock = "pulumi cancel";
        else {
            // Never seen with the local backend; the engine's own advice if `cancel` cannot help.
            for (const f of lockFiles(stack)) fs.rmSync(f);
            unlock = `lock file removed (pulumi cancel: ${(cancel.stdout + cancel.stderr).trim().split("\n").pop()})`;
        }
    }
    const restored = await restoreTruncatedCheckpoint(stack);
    if (restored) unlock += `; ${restored}`;
    const { json } = await stack.exportState();
    const pending: any[] = json.deployment.pending_operations ?? [];
    for (const p of pending) assert.equal(p.type, "creating", `only creates are in flight during a first up (${p.resource.urn})`);
    await stack.pulumi(["refresh", "--yes", "--skip-preview", "--clear-pending-creates"]);
    return { pending: pending.length, unlock };
}

/**
 * A kill can land while the engine rewrites the checkpoint: `stack export` then fails with
 * "failed to load checkpoint: EOF". The local backend keeps the previous checkpoint beside it
 * (`.pulumi/stacks/PROJECT/STACK.json.bak`), older ones under `.pulumi/backups/` and the one of
 * every finished update under `.pulumi/history/`: put the newest readable one back. With none
 * readable, the stack starts over (the unreadable file removed, `pulumi stack init`, the stack's
 * config file kept): its next `up` finds every object through the create journal.
 */
async function restoreTruncatedCheckpoint(stack: TestStack): Promise<string | undefined> {
    const probe = await stack.pulumi(["stack", "export"], { allowFailure: true });
    if (probe.code === 0) return undefined;
    const failure = probe.stderr.trim().split("\n").pop();
    const root = path.join(stack.dir, "backend", ".pulumi");
    const all = (fs.readdirSync(root, { recursive: true }) as string[]).map((f) => path.join(root, f)).filter((f) => fs.statSync(f).isFile());
    const current = all.find((f) => f.includes(`${path.sep}stacks${path.sep}`) && f.endsWith(`${stack.stackName}.json`));
    assert.ok(current, `the checkpoint failed to load (${probe.stderr.trim()}) and no stack file was found`);
    const kept = (dir: string, suffix: string) =>
        all.filter((f) => f.includes(`${path.sep}${dir}${path.sep}`) && f.endsWith(suffix)).sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
    for (const candidate of [...all.filter((f) => f === current + ".bak"), ...kept("backups", ".json"), ...kept("history", ".checkpoint.json")]) {
        try {
            JSON.parse(fs.readFileSync(candidate, "utf8"));
        } catch {
            continue;
        }
        fs.copyFileSync(candidate, current);
        if ((await stack.pulumi(["stack", "export"], { allowFailure: true })).code === 0) {
            return `checkpoint truncated by the kill (${failure}); restored ${path.relative(root, candidate)}`;
        }
    }
    // `pulumi stack rm` itself fails on the unreadable file: it goes by hand; the stack's config file stays.
    fs.rmSync(current);
    await stack.pulumi(["stack", "init", stack.stackName, "--secrets-provider", "passphrase"]);
    return `checkpoint truncated by the kill (${failure}) with no readable copy; stack started over`;
}

/** The ids the state would give the census's objects (a DNS record's id is DOMAIN/TYPE/NAME/VALUE). */
function liveIds(c: Census, domain: string): string[] {
    return [...c.projects, ...c.vaults, ...c.items, ...c.agents].map((x) => x.id).concat(c.dns.map((r) => [domain, r.type, r.name, r.value].join("/")));
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

    const stackFile = (stack: TestStack) => {
        const root = path.join(stack.dir, "backend", ".pulumi");
        return (fs.readdirSync(root, { recursive: true }) as string[]).map((f) => path.join(root, f)).find((f) => f.includes(`${path.sep}stacks${path.sep}`) && f.endsWith(`${stack.stackName}.json`))!;
    };

    it("a checkpoint truncated by a kill is restored from the backend's previous checkpoint", async () => {
        const world = await R4World.start();
        const stack = await world.stack({ program: `import * as r4 from "pulumi-r4";\nnew r4.Vault("v", { name: "Truncated" });\nnew r4.Project("p", { name: "Truncated" });\n` });
        try {
            await stack.up();
            await stack.refresh(); // one more checkpoint write, so a previous one exists
            fs.truncateSync(stackFile(stack), 0); // what a kill in the middle of the write left behind once
            assert.match((await stack.pulumi(["stack", "export"], { allowFailure: true })).stderr, /failed to load checkpoint/);
            assert.match(String(await restoreTruncatedCheckpoint(stack)), /restored/);
            await stack.expectNoChanges();
            await stack.destroy();
        } finally {
            await stack.cleanup();
            await world.stop();
        }
    });

    it("with no readable checkpoint at all, a stack started over adopts every object through the create journal", async () => {
        const world = await R4World.start();
        const { managedDomain, domainTenantId } = world.credentials;
        const stack = await world.stack({
            program: [
                `import * as r4 from "pulumi-r4";`,
                `const v = new r4.Vault("v", { name: "Lost state" });`,
                `new r4.VaultItem("i", { vaultId: v.id, name: "db", type: "LOGIN", fields: [{ name: "password", type: "PASSWORD", value: "lost-state-value" }] });`,
                `new r4.Project("p", { name: "Lost state" });`,
                `new r4.DnsRecord("d", { domain: "${managedDomain}", type: "TXT", name: "lost-state", value: "kept" });`,
                `new r4.Agent("a", { name: "lost-state-agent", domainTenantId: "${domainTenantId}", permissions: ["machine.vault.read"] });`,
            ].join("\n"),
        });
        try {
            await stack.up();
            const before = new Map((await stack.resources()).filter((r) => r.type.includes("dynamic/r4:")).map((r) => [r.urn, r.id]));
            assert.equal(before.size, 5);
            const backend = path.join(stack.dir, "backend", ".pulumi");
            fs.truncateSync(stackFile(stack), 0);
            for (const f of fs.readdirSync(backend, { recursive: true }) as string[]) {
                const full = path.join(backend, f);
                if (fs.statSync(full).isFile() && (f.endsWith(".bak") || f.includes(`backups${path.sep}`) || f.includes(`history${path.sep}`))) fs.rmSync(full);
            }
            assert.match(String(await restoreTruncatedCheckpoint(stack)), /started over/);
            await stack.up();
            const after = new Map((await stack.resources()).filter((r) => r.type.includes("dynamic/r4:")).map((r) => [r.urn, r.id]));
            assert.deepEqual(after, before, "every resource has its old object back");
            const c = world.client;
            assert.equal((await c.vaults.list()).vaults.filter((x: any) => x.name === "Lost state").length, 1);
            assert.equal((await c.projects.list()).projects.filter((x) => x.name === "Lost state").length, 1);
            assert.equal((await c.agents.list()).agents.filter((x: any) => x.name === "lost-state-agent" && !x.archivedAt).length, 1);
            assert.equal((await c.dns.list(managedDomain)).records.filter((r) => r.name === "lost-state").length, 1);
            await stack.expectNoChanges();
            await stack.refresh({ expectNoChanges: true });
            const state = (await stack.exportState()).text;
            await stack.destroy();
            assertNoLeak({ state, output: stack.output }, ["lost-state-value", ...world.secrets()]);
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
                const r = await recover(stack);
                notes.push(`unlock: ${r.unlock}`);
                // What the journal had to do: objects R4 holds that the state does not, adopted by `up`.
                const tracked = new Set((await stack.resources()).map((x) => String(x.id)));
                const orphans = liveIds(await census(world, q), world.credentials.managedDomain).filter((id) => !tracked.has(id));
                await stack.up();
                const after = new Set((await stack.resources()).map((x) => String(x.id)));
                notes.push(`pending creates cleared: ${r.pending}; objects in R4 but not in state: ${orphans.length}, adopted by up: ${orphans.filter((id) => after.has(id)).length}`);
                assert.deepEqual(orphans.filter((id) => !after.has(id)), [], "every object the state never recorded is adopted by up");
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
