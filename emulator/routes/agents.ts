/**
 * Agent orchestration. Two layers, as the pages say: machine.agent.read/write on the key, and
 * TENANT_AGENT_MANAGER (or the TENANT/ORG admin bypass) on the session.
 */
import { CreateAgentRequest, LinkAgentVaultItemRequest, SetAgentTenantRolesRequest, UpdateAgentRequest } from "../../sdk/schemas/agents";
import { Caller, mintKey, requireAgentManager, requireTenant } from "../auth";
import { route, RouteSpec, Handler } from "../context";
import { ApiError } from "../errors";
import { newId } from "../ids";
import { expandGrants } from "../policy";
import { all, Db, one, run } from "../store/db";
import { activeKey } from "../store/keys";
import { inCallerTenant, loadItem } from "../store/vaults";
import { parse } from "../validate";

interface AgentRow { id: string; org_id: string; tenant_id: string; domain_tenant_id: string; name: string; security_group_ids: string; roles: string; vault_item_id: string | null; last_ip: string | null; last_hostname: string | null; created_at: string; archived_at: string | null }

function agentKey(db: Db, agentId: string) {
    return one<{ access_key: string; permissions: string }>(db, "SELECT access_key, permissions FROM api_keys WHERE agent_id = ? AND revoked_at IS NULL ORDER BY created_at DESC LIMIT 1", agentId);
}

export function agentView(db: Db, a: AgentRow) {
    const key = agentKey(db, a.id);
    return {
        id: a.id, name: a.name, domainTenantId: a.domain_tenant_id, securityGroupIds: JSON.parse(a.security_group_ids),
        permissions: key ? JSON.parse(key.permissions) : [], encryptionKeyId: activeKey(db, a.id)?.id ?? null, vaultItemId: a.vault_item_id,
        lastIp: a.last_ip, lastHostname: a.last_hostname, createdAt: a.created_at, archivedAt: a.archived_at,
    };
}

function load(db: Db, caller: Caller, id: string): AgentRow {
    const a = one<AgentRow>(db, "SELECT * FROM agents WHERE id = ? AND archived_at IS NULL", id);
    if (!a || !inCallerTenant(db, caller, a.tenant_id)) throw new ApiError("agent_not_found", `The agent "${id}" was not found.`);
    return a;
}

/** Wraps a handler with the TENANT_AGENT_MANAGER layer. */
const managed = (h: Handler): Handler => (input) => {
    requireAgentManager(input.svc.db, input.caller);
    return h(input);
};

export const agentRoutes: RouteSpec[] = [
    route("GET", "/agent", "machine.agent.read", managed(({ caller, svc: { db } }) => {
        const rows = all<AgentRow>(db, "SELECT * FROM agents WHERE archived_at IS NULL ORDER BY created_at, id").filter((a) => inCallerTenant(db, caller, a.tenant_id));
        return { body: { agents: rows.map((a) => agentView(db, a)) } };
    })),

    route("POST", "/agent", "machine.agent.write", managed(({ caller, body, svc: { db }, now }) => {
        const req = parse(CreateAgentRequest, body);
        const dt = one<{ id: string; tenant_id: string }>(db, "SELECT * FROM domain_tenants WHERE id = ?", req.domainTenantId);
        if (!dt) throw new ApiError("validation_error", `domainTenantId: no domain-tenant binding "${req.domainTenantId}"`);
        requireTenant(db, caller, dt.tenant_id);
        const id = newId();
        run(db, "INSERT INTO agents(id, org_id, tenant_id, domain_tenant_id, name, security_group_ids, created_at) VALUES (?,?,?,?,?,?,?)",
            id, caller.orgId, dt.tenant_id, dt.id, req.name, JSON.stringify(req.securityGroupIds ?? []), now);
        const key = mintKey(db, { scope: "AGENT", grants: req.permissions ?? [], orgId: caller.orgId, tenantId: dt.tenant_id, principalId: id, agentId: id, now });
        return { status: 201, body: { ...agentView(db, load(db, caller, id)), accessKey: key.accessKey, accessSecret: key.secret } };
    })),

    route("GET", "/agent/:id", "machine.agent.read", managed(({ caller, params, svc: { db } }) => ({ body: agentView(db, load(db, caller, params.id)) }))),

    route("PATCH", "/agent/:id", "machine.agent.write", managed(({ caller, params, body, svc: { db } }) => {
        const req = parse(UpdateAgentRequest, body);
        const a = load(db, caller, params.id);
        run(db, "UPDATE agents SET name = ?, security_group_ids = ? WHERE id = ?", req.name ?? a.name, req.securityGroupIds ? JSON.stringify(req.securityGroupIds) : a.security_group_ids, a.id);
        if (req.permissions) run(db, "UPDATE api_keys SET permissions = ? WHERE agent_id = ? AND revoked_at IS NULL", JSON.stringify(expandGrants("AGENT", req.permissions)), a.id);
        return { body: agentView(db, load(db, caller, a.id)) };
    })),

    route("PATCH", "/agent/:id/archive", "machine.agent.write", managed(({ caller, params, svc: { db }, now }) => {
        const a = load(db, caller, params.id);
        run(db, "UPDATE agents SET archived_at = ? WHERE id = ?", now, a.id);
        run(db, "UPDATE api_keys SET revoked_at = ? WHERE agent_id = ? AND revoked_at IS NULL", now, a.id);
        return { body: agentView(db, { ...a, archived_at: now }) };
    })),

    route("POST", "/agent/:id/regenerate-api-key", "machine.agent.write", managed(({ caller, params, svc: { db }, now }) => {
        const a = load(db, caller, params.id);
        const old = agentKey(db, a.id);
        run(db, "UPDATE api_keys SET revoked_at = ? WHERE agent_id = ? AND revoked_at IS NULL", now, a.id);
        // The old key's permissions are already atomic; they carry over unchanged.
        const key = mintKey(db, { scope: "AGENT", grants: old ? JSON.parse(old.permissions) : [], orgId: a.org_id, tenantId: a.tenant_id, principalId: a.id, agentId: a.id, now });
        return { status: 201, body: { ...agentView(db, a), accessKey: key.accessKey, accessSecret: key.secret } };
    })),

    route("PATCH", "/agent/:id/vault-item", "machine.agent.write", managed(({ caller, params, body, svc: { db } }) => {
        const req = parse(LinkAgentVaultItemRequest, body);
        const a = load(db, caller, params.id);
        loadItem(db, caller, req.vaultItemId, "READ");
        run(db, "UPDATE agents SET vault_item_id = ? WHERE id = ?", req.vaultItemId, a.id);
        return { body: agentView(db, { ...a, vault_item_id: req.vaultItemId }) };
    })),

    route("GET", "/agent/:id/tenant-roles", "machine.agent.read", managed(({ caller, params, svc: { db } }) => {
        const a = load(db, caller, params.id);
        return { body: { agentId: a.id, roles: JSON.parse(a.roles), inheritedRoles: [] } };
    })),

    route("PATCH", "/agent/:id/tenant-roles", "machine.agent.write", managed(({ caller, params, body, svc: { db } }) => {
        const req = parse(SetAgentTenantRolesRequest, body);
        const a = load(db, caller, params.id);
        const roles = [...new Set(req.roles)].sort();
        run(db, "UPDATE agents SET roles = ? WHERE id = ?", JSON.stringify(roles), a.id);
        return { body: { agentId: a.id, roles, inheritedRoles: [] } };
    })),
];
