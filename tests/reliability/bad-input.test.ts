/**
 * Bad input matrix: table-driven invalid inputs across all six resources and the provider
 * settings. Each must fail at `pulumi preview` with a message naming the property and what to do,
 * and the emulator must receive no write. The engine stops a preview at the first failing
 * resource, so each case is its own preview; to avoid a stack per case, one program declares
 * every case and reads which one to declare from config (`case:id`), and two stacks ("lanes")
 * take turns through the table in parallel.
 */
import * as assert from "node:assert/strict";
import type { RunResult, TestStack } from "../harness/pulumi";
import { TestStack as Stack } from "../harness/pulumi";
import { R4World } from "../harness/r4-world";
import { FULL, record, SEED, writes } from "./lib";

interface Case {
    title: string;
    /** A declaration using `r4`; `DT` stands for a real domain-tenant id, `DOMAIN` for the managed domain. */
    code?: string;
    /** For settings cases: the environment the provider gets (the stack has only r4:baseUrl, or nothing). */
    env?: Record<string, string>;
    expect: RegExp[];
}

const V = `vaultId: "0123456789abcdef01234567"`;
const CASES: Case[] = [
    // Vault
    { title: "vault: empty name", code: `new r4.Vault("c", { name: "" });`, expect: [/name/, /at least 1|>=1|too small/i] },
    { title: "vault: over-long name", code: `new r4.Vault("c", { name: "n".repeat(300) });`, expect: [/name/, /255/] },
    { title: "vault: unknown classification", code: `new r4.Vault("c", { name: "x", dataClassification: "SECRETISH" as any });`, expect: [/dataClassification/, /PUBLIC/] },
    { title: "vault: name of the wrong type", code: `new r4.Vault("c", { name: 42 as any });`, expect: [/name/, /expected string/] },
    { title: "vault: empty projectId", code: `new r4.Vault("c", { name: "x", projectId: "" });`, expect: [/projectId/] },
    // VaultItem
    { title: "item: duplicate field names", code: `new r4.VaultItem("c", { ${V}, name: "x", type: "LOGIN", fields: [{ name: "P", type: "PASSWORD", value: "a" }, { name: "P", type: "PASSWORD", value: "b" }] });`, expect: [/fields/, /duplicate field name "P": field names must be unique/] },
    { title: "item: lower-case field type", code: `new r4.VaultItem("c", { ${V}, name: "x", type: "LOGIN", fields: [{ name: "P", type: "password", value: "a" }] });`, expect: [/fields\.0\.type/, /upper-case field type such as TEXT/] },
    { title: "item: lower-case item type", code: `new r4.VaultItem("c", { ${V}, name: "x", type: "login", fields: [] });`, expect: [/type/, /upper-case item type such as LOGIN/] },
    { title: "item: empty vaultId", code: `new r4.VaultItem("c", { vaultId: "", name: "x", type: "LOGIN", fields: [] });`, expect: [/vaultId/, /set vaultId to the id of the vault/] },
    { title: "item: fields not a list", code: `new r4.VaultItem("c", { ${V}, name: "x", type: "LOGIN", fields: "secret" as any });`, expect: [/fields/, /expected array/] },
    { title: "item: field without a value", code: `new r4.VaultItem("c", { ${V}, name: "x", type: "LOGIN", fields: [{ name: "P", type: "PASSWORD" } as any] });`, expect: [/fields\.0\.value/] },
    { title: "item: field without a name", code: `new r4.VaultItem("c", { ${V}, name: "x", type: "LOGIN", fields: [{ name: "", type: "TEXT", value: "a" }] });`, expect: [/fields\.0\.name/, /a field needs a name/] },
    { title: "item: too many websites", code: `new r4.VaultItem("c", { ${V}, name: "x", type: "LOGIN", websites: Array.from({ length: 101 }, (_, i) => "https://h" + i + ".example"), fields: [] });`, expect: [/websites/, /100/] },
    { title: "item: over-long name", code: `new r4.VaultItem("c", { ${V}, name: "n".repeat(256), type: "LOGIN", fields: [] });`, expect: [/name/, /255/] },
    { title: "item: numeric field value", code: `new r4.VaultItem("c", { ${V}, name: "x", type: "LOGIN", fields: [{ name: "P", type: "PASSWORD", value: 1234 as any }] });`, expect: [/fields\.0\.value/, /expected string/] },
    // Project
    { title: "project: over-long name", code: `new r4.Project("c", { name: "x".repeat(300) });`, expect: [/name/, /255/] },
    { title: "project: over-long description", code: `new r4.Project("c", { name: "x", description: "d".repeat(1001) });`, expect: [/description/, /1000/] },
    { title: "project: empty externalId", code: `new r4.Project("c", { name: "x", externalId: "" });`, expect: [/externalId/] },
    { title: "project: missing name", code: `new r4.Project("c", {} as any);`, expect: [/name/] },
    { title: "project: empty domainTenantId", code: `new r4.Project("c", { name: "x", domainTenantId: "" });`, expect: [/domainTenantId/] },
    // DnsRecord
    { title: "dns: MX without mxPref", code: `new r4.DnsRecord("c", { domain: "DOMAIN", type: "MX", name: "@", value: "mail.example.com." });`, expect: [/mxPref/, /an MX record needs mxPref .* e\.g\. mxPref: 10/] },
    { title: "dns: mxPref on an A record", code: `new r4.DnsRecord("c", { domain: "DOMAIN", type: "A", name: "www", value: "192.0.2.1", mxPref: 5 });`, expect: [/mxPref applies to MX records only; remove it/] },
    { title: "dns: A with a bad IPv4", code: `new r4.DnsRecord("c", { domain: "DOMAIN", type: "A", name: "www", value: "999.1.1.1" });`, expect: [/value/, /an A record needs an IPv4 address such as 192\.0\.2\.10/] },
    { title: "dns: A with an IPv6", code: `new r4.DnsRecord("c", { domain: "DOMAIN", type: "A", name: "www", value: "2001:db8::1" });`, expect: [/value/, /IPv4/] },
    { title: "dns: AAAA with an IPv4", code: `new r4.DnsRecord("c", { domain: "DOMAIN", type: "AAAA", name: "www", value: "192.0.2.1" });`, expect: [/value/, /an AAAA record needs an IPv6 address such as 2001:db8::10/] },
    { title: "dns: AAAA with garbage", code: `new r4.DnsRecord("c", { domain: "DOMAIN", type: "AAAA", name: "www", value: "2001:db8::zz" });`, expect: [/value/, /IPv6/] },
    { title: "dns: unknown record type", code: `new r4.DnsRecord("c", { domain: "DOMAIN", type: "SPF" as any, name: "www", value: "x" });`, expect: [/type/, /CNAME/] },
    { title: "dns: domain with spaces", code: `new r4.DnsRecord("c", { domain: "not a domain", type: "TXT", name: "x", value: "y" });`, expect: [/domain/, /must be a domain name such as example\.com/] },
    { title: "dns: domain with a leading hyphen", code: `new r4.DnsRecord("c", { domain: "-bad-.com", type: "TXT", name: "x", value: "y" });`, expect: [/domain/, /must be a domain name/] },
    { title: "dns: ttl 0", code: `new r4.DnsRecord("c", { domain: "DOMAIN", type: "TXT", name: "x", value: "y", ttl: 0 });`, expect: [/ttl/, />=1/] },
    { title: "dns: fractional ttl", code: `new r4.DnsRecord("c", { domain: "DOMAIN", type: "TXT", name: "x", value: "y", ttl: 1.5 });`, expect: [/ttl/, /int/i] },
    { title: "dns: mxPref out of range", code: `new r4.DnsRecord("c", { domain: "DOMAIN", type: "MX", name: "@", value: "m.example.com.", mxPref: 70000 });`, expect: [/mxPref/, /65535/] },
    { title: "dns: empty host name", code: `new r4.DnsRecord("c", { domain: "DOMAIN", type: "TXT", name: "", value: "y" });`, expect: [/name/] },
    { title: "dns: empty value", code: `new r4.DnsRecord("c", { domain: "DOMAIN", type: "TXT", name: "x", value: "" });`, expect: [/value/] },
    // Agent
    { title: "agent: empty permissions", code: `new r4.Agent("c", { name: "x", domainTenantId: "DT", permissions: [] });`, expect: [/permissions/, /at least one machine permission, e\.g\. machine\.vault\.read/] },
    { title: "agent: unknown permission", code: `new r4.Agent("c", { name: "x", domainTenantId: "DT", permissions: ["machine.vault.fly"] });`, expect: [/permissions\.0/, /"machine\.vault\.fly" is not a machine permission or grouped grant: use one such as machine\.vault\.read/] },
    { title: "agent: permissions not a list", code: `new r4.Agent("c", { name: "x", domainTenantId: "DT", permissions: "machine.vault.read" as any });`, expect: [/permissions must be a list of machine permissions/] },
    { title: "agent: empty domainTenantId", code: `new r4.Agent("c", { name: "x", domainTenantId: "", permissions: ["machine.vault.read"] });`, expect: [/domainTenantId/, /set domainTenantId/] },
    { title: "agent: malformed tenant role", code: `new r4.Agent("c", { name: "x", domainTenantId: "DT", permissions: ["machine.vault.read"], tenantRoles: ["agent manager"] });`, expect: [/tenantRoles/, /upper-case role name such as TENANT_AGENT_MANAGER/] },
    { title: "agent: over-long name", code: `new r4.Agent("c", { name: "a".repeat(256), domainTenantId: "DT", permissions: ["machine.vault.read"] });`, expect: [/name/, /255/] },
    // LicensePurchase
    { title: "purchase: existing vault without vaultId", code: `new r4.LicensePurchase("c", { licenseId: "workspace", dryRun: true, vault: { mode: "existing" } as any });`, expect: [/vault\.vaultId: mode "existing" needs vaultId/] },
    { title: "purchase: existing-domain without domain", code: `new r4.LicensePurchase("c", { licenseId: "workspace", dryRun: true, domain: { mode: "existing-domain" } as any });`, expect: [/domain\.domain: mode "existing-domain" needs domain/] },
    { title: "purchase: unknown domain mode", code: `new r4.LicensePurchase("c", { licenseId: "workspace", dryRun: true, domain: { mode: "manual" } as any });`, expect: [/domain\.mode/, /mode must be one of "automatic", "existing-domain", "existing-domain-tenant"/] },
    { title: "purchase: new project without a name", code: `new r4.LicensePurchase("c", { licenseId: "workspace", dryRun: true, project: { mode: "new" } as any });`, expect: [/project\.name: mode "new" needs name/] },
    { title: "purchase: quantity 0", code: `new r4.LicensePurchase("c", { licenseId: "workspace", dryRun: true, quantity: 0 });`, expect: [/quantity/, />0/] },
    { title: "purchase: empty licenseId", code: `new r4.LicensePurchase("c", { licenseId: "", dryRun: true });`, expect: [/licenseId is required: the license slug from the public catalog/] },
    { title: "purchase: handoffVaultId beside an existing vault", code: `new r4.LicensePurchase("c", { licenseId: "workspace", dryRun: true, vault: { mode: "existing", vaultId: "a1" }, handoffVaultId: "b2" });`, expect: [/handoffVaultId is only used when the purchase names no vault/] },
    { title: "purchase: negative timeout", code: `new r4.LicensePurchase("c", { licenseId: "workspace", dryRun: true, timeoutMinutes: -1 });`, expect: [/timeoutMinutes/] },
    { title: "purchase: new vault with a vaultId", code: `new r4.LicensePurchase("c", { licenseId: "workspace", dryRun: true, vault: { mode: "new", name: "x", vaultId: "a1" } as any });`, expect: [/vault\.vaultId: vaultId only applies to mode "existing"/] },
    // Provider settings (no stack secrets; the environment carries them)
    { title: "settings: API key without the dot", env: { R4_API_KEY: "nodotkeyatall" }, expect: [/r4:apiKey must have the form ACCESS_KEY\.SECRET/, /pulumi config set --secret r4:apiKey/] },
    { title: "settings: API key missing", env: {}, expect: [/r4:apiKey is not set: set it with `pulumi config set --secret r4:apiKey <value>` or the R4_API_KEY environment variable/] },
    { title: "settings: PEM with a broken body", env: { R4_PRIVATE_KEY: "-----BEGIN PRIVATE KEY-----\nAAAAbroken\n-----END PRIVATE KEY-----\n" }, expect: [/r4:privateKey is not usable/, /pulumi config set --secret r4:privateKey/] },
    { title: "settings: private key that is not a PEM", env: { R4_PRIVATE_KEY: "ssh-rsa AAAAB3NzaC1yc2E" }, expect: [/r4:privateKey is not usable/] },
    { title: "settings: public key given as the private key", env: { R4_PRIVATE_KEY: "PUBLIC" }, expect: [/r4:privateKey is not usable/] },
    { title: "settings: base URL that is not http(s)", env: { R4_BASE_URL: "ftp://r4.example" }, expect: [/r4:baseUrl must be an http\(s\) URL such as https:\/\/r4\.dev/] },
];

