/** `GET /me`: the truth about the key — scope, atomic permissions, principal context, warnings. */
import { callerRoles } from "../auth";
import { route, RouteSpec } from "../context";
import { one } from "../store/db";
import { activeKey } from "../store/keys";

export const meRoutes: RouteSpec[] = [
    route("GET", "/me", "machine.me.read", ({ caller, svc: { db } }) => {
        const org = one<{ id: string; name: string }>(db, "SELECT id, name FROM orgs WHERE id = ?", caller.orgId);
        const tenant = caller.tenantId ? one<{ id: string; name: string }>(db, "SELECT id, name FROM tenants WHERE id = ?", caller.tenantId) : null;
        const agent = caller.agentId ? one<{ id: string; name: string; domain_tenant_id: string }>(db, "SELECT id, name, domain_tenant_id FROM agents WHERE id = ?", caller.agentId) : null;
        const key = activeKey(db, caller.principalId);
        const permissions = [...caller.permissions].sort();
        const warnings: { code: string; message: string }[] = [];
        if (caller.scope === "AGENT" && !key) warnings.push({ code: "agent_public_key_missing", message: "Register the agent's public key with POST /vault/public-key before vault writes." });
        const vaultWriteConstraint = !caller.permissions.has("machine.vault.write") ? "missing_permission"
            : caller.scope === "AGENT" && !key ? "missing_agent_runtime_key" : null;
        return { body: {
            apiKey: { accessKey: caller.accessKey, scope: caller.scope, permissions, summary: `${caller.scope} key with ${permissions.length} atomic permissions` },
            org: org ?? null, tenant: tenant ?? null,
            agent: agent ? { id: agent.id, name: agent.name, domainTenantId: agent.domain_tenant_id, encryptionKeyId: key?.id ?? null } : null,
            session: { tenantId: caller.tenantId, roles: callerRoles(db, caller), securityGroupIds: [], projectId: null },
            capabilities: { vaultWriteConstraint },
            warnings,
        } };
    }),
];
