/**
 * The five resources together: outputs wired between them (unknown at the first preview), the
 * settings checked at preview, bad input stopped at preview with nothing written, 60 items in
 * one vault at the engine's default parallelism while another client writes to the same vault,
 * and a state whose serialised providers predate the current implementation.
 */
import * as assert from "node:assert/strict";
import { R4Error } from "../../sdk/errors";
import { opsByName, type TestStack, TestStack as Stack } from "../harness/pulumi";
import { R4World } from "../harness/r4-world";

const wired = (domain: string, tenant: string) => `
import * as r4 from "pulumi-r4";
const project = new r4.Project("project", { name: "Payments", externalId: "PAY" });
const vault = new r4.Vault("vault", { name: "Payments", projectId: project.id });
const db = new r4.VaultItem("db", { vaultId: vault.id, name: "Postgres", type: "LOGIN",
    fields: [{ name: "Password", type: "PASSWORD", value: "wired-secret-value" }] });
const creds = new r4.VaultItem("agent-creds", { vaultId: vault.id, name: project.name.apply((n) => n + " agent"), type: "API_KEY",
    fields: [{ name: "Note", type: "TEXT", value: db.id }] });
const agent = new r4.Agent("agent", { name: "Payments bot", domainTenantId: "${tenant}", permissions: ["machine.vault.read"], vaultItemId: creds.id });
new r4.DnsRecord("verify", { domain: "${domain}", type: "TXT", name: "_r4", value: vault.id.apply((id) => "vault=" + id) });
export const agentId = agent.id;
`;

