/**
 * Every program in examples/ through the real engine against an in-process emulator, as a user
 * would run it: `pulumi up`, a preview with no changes, what the example promises (drift found,
 * the sub-agent reading its shared vault, the handoff read back, every DNS type, adoption), then
 * `pulumi destroy`. One emulator for the suite keeps it to a few minutes.
 */
import * as assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import * as path from "node:path";
import { R4Client } from "../../sdk/client";
import { TestStack } from "../harness/pulumi";
import { assertNoLeak, R4World } from "../harness/r4-world";

const EXAMPLES = path.resolve(__dirname, "..", "..", "examples");
const secret = (label: string) => `${label}-${randomBytes(9).toString("hex")}`;

describe("examples/ end to end", function () {
    let world: R4World;
    const stacks: TestStack[] = [];

    async function example(name: string, config: Record<string, string> = {}, secrets: Record<string, string> = {}): Promise<TestStack> {
        // The example's own files, unchanged (world.stack would write an index.ts of its own).
        const stack = await TestStack.create({
            programDir: path.join(EXAMPLES, name),
            stackName: name,
            config: { "r4:baseUrl": world.credentials.baseUrl, ...config },
            secrets: { "r4:apiKey": world.credentials.apiKey, "r4:privateKey": world.credentials.privateKeyPem, ...secrets },
        });
        stacks.push(stack);
        return stack;
    }

    before(async () => {
        world = await R4World.start();
    });

    after(async () => {
        for (const stack of stacks) await stack.cleanup();
        await world?.stop();
    });

    it("quickstart: all six resources, no changes on a second look, one out-of-band change found by refresh", async () => {
        const dbPassword = secret("db");
        const stack = await example("quickstart", { domainTenantId: world.credentials.domainTenantId, domain: world.credentials.managedDomain }, { dbPassword });
        await stack.up();
        const out = await stack.outputs();
        assert.equal(out.purchaseStatus, "succeeded");
        assert.equal(out.databaseFields, "[secret]");
        const item = await world.client.readItem(String(out.vaultId), String(out.databaseItemId));
        assert.equal(item?.fields.find((f) => f.name === "Password")?.value, dbPassword);
        await stack.expectNoChanges();

        await world.client.updateItem(String(out.vaultId), String(out.databaseItemId), {
            fields: item!.fields.map((f) => ({ name: f.name, type: f.type, value: f.name === "Password" ? secret("oob") : (f.value ?? "") })),
        });
        assert.deepEqual(await stack.refreshDrift(), { database: "update" });
        await stack.refresh();
        await stack.up();
        assert.equal((await world.client.readItem(String(out.vaultId), String(out.databaseItemId)))?.fields.find((f) => f.name === "Password")?.value, dbPassword);
        await stack.expectNoChanges();
        const { text } = await stack.exportState();
        assertNoLeak({ state: text, output: stack.output }, [...world.secrets(), dbPassword]);
        await stack.destroy();
        assert.equal(await world.client.readVault(String(out.vaultId)), null);
    });

    it("agent-bootstrap: the sub-agent registers its own key and reads the vault shared with it", async () => {
        const warehousePassword = secret("wh");
        const stack = await example("agent-bootstrap", { domainTenantId: world.credentials.domainTenantId }, { warehousePassword });
        await stack.up();
        await stack.expectNoChanges();
        const out = await stack.outputs({ showSecrets: true });
        const worker = new R4Client({ baseUrl: world.credentials.baseUrl, apiKey: String(out.workerApiKey), privateKeyPem: String(out.workerPrivateKey) });
        assert.equal(await worker.ensureRegistered(), out.workerEncryptionKeyId);
        const read = await worker.readItem(String(out.sharedVaultId), String(out.warehouseItemId));
        assert.equal(read?.fields.find((f) => f.name === "Password")?.value, warehousePassword);
        // The credentials vault is not shared with it: R4 answers as if it did not exist.
        const denied = await worker.readItem(String(out.credentialsVaultId), String(out.credentialsItemId)).catch((err) => err);
        assert.ok(denied === null || denied.status === 404 || denied.status === 403, String(denied));
        const creds = await world.client.readItem(String(out.credentialsVaultId), String(out.credentialsItemId));
        assert.equal(creds?.fields.find((f) => f.name === "API key")?.value, out.workerApiKey);
        const { text } = await stack.exportState();
        assertNoLeak({ state: text, output: stack.output }, [...world.secrets(), warehousePassword, String(out.workerApiKey).split(".")[1]]);
        await stack.destroy();
        // Destroy archived the agent: R4 no longer shows it.
        await assert.rejects(world.client.agents.get(String(out.workerId)), (err: any) => err.status === 404);
    });

    it("license-purchase: credentials handed off into an existing vault, then read back as the license environment", async () => {
        const vault = await world.client.createVault({ name: "Licenses (made outside Pulumi)" });
        const stack = await example("license-purchase", { vaultId: vault.id });
        await stack.up();
        await stack.expectNoChanges();
        const out = await stack.outputs({ showSecrets: true });
        assert.equal(out.status, "succeeded");
        assert.equal(out.handoffVaultId, vault.id);
        const ids = out.licenseInstanceIds as string[];
        assert.equal(ids.length, 1);
        const env = await world.client.getLicenseEnvironment(ids[0]);
        assert.deepEqual(out.environmentNames, Object.keys(env.env).sort());
        assert.deepEqual(out.environmentValues, env.env);
        const masked = await stack.outputs();
        assert.equal(masked.environmentValues, "[secret]");
        const { text } = await stack.exportState();
        assertNoLeak({ state: text, output: stack.output }, Object.values(env.env).filter((v) => v.length >= 8));
        await stack.destroy();
    });

    it("dns: one record of every supported type", async () => {
        const domain = world.credentials.managedDomain;
        const stack = await example("dns", { domain });
        await stack.up();
        await stack.expectNoChanges();
        const { records } = await world.client.dns.list(domain);
        const types = new Set(records.map((r) => r.type));
        for (const type of ["A", "AAAA", "CNAME", "MX", "TXT", "NS", "SRV", "CAA"]) assert.ok(types.has(type as never), `no ${type} record`);
        assert.equal(records.filter((r) => r.type === "MX").length, 2);
        await stack.destroy();
        assert.deepEqual((await world.client.dns.list(domain)).records.map((r) => `${r.type} ${r.name} ${r.value}`), ["A @ 192.0.2.10"]);
    });

    it("import-existing: adopts a project, a vault and an item made outside Pulumi, and reads others with .get", async () => {
        const project = await world.client.projects.create({ name: "billing (made by hand)" });
        const vault = await world.client.createVault({ name: "billing (made by hand)" });
        const reference = await world.client.createVault({ name: "Shared reference", dataClassification: "INTERNAL" });
        const item = await world.client.createItem({ vaultId: vault.id, name: "Stripe", type: "API_KEY", fields: [{ name: "Secret key", type: "SECRET", value: secret("old") }] });
        const stripeKey = secret("sk");
        const stack = await example(
            "import-existing",
            { projectId: project.id, vaultId: vault.id, itemId: item.id, referenceVaultId: reference.id, domain: world.credentials.managedDomain },
            { stripeKey },
        );
        await stack.up();
        await stack.expectNoChanges();
        const out = await stack.outputs();
        assert.deepEqual([out.projectId, out.vaultId, out.itemId], [project.id, vault.id, item.id]);
        assert.equal(out.referenceVaultName, "Shared reference");
        assert.equal(out.referenceVaultClassification, "INTERNAL");
        assert.equal(out.apexRecordValue, "192.0.2.10");
        assert.equal((await world.client.readVault(vault.id))?.projectId, project.id);
        const read = await world.client.readItem(vault.id, item.id);
        assert.equal(read?.name, "Stripe API key");
        assert.equal(read?.fields[0].value, stripeKey);
        assert.equal(read?.fields[0].id, item.fieldIds["Secret key"]);
        await stack.destroy();
        // The .get references are not managed: the other vault and the seeded apex record are still there.
        assert.equal((await world.client.readVault(reference.id))?.name, "Shared reference");
        assert.ok((await world.client.dns.list(world.credentials.managedDomain)).records.some((r) => r.type === "A" && r.name === "@"));
    });
});