/**
 * The full run takes every case; CI a seeded third of them (each preview costs seconds on a
 * shared machine), always covering all six resources and the settings.
 */
const SELECTED = CASES.map((c, i) => ({ c, i })).filter(({ i }) => FULL || i % 3 === SEED % 3);

function program(domain: string, dt: string): string {
    const branches = CASES.map((c, i) => (c.code ? `    case "${i}": ${c.code.replaceAll("DOMAIN", domain).replaceAll('"DT"', JSON.stringify(dt))} break;` : "")).filter(Boolean);
    return `import * as r4 from "pulumi-r4";\nimport * as pulumi from "@pulumi/pulumi";\nswitch (new pulumi.Config("case").require("id")) {\n${branches.join("\n")}\n    default: new r4.Vault("settings-probe", { name: "probe" });\n}\n`;
}

describe("reliability: bad input stops at preview, with nothing written", function () {
    this.timeout(30 * 60_000);
    const LANES = 2;
    let world: R4World;
    const results = new Map<number, { result: RunResult; writes: string[]; requests: number }>();
    let started = 0;

    before(async () => {
        started = Date.now();
        world = await R4World.start();
        const { managedDomain, domainTenantId, apiKey, privateKeyPem, baseUrl } = world.credentials;
        const text = program(managedDomain, domainTenantId);
        // Resource cases: a configured stack per lane. Settings cases: a stack with no settings in config.
        const lanes: TestStack[] = [];
        for (let l = 0; l < LANES; l++) lanes.push(await world.stack({ program: text, stackName: `lane${l}` }));
        const bare = await Stack.create({ files: { "index.ts": text }, stackName: "bare" });
        const goodEnv = { R4_BASE_URL: baseUrl, R4_API_KEY: apiKey, R4_PRIVATE_KEY: privateKeyPem };
        const resourceCases = SELECTED.map(({ c, i }) => [c, i] as const).filter(([c]) => c.code);
        const run = async (stack: TestStack, i: number, env?: Record<string, string>) => {
            const before = world.emulator.admin.counters().requests;
            const result = await stack.pulumi(["preview", "-c", `case:id=${i}`], { allowFailure: true, env });
            const after = world.emulator.admin.counters().requests;
            const requests = Object.keys(after).reduce((n, k) => n + after[k] - (before[k] ?? 0), 0);
            results.set(i, { result, writes: writes(after, before), requests });
        };
        await Promise.all(lanes.map(async (stack, l) => {
            for (const [, i] of resourceCases.filter((_, n) => n % LANES === l)) await run(stack, i);
        }));
        for (const [c, i] of SELECTED.map(({ c, i }) => [c, i] as const).filter(([c]) => c.env)) {
            await run(bare, i, { ...goodEnv, R4_API_KEY: "", ...c.env });
        }
        for (const s of [...lanes, bare]) await s.cleanup();
    });

    after(async () => {
        const failed = SELECTED.filter(({ i }) => !results.get(i) || results.get(i)!.result.code === 0).length;
        record({ suite: "bad input", scenario: `${SELECTED.length} of ${CASES.length} invalid inputs, one preview each`, ok: failed === 0, seconds: (Date.now() - started) / 1000, objectsChecked: SELECTED.length,
            notes: [`previews: ${results.size}`, `requests reaching the emulator: ${[...results.values()].reduce((n, r) => n + r.requests, 0)}`] });
        await world?.stop();
    });

    it(`has at least 40 cases across all six resources and the settings`, () => {
        assert.ok(CASES.length >= 40, String(CASES.length));
        for (const kind of ["Vault", "VaultItem", "Project", "DnsRecord", "Agent", "LicensePurchase"]) {
            assert.ok(CASES.some((c) => c.code?.includes(`new r4.${kind}(`)), kind);
            assert.ok(SELECTED.some(({ c }) => c.code?.includes(`new r4.${kind}(`)), `the selected slice covers ${kind}`);
        }
        assert.ok(SELECTED.some(({ c }) => c.env), "the selected slice covers the settings");
    });

    SELECTED.forEach(({ c, i }) => {
        it(`${c.title}: fails at preview naming the property and the fix, nothing written`, () => {
            const r = results.get(i);
            assert.ok(r, "the case ran");
            const text = r.result.stdout + r.result.stderr;
            assert.notEqual(r.result.code, 0, "preview must fail");
            for (const pattern of c.expect) assert.match(text, pattern);
            assert.deepEqual(r.writes, [], "no write reached the emulator");
        });
    });
});
