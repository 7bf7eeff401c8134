/**
 * Project and DnsRecord through the real engine: create, no-change preview, in-place update,
 * replacement where R4 cannot change a thing in place, drift found and restored, adoption, and
 * destroy leaving nothing active.
 */
import * as assert from "node:assert/strict";
import { opsByName, type TestStack } from "../harness/pulumi";
import { R4World } from "../harness/r4-world";

describe("Project end to end", function () {
    let world: R4World;
    let stack: TestStack;

    const program = (args: string, extra = "") => `
import * as r4 from "pulumi-r4";
const project = new r4.Project("project", ${args});
${extra}
export const projectId = project.id;
`;

    before(async () => {
        world = await R4World.start();
        stack = await world.stack({ program: program(`{ name: "Platform", externalId: "PLAT-1" }`) });
    });

    after(async () => {
        await stack?.cleanup();
        await world?.stop();
    });

    it("creates, updates in place, and replaces when the tenant binding changes", async () => {
        await stack.up();
        await stack.expectNoChanges();
        const { projectId } = await stack.outputs();

        stack.writeProgram(program(`{ name: "Platform", externalId: "PLAT-1", description: "Shared services" }`));
        assert.equal(opsByName(await stack.preview()).project, "update");
        await stack.up();
        assert.equal((await world.client.projects.get(String(projectId))).description, "Shared services");
        assert.equal((await stack.outputs()).projectId, projectId);

        stack.writeProgram(program(`{ name: "Platform", externalId: "PLAT-1", description: "Shared services", domainTenantId: "${world.credentials.domainTenantId}" }`));
        assert.equal(opsByName(await stack.preview()).project, "replace");
        await stack.up();
        assert.notEqual((await stack.outputs()).projectId, projectId);
        await stack.expectNoChanges();
    });

    it("finds out-of-band drift and an out-of-band archive", async () => {
        const { projectId } = await stack.outputs();
        await world.client.projects.update({ id: String(projectId), name: "Renamed by hand" });
        assert.deepEqual(await stack.refreshDrift(), { project: "update" });
        await stack.refresh();
        await stack.up();
        assert.equal((await world.client.projects.get(String(projectId))).name, "Platform");
        await stack.refresh({ expectNoChanges: true });

        await world.client.projects.archive({ id: String(projectId) });
        assert.deepEqual(await stack.refreshDrift(), { project: "delete" });
        await stack.refresh();
        await stack.up();
        assert.notEqual((await stack.outputs()).projectId, projectId);
        await stack.expectNoChanges();
    });

    it("adopts a project made outside Pulumi, then destroy archives everything", async () => {
        const { id } = await world.client.projects.create({ name: "Legacy" });
        stack.writeProgram(program(`{ name: "Platform", externalId: "PLAT-1", description: "Shared services", domainTenantId: "${world.credentials.domainTenantId}" }`,
            `const legacy = new r4.Project("legacy", { name: "Legacy (managed)", adoptId: "${id}" });`));
        await stack.up();
        assert.equal((await world.client.projects.get(id)).name, "Legacy (managed)");
        await stack.expectNoChanges();
        await stack.destroy();
        assert.equal((await world.client.projects.list()).projects.length, 0);
    });
});

describe("DnsRecord end to end", function () {
    let world: R4World;
    let stack: TestStack;
    let domain: string;

    const program = (records: string) => `
import * as r4 from "pulumi-r4";
const domain = "${domain}";
${records}
`;

    before(async () => {
        world = await R4World.start();
        domain = world.credentials.managedDomain;
        stack = await world.stack({
            program: program(`
new r4.DnsRecord("www", { domain, type: "A", name: "www", value: "192.0.2.10" });
new r4.DnsRecord("mx", { domain, type: "MX", name: "@", value: "mail.example.com.", mxPref: 10 });`),
        });
    });

    after(async () => {
        await stack?.cleanup();
        await world?.stop();
    });

    const records = async () => (await world.client.dns.list(domain)).records.map((r) => `${r.type} ${r.name} ${r.value} ${r.ttl}${r.mxPref != null ? " " + r.mxPref : ""}`).sort();

    it("adds records, edits in place, replaces on a name change", async () => {
        const before = await records();
        await stack.up();
        await stack.expectNoChanges();
        assert.deepEqual((await records()).filter((r) => !before.includes(r)), ["A www 192.0.2.10 300", "MX @ mail.example.com. 300 10"]);

        stack.writeProgram(program(`
new r4.DnsRecord("www", { domain, type: "A", name: "www", value: "192.0.2.20", ttl: 600 });
new r4.DnsRecord("mx", { domain, type: "MX", name: "@", value: "mail.example.com.", mxPref: 10 });`));
        assert.equal(opsByName(await stack.preview()).www, "update");
        await stack.up();
        assert.ok((await records()).includes("A www 192.0.2.20 600"));
        assert.ok(!(await records()).some((r) => r.startsWith("A www 192.0.2.10")));

        stack.writeProgram(program(`
new r4.DnsRecord("www", { domain, type: "A", name: "web", value: "192.0.2.20", ttl: 600 });
new r4.DnsRecord("mx", { domain, type: "MX", name: "@", value: "mail.example.com.", mxPref: 10 });`));
        assert.equal(opsByName(await stack.preview()).www, "replace");
        await stack.up();
        const now = await records();
        assert.ok(now.includes("A web 192.0.2.20 600"));
        assert.ok(!now.some((r) => r.startsWith("A www ")));
        await stack.expectNoChanges();
    });

    it("finds a value edited out of band and restores it; adopts an existing record", async () => {
        await world.client.dns.edit({ domain, match: { type: "A", name: "web", value: "192.0.2.20" }, record: { type: "A", name: "web", value: "198.51.100.7", ttl: 600 } });
        assert.deepEqual(await stack.refreshDrift(), { www: "update" });
        await stack.refresh();
        await stack.up();
        assert.ok((await records()).includes("A web 192.0.2.20 600"));
        await stack.refresh({ expectNoChanges: true });

        await world.client.dns.add({ domain, record: { type: "TXT", name: "@", value: "v=spf1 -all" } });
        stack.writeProgram(program(`
new r4.DnsRecord("www", { domain, type: "A", name: "web", value: "192.0.2.20", ttl: 600 });
new r4.DnsRecord("mx", { domain, type: "MX", name: "@", value: "mail.example.com.", mxPref: 10 });
new r4.DnsRecord("spf", { domain, type: "TXT", name: "@", value: "v=spf1 -all", adoptId: domain + "/TXT/@/v=spf1 -all" });`));
        await stack.up();
        await stack.expectNoChanges();
        assert.equal((await records()).filter((r) => r.startsWith("TXT @ v=spf1 -all")).length, 1);
    });

    it("destroy removes exactly the records it manages", async () => {
        await stack.destroy();
        const left = await records();
        assert.ok(!left.some((r) => r.includes("192.0.2.20") || r.includes("mail.example.com.") || r.includes("v=spf1 -all")), left.join("\n"));
    });
});
