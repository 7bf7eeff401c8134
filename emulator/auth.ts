/**
 * Who is calling: resolves `X-API-Key: accessKey.secret` to a caller context, and the checks every
 * route makes on it (atomic permission, scope, tenant boundary, tenant role).
 */
import { hash, timingSafeEqual } from "node:crypto";
import { ApiError } from "./errors";
import { Db, one, run } from "./store/db";
import { newId, newSecret } from "./ids";
import { expandGrants, Scope, TENANT_AGENT_MANAGER } from "./policy";

export interface Caller {
    accessKey: string;
    scope: Scope;
    permissions: Set<string>;
    orgId: string;
    /** The key's tenant; null only for ORG keys, which span the org. */
    tenantId: string | null;
    /** The entity that owns encryption keys and permission rows: the agent for AGENT keys. */
    principalId: string;
    agentId: string | null;
}

// The one-shot form: every request hashes its key, and a Hash object per call cost several times the digest.
export const hashSecret = (secret: string): string => hash("sha256", secret, "hex");

interface KeyRow { access_key: string; secret_hash: string; scope: Scope; permissions: string; org_id: string; tenant_id: string | null; principal_id: string; agent_id: string | null; revoked_at: string | null; agent_archived: number }

export function authenticate(db: Db, header: unknown): Caller {
    if (typeof header !== "string") throw new ApiError("unauthorized");
    const dot = header.indexOf(".");
    if (dot <= 0) throw new ApiError("unauthorized");
    // The key and whether its agent is archived, in the one query every request makes.
    const row = one<KeyRow>(db, `SELECT k.*, a.archived_at IS NOT NULL AS agent_archived FROM api_keys k LEFT JOIN agents a ON a.id = k.agent_id
        WHERE k.access_key = ?`, header.slice(0, dot));
    if (!row || row.revoked_at) throw new ApiError("unauthorized");
    const given = Buffer.from(hashSecret(header.slice(dot + 1)), "hex");
    if (!timingSafeEqual(given, Buffer.from(row.secret_hash, "hex"))) throw new ApiError("unauthorized");
    if (row.agent_archived) throw new ApiError("unauthorized");
    return {
        accessKey: row.access_key, scope: row.scope, permissions: new Set(JSON.parse(row.permissions)), orgId: row.org_id,
        tenantId: row.tenant_id, principalId: row.principal_id, agentId: row.agent_id,
    };
}

export function requirePermission(caller: Caller, permission: string): void {
    if (!caller.permissions.has(permission)) throw new ApiError("missing_permission", `The API key lacks ${permission}.`);
}

export function requireScope(caller: Caller, ...scopes: Scope[]): void {
    if (!scopes.includes(caller.scope)) throw new ApiError("wrong_scope", `This route requires a ${scopes.join(" or ")} API key; this key is ${caller.scope}.`);
}

/** Tenant boundary: ORG keys reach every tenant of their org, other keys only their own tenant. */
export function requireTenant(db: Db, caller: Caller, tenantId: string): void {
    if (caller.scope === "ORG") {
        if (!one(db, "SELECT 1 FROM tenants WHERE id = ? AND org_id = ?", tenantId, caller.orgId)) throw new ApiError("tenant_forbidden");
    } else if (caller.tenantId !== tenantId) {
        throw new ApiError("tenant_forbidden");
    }
}

/** The tenant a request acts on when the body does not name one. */
export function defaultTenant(db: Db, caller: Caller): string {
    if (caller.tenantId) return caller.tenantId;
    const t = one<{ id: string }>(db, "SELECT id FROM tenants WHERE org_id = ? ORDER BY created_at, id LIMIT 1", caller.orgId);
    if (!t) throw new ApiError("tenant_forbidden", "The org has no tenant.");
    return t.id;
}

export function callerRoles(db: Db, caller: Caller): string[] {
    const row = caller.agentId
        ? one<{ roles: string }>(db, "SELECT roles FROM agents WHERE id = ?", caller.agentId)
        : one<{ roles: string }>(db, "SELECT roles FROM api_keys WHERE access_key = ?", caller.accessKey);
    return row ? JSON.parse(row.roles) : [];
}

/** Agent orchestration's second layer: TENANT_AGENT_MANAGER, or the admin bypass of TENANT/ORG keys. */
export function requireAgentManager(db: Db, caller: Caller): void {
    if (caller.scope === "TENANT" || caller.scope === "ORG") return;
    if (!callerRoles(db, caller).includes(TENANT_AGENT_MANAGER)) throw new ApiError("agent_manager_required");
}

export interface MintedKey { accessKey: string; secret: string; apiKey: string; permissions: string[] }

/** Creates an API key; grouped grants are expanded here, once. */
export function mintKey(db: Db, opts: { scope: Scope; grants: string[]; orgId: string; tenantId: string | null; principalId: string; agentId: string | null; roles?: string[]; now: string }): MintedKey {
    const accessKey = `rk_${newId()}`;
    const secret = newSecret();
    const permissions = expandGrants(opts.scope, opts.grants);
    run(db, `INSERT INTO api_keys(access_key, secret_hash, scope, permissions, org_id, tenant_id, principal_id, agent_id, roles, created_at)
        VALUES (?,?,?,?,?,?,?,?,?,?)`, accessKey, hashSecret(secret), opts.scope, JSON.stringify(permissions), opts.orgId, opts.tenantId,
        opts.principalId, opts.agentId, JSON.stringify(opts.roles ?? []), opts.now);
    return { accessKey, secret, apiKey: `${accessKey}.${secret}`, permissions };
}
