/**
 * Shared pieces of the reliability suites: a seeded quickstart program using all six resource
 * types, the checks every scenario ends with (exact object counts, decrypted values, no leak),
 * the figures collector, and the heavy/CI switch.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { Prng } from "../../emulator/faults/prng";
import type { TestStack } from "../harness/pulumi";
import { assertNoLeak, type R4World } from "../harness/r4-world";

export const FULL = process.env.R4_RELIABILITY === "full";
export const SEED = Number(process.env.R4_RELIABILITY_SEED ?? 20240607);

// ---- Figures -----------------------------------------------------------------------------------

export interface ScenarioFigures {
    suite: string;
    scenario: string;
    seed?: number;
    ok: boolean;
    seconds: number;
    upAttempts?: number;
    faultsInjected?: Record<string, number>;
    requests?: number;
    /** Requests beyond what the same run needs without faults (resends and re-reads): retries spent. */
    extraRequests?: number;
    objectsChecked?: number;
    valuesDecrypted?: number;
    secretsScanned?: number;
    textsScanned?: number;
    notes?: string[];
}

const figures: ScenarioFigures[] = [];

export function record(f: ScenarioFigures): void {
    figures.push(f);
    const faults = f.faultsInjected ? Object.entries(f.faultsInjected).map(([k, v]) => `${k}=${v}`).join(" ") : "";
    // One line per scenario in the mocha output, so a CI log carries the figures too.
    console.log(`      [figures] ${f.suite} / ${f.scenario}: ${f.ok ? "ok" : "FAILED"} ${f.seconds.toFixed(1)}s` +
        `${f.upAttempts ? ` ups=${f.upAttempts}` : ""}${faults ? ` faults{${faults}}` : ""}` +
        `${f.extraRequests !== undefined ? ` extraRequests=${f.extraRequests}` : ""}` +
        `${f.objectsChecked ? ` objects=${f.objectsChecked}` : ""}${f.valuesDecrypted ? ` decrypted=${f.valuesDecrypted}` : ""}` +
        `${f.secretsScanned ? ` secrets=${f.secretsScanned}x${f.textsScanned}` : ""}`);
    writeFigures();
}

export function figuresFile(): string {
    return process.env.R4_RELIABILITY_FIGURES ?? path.resolve(__dirname, "..", "..", ".r4", `reliability-${FULL ? "full" : "ci"}.json`);
}

function writeFigures(): void {
    const file = figuresFile();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const sum = (pick: (f: ScenarioFigures) => number | undefined) => figures.reduce((n, f) => n + (pick(f) ?? 0), 0);
    const faults: Record<string, number> = {};
    for (const f of figures) for (const [k, v] of Object.entries(f.faultsInjected ?? {})) faults[k] = (faults[k] ?? 0) + v;
    const totals = {
        scenarios: figures.length,
        passed: figures.filter((f) => f.ok).length,
        upRuns: sum((f) => f.upAttempts),
        faultsInjected: faults,
        extraRequests: sum((f) => f.extraRequests),
        requests: sum((f) => f.requests),
        objectsChecked: sum((f) => f.objectsChecked),
        valuesDecrypted: sum((f) => f.valuesDecrypted),
        secretScans: sum((f) => (f.secretsScanned ?? 0) * (f.textsScanned ?? 0)),
        seconds: Math.round(sum((f) => f.seconds)),
    };
    fs.writeFileSync(file, JSON.stringify({ mode: FULL ? "full" : "ci", seed: SEED, written: new Date().toISOString(), totals, scenarios: figures }, null, 2) + "\n");
}

// ---- Seeded values -----------------------------------------------------------------------------

/** A seeded secret-looking value: long and random enough that a hit in a scan is never chance. */
export function secretValue(prng: Prng, label: string): string {
    let s = "";
    for (let i = 0; i < 24; i++) s += "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"[Math.floor(prng.next() * 57)];
    return `${label}-${s}`;
}

// ---- The quickstart stack ----------------------------------------------------------------------

export interface Quickstart {
    program: string;
    tag: string;
    projects: { name: string; externalId: string }[];
    vaults: { key: string; name: string }[];
    items: { key: string; vault: string; name: string; fields: { name: string; type: string; value: string }[] }[];
    dns: { key: string; type: string; name: string; value: string; mxPref?: number }[];
    agents: { key: string; name: string; permissions: string[] }[];
    purchases: { key: string }[];
    /** Every plaintext value the program sets that must never rest in plaintext. */
    secrets: string[];
    total: number;
}

export interface QuickstartOptions {
    seed: number;
    tag: string;
    managedDomain: string;
    domainTenantId: string;
    itemsPerVault?: number;
    withPurchase?: boolean;
}

