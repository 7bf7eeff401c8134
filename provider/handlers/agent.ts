/**
 * Agent: a subordinate machine identity. Its key's permissions are fixed when the key is minted
 * (grouped grants are expanded then), so changing permissions or the tenant makes a new agent;
 * name, security groups, tenant roles and the linked vault item change in place; a new
 * `keyRotation` value regenerates the key. The one-time credentials are secret outputs.
 */
import { z } from "zod";
import { TenantRole } from "../../sdk/schemas/agents";
import { Name } from "../../sdk/schemas/common";
import { expandGrants, PermissionGrant } from "../../sdk/schemas/grants";
import { createOnce, mayHaveApplied } from "../plumbing/create-once";
import { isNotFound } from "../plumbing/errors";
import { client } from "../plumbing/settings";
import { defineHandler } from "./handler";

/** One grant, refused with the names to choose from rather than zod's bare "Invalid input". */
const Grant = z.custom<z.infer<typeof PermissionGrant>>((v) => PermissionGrant.safeParse(v).success, {
    error: (issue) =>
        `${JSON.stringify(issue.input)} is not a machine permission or grouped grant: use one such as machine.vault.read, machine.vault.write, machine.project.read or the group machine.vault.all`,
});

export const AgentInputs = z.object({
    name: Name,
    domainTenantId: z.string().min(1, "set domainTenantId (list agents or read /me to find your tenant's binding)"),
    securityGroupIds: z.array(z.string().min(1)).optional(),
    permissions: z
        .array(Grant, { error: (issue) => (issue.code === "invalid_type" ? "permissions must be a list of machine permissions" : undefined) })
        .min(1, "permissions must list at least one machine permission, e.g. machine.vault.read"),
    tenantRoles: z.array(TenantRole).optional(),
    vaultItemId: z.string().min(1).optional(),
    keyRotation: z.unknown().optional(),
});
export type AgentInputs = z.infer<typeof AgentInputs>;

function credentials(accessKey: string, accessSecret: string) {
    return { accessKey, accessSecret, apiKey: `${accessKey}.${accessSecret}` };
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
    return a.length === b.length && a.every((x) => b.includes(x));
}

/** A fresh key for agent `id`; any one will do, so a regeneration whose answer was lost is simply repeated. */
async function regenerate(id: string): Promise<{ accessKey: string; accessSecret: string }> {
    for (let attempt = 0; ; attempt++) {
        try {
            return await client().agents.regenerateApiKey(id);
        } catch (err) {
            if (attempt >= 3 || !mayHaveApplied(err)) throw err;
            await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** attempt));
        }
    }
}

/** Live agents that match the declared inputs. */
async function matching(inputs: AgentInputs): Promise<string[]> {
    return (await client().agents.list()).agents.filter((a) => a.name === inputs.name && a.domainTenantId === inputs.domainTenantId && !a.archivedAt).map((a) => a.id);
}

export const agentHandler = defineHandler<AgentInputs>({
    noun: "agent",
    schema: AgentInputs,
    diff: {
        properties: ["name", "domainTenantId", "securityGroupIds", "permissions", "tenantRoles", "vaultItemId", "keyRotation"],
        replaceOn: ["domainTenantId", "permissions"],
        defaults: { securityGroupIds: [], tenantRoles: [] },
    },

    matching,

    // The first key of an agent found after an interrupted create was lost with the answer.
    async recovered(id, _inputs, outputs) {
        const fresh = await regenerate(id);
        return { ...outputs, ...credentials(fresh.accessKey, fresh.accessSecret) };
    },

    async create(inputs, intend) {
        const r4 = client();
        // R4 picks an agent's id and answers with its one-time key: after a lost answer, find the
        // agent made (never a second one) and mint it a fresh key, so the lost one is void.
        const created = await createOnce({
            noun: "agent",
            matching: () => matching(inputs),
            noteBefore: (before) => intend({ before }),
            create: () =>
                r4.agents.create({
                    name: inputs.name,
                    domainTenantId: inputs.domainTenantId,
                    securityGroupIds: inputs.securityGroupIds ?? [],
                    permissions: inputs.permissions,
                }),
            recover: async (id) => ({ id, ...(await regenerate(id)) }),
        });
        try {
            if (inputs.tenantRoles?.length) await r4.agents.setTenantRoles(created.id, { roles: inputs.tenantRoles });
            if (inputs.vaultItemId) await r4.agents.linkVaultItem(created.id, { vaultItemId: inputs.vaultItemId });
        } catch (err) {
            // Create is all-or-nothing: an agent whose setup failed must not linger with a live key
            // that no state records.
            await r4.agents.archive(created.id).catch(() => undefined);
            throw err;
        }
        return { id: created.id, outputs: credentials(created.accessKey, created.accessSecret) };
    },

    async read(id, props) {
        const r4 = client();
        let agent;
        try {
            agent = await r4.agents.get(id);
        } catch (err) {
            if (isNotFound(err)) return null;
            throw err;
        }
        if (agent.archivedAt) return null;
        const declared: string[] | undefined = props.permissions;
        // R4 stores grouped grants expanded; the declared form stands while it means the same.
        const permissions = declared && sameSet(expandGrants(declared as never), expandGrants(agent.permissions as never)) ? declared : agent.permissions;
        const roles = (await r4.agents.getTenantRoles(id)).roles;
        return {
            inputs: {
                name: agent.name,
                domainTenantId: agent.domainTenantId,
                ...(props.securityGroupIds !== undefined || agent.securityGroupIds.length > 0 ? { securityGroupIds: agent.securityGroupIds } : {}),
                permissions: permissions as AgentInputs["permissions"],
                ...(props.tenantRoles !== undefined || roles.length > 0 ? { tenantRoles: roles } : {}),
                ...(agent.vaultItemId ? { vaultItemId: agent.vaultItemId } : {}),
                ...(props.keyRotation !== undefined ? { keyRotation: props.keyRotation } : {}),
            },
            // The one-time credentials cannot be read back; keep the ones state holds.
            outputs: { accessKey: props.accessKey, accessSecret: props.accessSecret, apiKey: props.apiKey },
        };
    },

    async update(id, olds, news, props) {
        const r4 = client();
        if (olds.name !== news.name || !sameSet(olds.securityGroupIds ?? [], news.securityGroupIds ?? [])) {
            await r4.agents.update(id, { name: news.name, securityGroupIds: news.securityGroupIds ?? [] });
        }
        if (!sameSet(olds.tenantRoles ?? [], news.tenantRoles ?? [])) {
            await r4.agents.setTenantRoles(id, { roles: news.tenantRoles ?? [] });
        }
        if (news.vaultItemId && news.vaultItemId !== olds.vaultItemId) {
            await r4.agents.linkVaultItem(id, { vaultItemId: news.vaultItemId });
        }
        if (JSON.stringify(olds.keyRotation) !== JSON.stringify(news.keyRotation)) {
            const fresh = await regenerate(id);
            return credentials(fresh.accessKey, fresh.accessSecret);
        }
        return { accessKey: props.accessKey, accessSecret: props.accessSecret, apiKey: props.apiKey };
    },

    async delete(id) {
        await client().agents.archive(id);
    },
});