describe("all five resources in one stack", function () {
    let world: R4World;

    before(async () => {
        world = await R4World.start();
    });

    after(async () => {
        await world?.stop();
    });

    it("previews a fresh stack whose inputs are still unknown, then converges", async () => {
        const stack = await world.stack({ program: wired(world.credentials.managedDomain, world.credentials.domainTenantId) });
        try {
            const ops = opsByName(await stack.preview());
            for (const name of ["project", "vault", "db", "agent-creds", "agent", "verify"]) assert.equal(ops[name], "create", name);
            await stack.up();
            await stack.expectNoChanges();
            await stack.refresh({ expectNoChanges: true });
            const agent = await world.client.agents.get(String((await stack.outputs()).agentId));
            assert.ok(agent.vaultItemId);
            await stack.destroy();
        } finally {
            await stack.cleanup();
        }
    });

    it("fails at preview, naming the setting and how to set it, when the provider is not configured", async () => {
        const stack = await Stack.create({
            files: { "index.ts": `import * as r4 from "pulumi-r4";\nnew r4.Vault("v", { name: "x" });\n` },
            config: { "r4:baseUrl": world.credentials.baseUrl },
            secrets: { "r4:privateKey": "not a key" },
        });
        try {
            const result = await stack.pulumi(["preview"], { allowFailure: true });
            assert.notEqual(result.code, 0);
            const text = result.stdout + result.stderr;
            assert.match(text, /r4:apiKey is not set: set it with `pulumi config set --secret r4:apiKey <value>` or the R4_API_KEY environment variable/);
            assert.match(text, /r4:privateKey is not usable/);
        } finally {
            await stack.cleanup();
        }
    });

    // The engine stops a preview at the first resource whose check fails, so each case is its own preview.
    const BAD_INPUTS: Array<[string, string, RegExp[]]> = [
        ["unknown classification", `new r4.Vault("v", { name: "ok", dataClassification: "SECRETISH" as any });`, [/dataClassification/, /PUBLIC/]],
        ["duplicate field names", `new r4.VaultItem("i", { vaultId: "abc", name: "x", type: "LOGIN", fields: [
            { name: "Password", type: "PASSWORD", value: "a" }, { name: "Password", type: "PASSWORD", value: "b" }] });`, [/duplicate field name "Password"/]],
        ["MX without mxPref", `new r4.DnsRecord("mx", { domain: "example.com", type: "MX", name: "@", value: "mail.example.com." });`, [/an MX record needs mxPref/]],
        ["bad IPv4", `new r4.DnsRecord("a", { domain: "example.com", type: "A", name: "www", value: "999.1.1.1" });`, [/an A record needs an IPv4 address/]],
        ["not a machine permission", `new r4.Agent("ag", { name: "x", domainTenantId: "t", permissions: ["machine.vault.fly"] });`, [/permissions/]],
        ["two bad properties, one message each", `new r4.Project("p", { name: "x".repeat(300), description: "d".repeat(1001) });`, [/name/, /description/]],
    ];

    for (const [title, declaration, expected] of BAD_INPUTS) {
        it(`stops bad input at preview and writes nothing: ${title}`, async () => {
            const before = world.emulator.admin.counters().requests;
            const stack = await world.stack({ program: `import * as r4 from "pulumi-r4";\n${declaration}\n` });
            try {
                const result = await stack.pulumi(["preview"], { allowFailure: true });
                assert.notEqual(result.code, 0);
                for (const pattern of expected) assert.match(result.stdout, pattern);
                const after = world.emulator.admin.counters().requests;
                assert.deepEqual(Object.keys(after).filter((route) => !route.startsWith("GET") && after[route] !== before[route]), []);
            } finally {
                await stack.cleanup();
            }
        });
    }

    it("creates 60 items in one vault at default parallelism while another client writes to it", async () => {
        const items = Array.from({ length: 60 }, (_, i) => `new r4.VaultItem("item-${i}", { vaultId: vault.id, name: "Item ${i}", type: "LOGIN", fields: [{ name: "Password", type: "PASSWORD", value: "value-${i}" }] });`);
        const stack: TestStack = await world.stack({
            program: `import * as r4 from "pulumi-r4";\nconst vault = new r4.Vault("vault", { name: "Busy" });\nexport const vaultId = vault.id;\n${items.join("\n")}\n`,
        });
        try {
            // The vault first, so the other writer has a chain to contend for.
            stack.writeProgram(`import * as r4 from "pulumi-r4";\nconst vault = new r4.Vault("vault", { name: "Busy" });\nexport const vaultId = vault.id;\n`);
            await stack.up();
            const vaultId = String((await stack.outputs()).vaultId);
            stack.writeProgram(`import * as r4 from "pulumi-r4";\nconst vault = new r4.Vault("vault", { name: "Busy" });\nexport const vaultId = vault.id;\n${items.join("\n")}\n`);
            let writing = true;
            let written = 0;
            const other = (async () => {
                while (writing) {
                    try {
                        await world.client.createItem({ vaultId, name: `Other ${written}`, type: "LOGIN", fields: [{ name: "K", type: "SECRET", value: "x" }] });
                        written++;
                    } catch (err) {
                        // This other client may lose the race to the provider's writes; only the provider must not.
                        if (!(R4Error.is(err) && err.code === "checkpoint_conflict")) throw err;
                    }
                    // Another busy client, writing about twenty times a second.
                    await new Promise((resolve) => setTimeout(resolve, 50));
                }
            })();
            try {
                await stack.up();
            } finally {
                writing = false;
                await other;
            }
            assert.ok(written > 0, "the other writer never got a write in");
            const listing = await world.client.items.list(vaultId);
            assert.equal(listing.items.length, 60 + written);
            const sample = listing.items.find((i) => i.name === "Item 42")!;
            assert.equal((await world.client.readItem(vaultId, sample.id))?.fields[0].value, "value-42");
            await stack.expectNoChanges();
            await stack.destroy();
        } finally {
            await stack.cleanup();
        }
    });

    it("refreshes and destroys a state whose serialised providers predate this implementation", async () => {
        const stack = await world.stack({ program: `import * as r4 from "pulumi-r4";\nconst v = new r4.Vault("v", { name: "Old" });\nnew r4.Project("p", { name: "Old" });\n` });
        try {
            await stack.up();
            // An older release serialised a different (but still name-loading) provider text.
            const { json } = await stack.exportState();
            const legacy = `exports.handler = () => ({
  configure: (req) => require("pulumi-r4/provider-runtime").configure(req),
  check: (o, n) => require("pulumi-r4/provider-runtime").handler(KIND).check(o, n),
  diff: (id, o, n) => require("pulumi-r4/provider-runtime").handler(KIND).diff(id, o, n),
  create: (i) => require("pulumi-r4/provider-runtime").handler(KIND).create(i),
  read: (id, p) => require("pulumi-r4/provider-runtime").handler(KIND).read(id, p),
  update: (id, o, n) => require("pulumi-r4/provider-runtime").handler(KIND).update(id, o, n),
  delete: (id, p) => require("pulumi-r4/provider-runtime").handler(KIND).delete(id, p),
});\n`;
            for (const r of json.deployment.resources) {
                if (!r.type.startsWith("pulumi-nodejs:dynamic/r4:")) continue;
                const kind = JSON.stringify(r.type.split(":").pop());
                r.inputs.__provider = r.outputs.__provider = legacy.replaceAll("KIND", kind);
            }
            await stack.importState(JSON.stringify(json));
            await stack.refresh({ expectNoChanges: true });
            await stack.destroy();
            assert.equal((await world.client.vaults.list()).vaults.filter((v) => v.name === "Old").length, 0);
        } finally {
            await stack.cleanup();
        }
    });
});