/**
 * 2 projects, 3 vaults (one bound to a project), 8 items per vault with two encrypted fields
 * each, 6 DNS records (A, AAAA, CNAME, MX, two TXT), 4 agents, one dry-run license purchase:
 * 2 + 3 + 24 + 6 + 4 + 1 = 40 resources.
 */
export function quickstart(o: QuickstartOptions): Quickstart {
    const prng = new Prng(o.seed);
    const t = o.tag;
    const perVault = o.itemsPerVault ?? 8;
    const q: Quickstart = { program: "", tag: t, projects: [], vaults: [], items: [], dns: [], agents: [], purchases: [], secrets: [], total: 0 };
    const lines: string[] = [`import * as r4 from "pulumi-r4";`, `import * as pulumi from "@pulumi/pulumi";`];
    for (let p = 0; p < 2; p++) {
        q.projects.push({ name: `${t} project ${p}`, externalId: `${t}-P${p}` });
        lines.push(`const project${p} = new r4.Project("project-${p}", { name: ${JSON.stringify(`${t} project ${p}`)}, externalId: ${JSON.stringify(`${t}-P${p}`)}, description: "reliability" });`);
    }
    for (let v = 0; v < 3; v++) {
        const name = `${t} vault ${v}`;
        q.vaults.push({ key: `vault-${v}`, name });
        const project = v === 0 ? `, projectId: project0.id` : "";
        lines.push(`const vault${v} = new r4.Vault("vault-${v}", { name: ${JSON.stringify(name)}${project}${v === 2 ? `, dataClassification: "INTERNAL"` : ""} });`);
        for (let i = 0; i < perVault; i++) {
            const key = `item-${v}-${i}`;
            const fields = [
                { name: "Password", type: "PASSWORD", value: secretValue(prng, "pw") },
                { name: "Token", type: "SECRET", value: secretValue(prng, "tok") },
            ];
            q.secrets.push(...fields.map((f) => f.value));
            q.items.push({ key, vault: `vault-${v}`, name: `${t} item ${v}.${i}`, fields });
            lines.push(`new r4.VaultItem("${key}", { vaultId: vault${v}.id, name: ${JSON.stringify(`${t} item ${v}.${i}`)}, type: "LOGIN", fields: ${JSON.stringify(fields)} });`);
        }
    }
    const host = t.toLowerCase().replace(/[^a-z0-9]/g, "");
    const records = [
        { key: "dns-a", type: "A", name: `${host}-www`, value: `192.0.2.${1 + Math.floor(prng.next() * 200)}` },
        { key: "dns-aaaa", type: "AAAA", name: `${host}-www`, value: `2001:db8::${(1 + Math.floor(prng.next() * 4000)).toString(16)}` },
        { key: "dns-cname", type: "CNAME", name: `${host}-app`, value: `${host}-www.${o.managedDomain}.` },
        { key: "dns-mx", type: "MX", name: `${host}-mail`, value: `mx.${o.managedDomain}.`, mxPref: 10 },
        { key: "dns-txt-1", type: "TXT", name: `_${host}`, value: `v=${host}-1` },
        { key: "dns-txt-2", type: "TXT", name: `_${host}`, value: `v=${host}-2` },
    ];
    for (const r of records) {
        q.dns.push(r);
        lines.push(`new r4.DnsRecord("${r.key}", { domain: ${JSON.stringify(o.managedDomain)}, type: "${r.type}", name: ${JSON.stringify(r.name)}, value: ${JSON.stringify(r.value)}${r.mxPref !== undefined ? `, mxPref: ${r.mxPref}` : ""} });`);
    }
    const perms = [["machine.vault.read"], ["machine.vault.all"], ["machine.project.read", "machine.vault.read"], ["machine.dns.read"]];
    lines.push(`export const agentKeys: pulumi.Output<string>[] = [];`);
    for (let a = 0; a < 4; a++) {
        const name = `${t} agent ${a}`;
        q.agents.push({ key: `agent-${a}`, name, permissions: perms[a] });
        lines.push(`agentKeys.push(new r4.Agent("agent-${a}", { name: ${JSON.stringify(name)}, domainTenantId: ${JSON.stringify(o.domainTenantId)}, permissions: ${JSON.stringify(perms[a])} }).apiKey);`);
    }
    if (o.withPurchase !== false) {
        q.purchases.push({ key: "license" });
        // A dry run still rehearses the encrypted handoff: its credentials item lands in vault 2.
        lines.push(`new r4.LicensePurchase("license", { licenseId: "workspace", dryRun: true, vault: { mode: "existing", vaultId: vault2.id } });`);
    }
    q.program = lines.join("\n") + "\n";
    q.total = q.projects.length + q.vaults.length + q.items.length + q.dns.length + q.agents.length + q.purchases.length;
    return q;
}

// ---- What the emulator holds -------------------------------------------------------------------

