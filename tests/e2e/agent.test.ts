/**
 * Agent through the real engine: one-time credentials as secrets, in-place rename and role
 * change, key regeneration by `keyRotation`, replacement on a permission change, drift, adoption.
 */
import * as assert from "node:assert/strict";
import { R4Client } from "../../sdk/client";
import { opsByName, type TestStack } from "../harness/pulumi";
import { assertNoLeak, R4World } from "../harness/r4-world";

describe("Agent end to end", function () {
    let world: R4World;
    let stack: TestStack;
    const seen: string[] = [];

    const program = (args: string, extra = "") => `
import * as r4 from "pulumi-r4";
const agent = new r4.Agent("agent", { domainTenantId: "${world.credentials.domainTenantId}", ${args} });
${extra}
export const agentId = agent.id;
export const apiKey = agent.apiKey;
`;

    async function apiKey(): Promise<string> {
        const key = String((await stack.outputs({ showSecrets: true })).apiKey);
        seen.push(key, key.split(".")[1]);
        return key;
    }

    async function canCall(key: string): Promise<boolean> {
        const c = new R4Client({ baseUrl: world.credentials.baseUrl, apiKey: key, privateKeyPem: world.credentials.privateKeyPem, maxRetries: 0 });
        try {
            await c.me.get();
            return true;
        } catch {
            return false;
        }
    }

    before(async () => {
        world = await R4World.start();
        stack = await world.stack({ program: program(`name: "Steward", permissions: ["machine.me.read", "machine.vault.all"]`) });
    });

    after(async () => {
        await stack?.cleanup();
        await world?.stop();
    });

    it("creates an agent whose key works, held as a secret", async () => {
        await stack.up();
        await stack.expectNoChanges();
        assert.ok(await canCall(await apiKey()));
        const plain = await stack.outputs();
        assert.equal(plain.apiKey, "[secret]");
    });

    it("renames and grants a role in place; keyRotation regenerates the key", async () => {
        const { agentId } = await stack.outputs();
        const oldKey = await apiKey();
        stack.writeProgram(program(`name: "Steward v2", permissions: ["machine.me.read", "machine.vault.all"], tenantRoles: ["TENANT_AGENT_MANAGER"]`));
        assert.equal(opsByName(await stack.preview()).agent, "update");
        await stack.up();
        assert.equal((await stack.outputs()).agentId, agentId);
        assert.equal((await world.client.agents.get(String(agentId))).name, "Steward v2");
        assert.deepEqual((await world.client.agents.getTenantRoles(String(agentId))).roles, ["TENANT_AGENT_MANAGER"]);
        assert.equal(await apiKey(), oldKey);

        stack.writeProgram(program(`name: "Steward v2", permissions: ["machine.me.read", "machine.vault.all"], tenantRoles: ["TENANT_AGENT_MANAGER"], keyRotation: 1`));
        assert.equal(opsByName(await stack.preview()).agent, "update");
        await stack.up();
        const newKey = await apiKey();
        assert.notEqual(newKey, oldKey);
        assert.ok(await canCall(newKey));
        assert.ok(!(await canCall(oldKey)));
        await stack.expectNoChanges();
    });

    it("replaces the agent when its permissions change", async () => {
        const { agentId } = await stack.outputs();
        stack.writeProgram(program(`name: "Steward v2", permissions: ["machine.me.read"], tenantRoles: ["TENANT_AGENT_MANAGER"], keyRotation: 1`));
        assert.equal(opsByName(await stack.preview()).agent, "replace");
        await stack.up();
        assert.notEqual((await stack.outputs()).agentId, agentId);
        assert.ok(await canCall(await apiKey()));
        await stack.expectNoChanges();
    });

    it("finds a rename out of band, restores it, and adopts an agent made by hand", async () => {
        const { agentId } = await stack.outputs();
        await world.client.agents.update(String(agentId), { name: "Renamed by hand" });
        assert.deepEqual(await stack.refreshDrift(), { agent: "update" });
        await stack.refresh();
        await stack.up();
        assert.equal((await world.client.agents.get(String(agentId))).name, "Steward v2");
        await stack.refresh({ expectNoChanges: true });

        const made = await world.client.agents.create({ name: "Manual", domainTenantId: world.credentials.domainTenantId, permissions: ["machine.me.read"] });
        seen.push(made.accessSecret);
        stack.writeProgram(program(`name: "Steward v2", permissions: ["machine.me.read"], tenantRoles: ["TENANT_AGENT_MANAGER"], keyRotation: 1`,
            `new r4.Agent("manual", { domainTenantId: "${world.credentials.domainTenantId}", name: "Manual (managed)", permissions: ["machine.me.read"], adoptId: "${made.id}" });`));
        await stack.up();
        assert.equal((await world.client.agents.get(made.id)).name, "Manual (managed)");
        await stack.expectNoChanges();
    });

    it("keeps every agent secret out of state and output; destroy archives the agents", async () => {
        const { text } = await stack.exportState();
        assertNoLeak({ state: text, "engine output": stack.output }, [...seen, ...world.secrets()]);
        await stack.destroy();
        const names = (await world.client.agents.list()).agents.map((a) => a.name);
        assert.ok(!names.includes("Steward v2") && !names.includes("Manual (managed)"), names.join(", "));
    });
});
