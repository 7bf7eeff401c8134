/**
 * Vault through the real engine against the emulator: create, no-change preview, in-place
 * rename and project change (never a replacement), drift found by refresh and restored, an
 * object archived out of band recreated, adoption with no diff after, destroy.
 */
import * as assert from "node:assert/strict";
import { opsByName, type TestStack } from "../harness/pulumi";
import { assertNoLeak, R4World } from "../harness/r4-world";

const program = (vaultArgs: string, extra = "") => `
import * as r4 from "pulumi-r4";
${extra}
const vault = new r4.Vault("vault", ${vaultArgs});
export const vaultId = vault.id;
export const version = vault.version;
`;

describe("Vault end to end", function () {
    let world: R4World;
    let stack: TestStack;

    before(async () => {
        world = await R4World.start();
        stack = await world.stack({ program: program(`{ name: "Payments", dataClassification: "CONFIDENTIAL" }`) });
    });

    after(async () => {
        await stack?.cleanup();
        await world?.stop();
    });

    it("creates a vault, then previews no changes", async () => {
        await stack.up();
        const { vaultId } = await stack.outputs();
        const vault = await world.client.readVault(String(vaultId));
        assert.equal(vault?.name, "Payments");
        await stack.expectNoChanges();
    });

    it("renames in place", async () => {
        stack.writeProgram(program(`{ name: "Payments v2", dataClassification: "CONFIDENTIAL" }`));
        assert.equal(opsByName(await stack.preview()).vault, "update");
        const before = (await stack.outputs()).vaultId;
        await stack.up();
        const { vaultId } = await stack.outputs();
        assert.equal(vaultId, before);
        assert.equal((await world.client.readVault(String(vaultId)))?.name, "Payments v2");
        await stack.expectNoChanges();
    });

    it("changes its project in place, never replacing the vault", async () => {
        const withProject = program(`{ name: "Payments v2", dataClassification: "CONFIDENTIAL", projectId: project.id }`, `const project = new r4.Project("project", { name: "Billing" });`);
        stack.writeProgram(withProject);
        const ops = opsByName(await stack.preview());
        assert.equal(ops.vault, "update");
        assert.equal(ops.project, "create");
        await stack.up();
        await stack.expectNoChanges();
    });

    it("finds a rename made out of band, and up restores it", async () => {
        const { vaultId } = await stack.outputs();
        await world.client.updateVault(String(vaultId), { name: "Renamed elsewhere" });
        assert.deepEqual(await stack.refreshDrift(), { vault: "update" });
        await stack.refresh();
        assert.equal(opsByName(await stack.preview()).vault, "update");
        await stack.up();
        assert.equal((await world.client.readVault(String(vaultId)))?.name, "Payments v2");
        await stack.refresh({ expectNoChanges: true });
        await stack.expectNoChanges();
    });

    it("recreates a vault archived out of band", async () => {
        const { vaultId } = await stack.outputs();
        await world.client.archiveVault(String(vaultId));
        assert.deepEqual(await stack.refreshDrift(), { vault: "delete" });
        await stack.refresh();
        assert.equal(opsByName(await stack.preview()).vault, "create");
        await stack.up();
        const after = (await stack.outputs()).vaultId;
        assert.notEqual(after, vaultId);
        await stack.expectNoChanges();
    });

    it("adopts a vault created outside Pulumi, with no diff after", async () => {
        const outside = await world.client.createVault({ name: "Made by hand", dataClassification: "INTERNAL" });
        stack.writeProgram(
            program(`{ name: "Payments v2", dataClassification: "CONFIDENTIAL", projectId: project.id }`, `
const project = new r4.Project("project", { name: "Billing" });
const adopted = new r4.Vault("adopted", { name: "Adopted", dataClassification: "INTERNAL", adoptId: "${outside.id}" });
export const adoptedId = adopted.id;`),
        );
        await stack.up();
        assert.equal((await stack.outputs()).adoptedId, outside.id);
        assert.equal((await world.client.readVault(outside.id))?.name, "Adopted");
        await stack.expectNoChanges();
        await stack.refresh({ expectNoChanges: true });
    });

    it("reads an existing vault with Vault.get, without managing it", async () => {
        const outside = await world.client.createVault({ name: "Read only", dataClassification: "PUBLIC" });
        stack.writeProgram(
            program(`{ name: "Payments v2", dataClassification: "CONFIDENTIAL", projectId: project.id }`, `
const project = new r4.Project("project", { name: "Billing" });
const adopted = new r4.Vault("adopted", { name: "Adopted", dataClassification: "INTERNAL", adoptId: "${(await stack.outputs()).adoptedId}" });
const existing = r4.Vault.get("existing", "${outside.id}");
export const existingName = existing.name;
export const existingClass = existing.dataClassification;`),
        );
        await stack.up();
        const outputs = await stack.outputs();
        assert.equal(outputs.existingName, "Read only");
        assert.equal(outputs.existingClass, "PUBLIC");
        await stack.expectNoChanges();
    });

    it("keeps credentials out of state and output, and destroy archives everything", async () => {
        const { text } = await stack.exportState();
        assertNoLeak({ state: text, "engine output": stack.output }, world.secrets());
        const provider = (await stack.resources()).find((r) => r.type === "pulumi-nodejs:dynamic/r4:Vault")!.inputs.__provider as string;
        // One line naming the kind; the implementation is loaded by package name in the provider.
        assert.ok(provider.length < 200, `the serialised provider is ${provider.length} bytes`);
        assert.match(provider, /require\("pulumi-r4\/provider-runtime"\)/);
        assert.doesNotMatch(provider, /createVault|encryptField|undici/);
        await stack.destroy();
        // Only the vault that was read with get, never managed, is left.
        assert.deepEqual((await world.client.vaults.list()).vaults.map((v) => v.name), ["Read only"]);
    });
});