export interface Census {
    projects: { id: string; name: string }[];
    vaults: { id: string; name: string }[];
    items: { id: string; vaultId: string; name: string }[];
    dns: { type: string; name: string; value: string }[];
    agents: { id: string; name: string }[];
    purchases: number;
}

/** Every live object of the run (by its tag), read through the SDK's lists. */
export async function census(world: R4World, q: Quickstart, externalLicenseIds: string[] = []): Promise<Census> {
    const c = world.client;
    const mine = (name: string) => name.startsWith(q.tag + " ");
    const projects = (await c.projects.list()).projects.filter((p) => mine(p.name)).map((p) => ({ id: p.id, name: p.name }));
    const vaults = (await c.vaults.list()).vaults.filter((v: any) => mine(v.name) && !v.archivedAt).map((v: any) => ({ id: v.id as string, name: v.name as string }));
    const items: Census["items"] = [];
    for (const v of vaults) {
        const listing = await c.items.list(v.id);
        // Items of the program carry the tag; a purchase's handoff item is checked on its own.
        for (const i of listing.items as any[]) if (mine(i.name)) items.push({ id: i.id, vaultId: v.id, name: i.name });
    }
    const host = q.tag.toLowerCase().replace(/[^a-z0-9]/g, "");
    const domain = world.credentials.managedDomain;
    const dns = (await c.dns.list(domain)).records.filter((r) => r.name.includes(host)).map((r) => ({ type: r.type, name: r.name, value: r.value }));
    const agents = (await c.agents.list()).agents.filter((a: any) => mine(a.name) && !a.archivedAt).map((a: any) => ({ id: a.id as string, name: a.name as string }));
    let purchases = 0;
    for (const ext of externalLicenseIds) purchases += (await c.purchases.lookup(ext)).purchases.length;
    return { projects, vaults, items, dns, agents, purchases };
}

function dupes(names: string[]): string[] {
    return names.filter((n, i) => names.indexOf(n) !== i);
}

/**
 * The emulator holds exactly what the program declares: counted per type, no duplicates, and
 * every item's fields decrypt to what the program set. Returns objects checked and values decrypted.
 */
export async function assertExactlyDeclared(world: R4World, q: Quickstart, stack: TestStack): Promise<{ objects: number; decrypted: number }> {
    const state = await stack.resources();
    const purchaseState = state.filter((r) => r.type.endsWith(":LicensePurchase"));
    const ext = purchaseState.map((r) => String(r.outputs.resolvedExternalLicenseId));
    const c = await census(world, q, ext);
    const where = (what: string, got: string[]) => `${what}: ${got.length} live (duplicates: ${JSON.stringify(dupes(got))})`;
    assert.deepEqual(dupes(c.projects.map((p) => p.name)), [], where("projects", c.projects.map((p) => p.name)));
    assert.deepEqual(c.projects.map((p) => p.name).sort(), q.projects.map((p) => p.name).sort(), "projects");
    assert.deepEqual(c.vaults.map((v) => v.name).sort(), q.vaults.map((v) => v.name).sort(), where("vaults", c.vaults.map((v) => v.name)));
    assert.deepEqual(c.items.map((i) => i.name).sort(), q.items.map((i) => i.name).sort(), where("items", c.items.map((i) => i.name)));
    const recKey = (r: { type: string; name: string; value: string }) => `${r.type} ${r.name} ${r.value}`;
    assert.deepEqual(c.dns.map(recKey).sort(), q.dns.map(recKey).sort(), "dns records");
    assert.deepEqual(c.agents.map((a) => a.name).sort(), q.agents.map((a) => a.name).sort(), where("agents", c.agents.map((a) => a.name)));
    assert.equal(c.purchases, q.purchases.length, "purchases filed under the stack's externalLicenseId");
    assert.equal(state.length, q.total, `state holds ${state.length} resources, the program declares ${q.total}`);
    // State and R4 agree on ids: every stateful id is a live object.
    const byName = (suffix: string) => new Map(state.filter((r) => r.type.endsWith(suffix)).map((r) => [r.urn.split("::").pop(), r]));
    const itemState = byName(":VaultItem");
    const vaultIds = new Set(c.vaults.map((v) => v.id));
    for (const r of byName(":Vault").values()) assert.ok(vaultIds.has(r.id), `vault ${r.id} of state is live`);
    const agentIds = new Set(c.agents.map((a) => a.id));
    for (const r of byName(":Agent").values()) assert.ok(agentIds.has(r.id), `agent ${r.id} of state is live`);
    const projectIds = new Set(c.projects.map((p) => p.id));
    for (const r of byName(":Project").values()) assert.ok(projectIds.has(r.id), `project ${r.id} of state is live`);
    let decrypted = 0;
    for (const item of q.items) {
        const s = itemState.get(item.key);
        assert.ok(s, `${item.key} in state`);
        const read = await world.client.readItem(String(s.outputs.vaultId), s.id);
        assert.ok(read, `${item.key} readable`);
        assert.deepEqual(read.fields.map((f) => ({ name: f.name, type: f.type, value: f.value })), item.fields, `${item.key} decrypts to what the program set`);
        decrypted += read.fields.length;
    }
    // Each purchase's handoff: exactly one credentials item, where the state says, decrypting.
    let handoffs = 0;
    for (const p of purchaseState) {
        const itemId = p.outputs.vaultItemId, vaultId = p.outputs.vaultId;
        if (typeof itemId !== "string" || typeof vaultId !== "string") continue;
        const read = await world.client.readItem(vaultId, itemId);
        assert.ok(read, `the handoff item of ${p.urn} is live`);
        const sameName = ((await world.client.items.list(vaultId)).items as any[]).filter((i) => i.name === read.name);
        assert.equal(sameName.length, 1, "one handoff item, not two");
        decrypted += read.fields.length;
        handoffs++;
    }
    const objects = c.projects.length + c.vaults.length + c.items.length + c.dns.length + c.agents.length + c.purchases + handoffs;
    return { objects, decrypted };
}

