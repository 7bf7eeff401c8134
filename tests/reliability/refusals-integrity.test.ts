/**
 * Refusals and integrity.
 *
 * Refusals: keys without the needed permission, another tenant's key, a signing key R4 does not
 * have registered for the caller, a revoked key: each `up` fails with one clear error naming the
 * missing permission or the fix, and nothing is half-written (no object of the stack in R4, no
 * resource in state).
 *
 * Integrity: every emulator tamper mode (corrupted signature, swapped ciphertext, rolled-back
 * version, swapped signer key) is refused on refresh and on update, with the state untouched and
 * the stored item unchanged.
 *
 * A leak scan follows every scenario.
 */
import * as assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import * as path from "node:path";
import { DatabaseSync } from "node:sqlite";
import { TestStack } from "../harness/pulumi";
import { R4World } from "../harness/r4-world";
import { leakScan, record, secretValue, writes } from "./lib";
import { Prng } from "../../emulator/faults/prng";
import { SEED } from "./lib";

const ALL = ["machine.agent.public_key.write", "machine.vault.all", "machine.project.read", "machine.project.write", "machine.agent.read", "machine.agent.write", "machine.dns.read", "machine.dns.write"];

describe("reliability: refusals and integrity", function () {
    this.timeout(20 * 60_000);
    let world: R4World;

    before(async () => {
        world = await R4World.start();
    });
    after(async () => {
        await world?.stop();
    });

    /** Runs one refused `up` of `program` with the given credentials; asserts one clear error and nothing written. */
    async function refused(scenario: string, program: string, creds: { apiKey: string; privateKeyPem?: string }, expect: RegExp[], extraSecrets: string[] = []) {
        const started = Date.now();
        let ok = false;
        let stack: TestStack | undefined;
        let scan = { secrets: 0, texts: 0 };
        try {
            stack = await world.stack({ program, secrets: { "r4:apiKey": creds.apiKey, ...(creds.privateKeyPem ? { "r4:privateKey": creds.privateKeyPem } : {}) } });
            const before = world.emulator.admin.counters().requests;
            const vaultsBefore = (await world.client.vaults.list()).vaults.length;
            const projectsBefore = (await world.client.projects.list()).projects.length;
            const agentsBefore = (await world.client.agents.list()).agents.length;
            const result = await stack.pulumi(["up", "--yes", "--skip-preview"], { allowFailure: true });
            const text = result.stdout + result.stderr;
            assert.notEqual(result.code, 0, "up must be refused");
            for (const pattern of expect) assert.match(text, pattern);
            const errors = [...text.matchAll(/^\s+error: (?!update failed)(.*)$/gm)].map((m) => m[1]);
            assert.equal(new Set(errors).size, 1, `one clear error, got: ${JSON.stringify([...new Set(errors)])}`);
            // Nothing half-written: no object of the stack exists, the state holds no resource.
            assert.equal((await world.client.vaults.list()).vaults.length, vaultsBefore, "no vault written");
            assert.equal((await world.client.projects.list()).projects.length, projectsBefore, "no project written");
            assert.equal((await world.client.agents.list()).agents.length, agentsBefore, "no agent written");
            const after = world.emulator.admin.counters().requests;
            const written = writes(after, before).filter((r) => r !== "POST /vault/public-key");
            for (const route of written) assert.ok((after[route] ?? 0) - (before[route] ?? 0) <= 1, `${route} at most the one refused attempt`);
            assert.deepEqual(await stack.resources(), [], "the state holds nothing");
            scan = await leakScan(world, stack, [...world.secrets(), creds.apiKey, creds.apiKey.split(".")[1], ...extraSecrets]);
            ok = true;
        } finally {
            record({ suite: "refusals", scenario, ok, seconds: (Date.now() - started) / 1000, secretsScanned: scan.secrets, textsScanned: scan.texts });
            await stack?.cleanup();
        }
    }

    const vaultProgram = `import * as r4 from "pulumi-r4";\nnew r4.Vault("v", { name: "Refused vault" });\n`;
    const projectProgram = `import * as r4 from "pulumi-r4";\nnew r4.Project("p", { name: "Refused project" });\n`;

    it("a key without machine.vault.write: refused, naming the permission", async () => {
        const key = world.emulator.admin.mintKey({ scope: "AGENT", permissions: ["machine.agent.public_key.write", "machine.vault.read"] });
        await refused("key without machine.vault.write", vaultProgram, { apiKey: key.apiKey }, [/machine\.vault\.write/]);
    });

    it("a key without machine.project.write: refused, naming the permission", async () => {
        const key = world.emulator.admin.mintKey({ scope: "AGENT", permissions: ["machine.agent.public_key.write", "machine.vault.all", "machine.project.read"] });
        await refused("key without machine.project.write", projectProgram, { apiKey: key.apiKey }, [/machine\.project\.write/]);
    });

    /** A key of a second tenant in the same org (the emulator seeds one tenant; tests may add rows). */
    function otherTenantKey(permissions = ALL.filter((p) => p !== "machine.agent.public_key.write")): { apiKey: string } {
        const other = "0ther7enant0000000000001";
        const db = new DatabaseSync(path.join(world.dataDir, firstSqlite(world.dataDir)));
        db.prepare("INSERT OR IGNORE INTO tenants(id, org_id, name, created_at) VALUES (?,?,?,?)").run(other, world.credentials.orgId, "Other tenant", new Date().toISOString());
        db.close();
        return world.emulator.admin.mintKey({ scope: "TENANT", tenantId: other, permissions });
    }

    it("another tenant's key: refused, naming the tenant problem", async () => {
        const key = otherTenantKey();
        const program = `import * as r4 from "pulumi-r4";\nnew r4.Project("p", { name: "Cross-tenant", domainTenantId: ${JSON.stringify(world.credentials.domainTenantId)} });\n`;
        await refused("another tenant's key", program, { apiKey: key.apiKey }, [/tenant/i]);
    });

    it("refresh and destroy with a key that cannot see the objects: refused, state and objects kept", async () => {
        // The key comes from R4_API_KEY here: a refresh or destroy configures the provider from the
        // config recorded in state, so a changed environment is how a different key meets old state.
        const started = Date.now();
        let ok = false;
        const stack = await TestStack.create({
            files: {
                "index.ts": [
                    `import * as r4 from "pulumi-r4";`,
                    `const v = new r4.Vault("v", { name: "Unseen vault" });`,
                    `new r4.VaultItem("i", { vaultId: v.id, name: "unseen", type: "LOGIN", fields: [{ name: "password", type: "PASSWORD", value: "unseen-value" }] });`,
                    `new r4.Project("p", { name: "Unseen project" });`,
                ].join("\n"),
            },
            config: { "r4:baseUrl": world.credentials.baseUrl },
            secrets: { "r4:privateKey": world.credentials.privateKeyPem },
        });
        let scan = { secrets: 0, texts: 0 };
        const key = otherTenantKey(ALL);
        const own = { env: { R4_API_KEY: world.credentials.apiKey } };
        try {
            await stack.pulumi(["up", "--yes", "--skip-preview"], own);
            const before = await stack.resources();
            const projectUrn = before.find((r) => r.type.endsWith(":Project")).urn;
            for (const command of [["refresh", "--yes", "--skip-preview"], ["destroy", "--yes", "--skip-preview", "--target", projectUrn]]) {
                const result = await stack.pulumi(command, { allowFailure: true, env: { R4_API_KEY: key.apiKey } });
                assert.notEqual(result.code, 0, `${command[0]} must stop`);
                // The project (and on refresh the vault's item) is refused as not provably gone.
                // (A whole destroy stops earlier, at the item: its signed delete needs this key to
                // register a signing key, which a tenant key may not.)
                const text = result.stdout + result.stderr;
                assert.match(text, /Project \(p\):\n\s+error: project "\w+" was not found with the API key now in use, which is not the key that last saw it.*set the previous key back/);
                if (command[0] === "refresh") assert.match(text, /VaultItem \(i\):\n\s+error: vault item "\w+" was not found with the API key now in use/);
                assert.deepEqual((await stack.resources()).map((r) => String(r.id)).sort(), before.map((r) => String(r.id)).sort(), `${command[0]}: state keeps every object`);
            }
            assert.equal((await world.client.vaults.list()).vaults.filter((v: any) => v.name === "Unseen vault").length, 1, "the vault is still live");
            assert.equal((await world.client.projects.list()).projects.filter((p) => p.name === "Unseen project").length, 1, "the project is still live");
            await stack.pulumi(["refresh", "--yes", "--skip-preview", "--expect-no-changes"], own);
            await stack.pulumi(["destroy", "--yes", "--skip-preview"], own);
            scan = await leakScan(world, stack, [...world.secrets(), key.apiKey, key.apiKey.split(".")[1], "unseen-value"]);
            ok = true;
        } finally {
            record({ suite: "refusals", scenario: "refresh and destroy with another tenant's key", ok, seconds: (Date.now() - started) / 1000, secretsScanned: scan.secrets, textsScanned: scan.texts });
            await stack.cleanup();
        }
    });

    it("a signing key R4 has not registered for this principal: refused, saying how to rotate", async () => {
        const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
        const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
        const lines = pem.split("\n").filter((l) => l.length >= 40 && !l.startsWith("-----"));
        await refused("unregistered signing key", vaultProgram, { apiKey: world.credentials.apiKey, privateKeyPem: pem }, [/key/i, /rotat|previousEncryptionKeyId|register/i], lines);
    });

    it("a revoked key: refused as unauthorized, saying to use a current key", async () => {
        const key = world.emulator.admin.mintKey({ scope: "AGENT", permissions: ALL });
        await world.client.agents.regenerateApiKey(key.agentId!); // revokes the minted key
        await refused("revoked key", vaultProgram, { apiKey: key.apiKey }, [/401|unauthorized|Invalid or missing API key/i, /r4:apiKey|API key/]);
    });

    // ---- Integrity -------------------------------------------------------------------------------

    const MODES = ["corruptSignature", "swapCiphertext", "rollbackVersion", "swapSignerKey"] as const;
    for (const mode of MODES) {
        it(`tamper ${mode}: refused on refresh and on update, state and stored item untouched`, async () => {
            const started = Date.now();
            const prng = new Prng(SEED + mode.length);
            const values = [secretValue(prng, "a"), secretValue(prng, "b"), secretValue(prng, "c")];
            const itemProgram = (v: string) => `import * as r4 from "pulumi-r4";
const vault = new r4.Vault("vault", { name: "Integrity ${mode}" });
new r4.VaultItem("item", { vaultId: vault.id, name: "Guarded", type: "LOGIN", fields: [
    { name: "Password", type: "PASSWORD", value: ${JSON.stringify(v)} }, { name: "Token", type: "SECRET", value: ${JSON.stringify(values[1])} }] });
`;
            let ok = false;
            let stack: TestStack | undefined;
            let scan = { secrets: 0, texts: 0 };
            let injected = 0;
            try {
                stack = await world.stack({ program: itemProgram(values[0]) });
                await stack.up();
                // A second item write, so the vault summary has an older version to roll back to.
                stack.writeProgram(itemProgram(values[0]).replace(`name: "Guarded"`, `name: "Guarded v2"`));
                await stack.up();
                const stateBefore = await resourcesSnapshot(stack);
                const item = (await stack.resources()).find((r) => r.type.endsWith(":VaultItem"))!;
                const vaultId = String(item.outputs.vaultId);
                const faultsBefore = world.emulator.admin.counters().faults[`tamper.${mode}`] ?? 0;
                world.emulator.admin.setFaults({ seed: SEED, rules: [{ route: "GET /**", tamper: { [mode]: 1 } }] });
                try {
                    const refresh = await stack.pulumi(["refresh", "--yes", "--skip-preview"], { allowFailure: true });
                    assert.notEqual(refresh.code, 0, "refresh must refuse the tampered answer");
                    assert.match(refresh.stdout + refresh.stderr, /integrity|signature|signed|checkpoint|rolled back|older|key/i);
                    assert.deepEqual(await resourcesSnapshot(stack), stateBefore, "refresh left the state untouched");
                    stack.writeProgram(itemProgram(values[2]).replace(`name: "Guarded"`, `name: "Guarded v2"`));
                    const update = await stack.pulumi(["up", "--yes", "--skip-preview", "--refresh=false"], { allowFailure: true });
                    assert.notEqual(update.code, 0, "update must refuse the tampered answer");
                    assert.match(update.stdout + update.stderr, /integrity|signature|signed|checkpoint|rolled back|older|key/i);
                    assert.deepEqual(await resourcesSnapshot(stack), stateBefore, "the failed update left the state untouched");
                } finally {
                    injected = (world.emulator.admin.counters().faults[`tamper.${mode}`] ?? 0) - faultsBefore;
                    world.emulator.admin.setFaults({});
                }
                assert.ok(injected > 0, "the tamper mode fired");
                const stored = await world.client.readItem(vaultId, item.id);
                const expected = values[0];
                assert.deepEqual(stored?.fields.map((f) => f.value), [expected, values[1]], "the stored item holds what was last written (nothing from a tampered answer)");
                // Without the tampering, the stack converges again.
                stack.writeProgram(itemProgram(expected).replace(`name: "Guarded"`, `name: "Guarded v2"`));
                await stack.refresh({ expectNoChanges: true });
                await stack.destroy();
                scan = await leakScan(world, stack, [...world.secrets(), ...values]);
                ok = true;
            } finally {
                record({ suite: "integrity", scenario: `tamper ${mode}`, ok, notes: ["refused on refresh and on update"], seconds: (Date.now() - started) / 1000, faultsInjected: { [`tamper.${mode}`]: injected }, secretsScanned: scan.secrets, textsScanned: scan.texts });
                await stack?.cleanup();
            }
        });
    }
});

/**
 * What the refused resource looks like in state: the item's inputs and outputs with secrets
 * decrypted (every export re-encrypts them with a fresh nonce), and which resources exist. The
 * vault's own read is not tampered in every mode, so a refresh may rightly update its version.
 */
async function resourcesSnapshot(stack: TestStack): Promise<unknown> {
    // --show-secrets output is not the engine's own output: it stays out of the leak-scanned record.
    const { stdout } = await stack.pulumi(["stack", "export", "--show-secrets"], { unrecorded: true });
    const resources = (JSON.parse(stdout).deployment.resources ?? []).filter((r: any) => r.type.startsWith("pulumi-nodejs:dynamic/r4:"));
    const item = resources.find((r: any) => r.type.endsWith(":VaultItem"));
    return { ids: resources.map((r: any) => `${r.urn}=${r.id}`), item: { inputs: item?.inputs, outputs: item?.outputs } };
}

function firstSqlite(dir: string): string {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const files: string[] = require("node:fs").readdirSync(dir);
    const db = files.find((f) => /\.(sqlite|db)$/.test(f));
    if (!db) throw new Error(`no database in ${dir}: ${files.join(", ")}`);
    return db;
}