/** After destroy: nothing of the run is live. */
export async function assertNothingLive(world: R4World, q: Quickstart, ext: string[] = []): Promise<void> {
    const c = await census(world, q, []);
    assert.deepEqual({ projects: c.projects.length, vaults: c.vaults.length, items: c.items.length, dns: c.dns.length, agents: c.agents.length },
        { projects: 0, vaults: 0, items: 0, dns: 0, agents: 0 }, "everything of the run is archived or deleted after destroy");
    for (const e of ext) {
        const licenses = (await world.client.licenses.list({ externalLicenseId: e })).licenses;
        assert.equal(licenses.length, 0, "no live license instance after destroy");
    }
}

// ---- Leak scan ---------------------------------------------------------------------------------

/** Every byte of the emulator's storage (database, WAL, journal), as latin1 text. */
export function storageText(dataDir: string): string {
    return fs.readdirSync(dataDir)
        .filter((f) => f.includes("sqlite") || f.endsWith(".db") || f.endsWith("-wal") || f.endsWith("-journal"))
        .map((f) => fs.readFileSync(path.join(dataDir, f)).toString("latin1"))
        .join("\n");
}

/**
 * Scans the exported state, the engine's full output and the emulator's storage for every secret.
 * The emulator keeps only ciphertext and hashes in its columns, so any hit in the raw database
 * file is a plaintext secret outside the encrypted columns.
 */
export async function leakScan(world: R4World, stack: TestStack, secrets: string[], extraTexts: Record<string, string> = {}): Promise<{ secrets: number; texts: number }> {
    const all = [...new Set(secrets.filter((s) => s && s.length >= 8))];
    const { text: state } = await stack.exportState();
    const texts = { "exported state": state, "engine output": stack.output, "emulator database": storageText(world.dataDir), ...extraTexts };
    assertNoLeak(texts, all);
    return { secrets: all.length, texts: Object.keys(texts).length };
}

/** The run's secrets beyond the program's values: provider credentials, agent keys, handoff values. */
export async function runSecrets(world: R4World, stack: TestStack, q: Quickstart): Promise<string[]> {
    const out: string[] = [...world.secrets(), ...q.secrets];
    // Handoff values of the run's purchases.
    for (const p of (await stack.resources()).filter((r) => r.type.endsWith(":LicensePurchase"))) {
        if (typeof p.outputs.vaultItemId !== "string" || typeof p.outputs.vaultId !== "string") continue;
        const read = await world.client.readItem(p.outputs.vaultId, p.outputs.vaultItemId);
        for (const f of read?.fields ?? []) if (f.value && f.value.length >= 8) out.push(f.value);
    }
    try {
        const outputs = await stack.outputs({ showSecrets: true });
        for (const k of (outputs.agentKeys as string[] | undefined) ?? []) out.push(k, k.split(".")[1]);
    } catch {
        // No outputs yet (a failed first up): the program's own values are still scanned.
    }
    return out;
}

export function faultDelta(after: Record<string, number>, before: Record<string, number>): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [k, v] of Object.entries(after)) if (v - (before[k] ?? 0) > 0) out[k] = v - (before[k] ?? 0);
    return out;
}

export function requestTotal(requests: Record<string, number>): number {
    return Object.values(requests).reduce((a, b) => a + b, 0);
}

export function writes(after: Record<string, number>, before: Record<string, number>): string[] {
    return Object.keys(after).filter((route) => !route.startsWith("GET") && after[route] !== (before[route] ?? 0));
}
