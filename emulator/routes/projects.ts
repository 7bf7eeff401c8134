/** Project Manager: list, create, detail, update, archive, restore. */
import { ArchiveProjectRequest, CreateProjectRequest, RestoreProjectRequest, UpdateProjectRequest } from "../../sdk/schemas/projects";
import type { Caller } from "../auth";
import { defaultTenant, requireTenant } from "../auth";
import { route, RouteSpec } from "../context";
import { ApiError } from "../errors";
import { newId } from "../ids";
import { all, Db, one, run } from "../store/db";
import { inCallerTenant } from "../store/vaults";
import { parse } from "../validate";

interface ProjectRow { id: string; tenant_id: string; domain_tenant_id: string | null; name: string; external_id: string | null; description: string | null; created_by: string; created_at: string; archived_at: string | null }

const notFound = (id: string) => new ApiError("project_not_found", `The project with ID "${id}" was not found in your organization or you do not have access to it.`);

function load(db: Db, caller: Caller, id: string, archived: boolean): ProjectRow {
    const p = one<ProjectRow>(db, `SELECT * FROM projects WHERE id = ? AND archived_at IS ${archived ? "NOT NULL" : "NULL"}`, id);
    if (!p || !inCallerTenant(db, caller, p.tenant_id)) throw notFound(id);
    return p;
}

function summary(db: Db, p: ProjectRow) {
    const count = (sql: string) => one<{ n: number }>(db, sql, p.id)?.n ?? 0;
    return {
        id: p.id, name: p.name, externalId: p.external_id, description: p.description,
        vaultsCount: count("SELECT COUNT(*) AS n FROM vaults WHERE project_id = ? AND archived_at IS NULL"),
        licensesCount: count("SELECT COUNT(*) AS n FROM license_instances WHERE project_id = ? AND archived_at IS NULL"),
        licenseGroupsCount: 0, archivedAt: p.archived_at,
    };
}

/** Creates a project row; shared with purchases that ask for `project.mode: "new"`. */
export function createProject(db: Db, caller: Caller, tenantId: string, domainTenantId: string | null, fields: { name: string; externalId?: string | null; description?: string | null }, now: string): string {
    const id = newId();
    run(db, "INSERT INTO projects(id, tenant_id, domain_tenant_id, name, external_id, description, created_by, created_at) VALUES (?,?,?,?,?,?,?,?)",
        id, tenantId, domainTenantId, fields.name, fields.externalId ?? null, fields.description ?? null, caller.principalId, now);
    run(db, "INSERT INTO permissions(asset_type, asset_id, entity_id, entity_type, name, access) VALUES ('PROJECT', ?, ?, ?, NULL, 'ADMIN')", id, caller.principalId, caller.agentId ? "agent" : "user");
    return id;
}

export const projectRoutes: RouteSpec[] = [
    route("GET", "/project", "machine.project.read", ({ caller, svc: { db } }) => {
        const rows = all<ProjectRow>(db, "SELECT * FROM projects WHERE archived_at IS NULL ORDER BY created_at, id").filter((p) => inCallerTenant(db, caller, p.tenant_id));
        return { body: { projects: rows.map((p) => summary(db, p)) } };
    }),

    route("POST", "/project", "machine.project.write", ({ caller, body, svc: { db }, now }) => {
        const req = parse(CreateProjectRequest, body);
        let tenantId = defaultTenant(db, caller);
        let domainTenantId = one<{ id: string }>(db, "SELECT id FROM domain_tenants WHERE tenant_id = ? ORDER BY created_at, id LIMIT 1", tenantId)?.id ?? null;
        if (req.domainTenantId) {
            const dt = one<{ id: string; tenant_id: string }>(db, "SELECT * FROM domain_tenants WHERE id = ?", req.domainTenantId);
            if (!dt) throw new ApiError("project_creation_failed", `domainTenantId: no domain-tenant binding "${req.domainTenantId}".`);
            requireTenant(db, caller, dt.tenant_id);
            [tenantId, domainTenantId] = [dt.tenant_id, dt.id];
        }
        return { status: 201, body: { id: createProject(db, caller, tenantId, domainTenantId, req, now) } };
    }),

    route("GET", "/project/:id", "machine.project.read", ({ caller, params, svc: { db } }) => {
        const p = load(db, caller, params.id, false);
        const vaults = all<{ id: string; name: string }>(db, "SELECT id, name FROM vaults WHERE project_id = ? AND archived_at IS NULL ORDER BY created_at, id", p.id);
        const licenses = all<{ id: string; name: string }>(db, "SELECT id, name FROM license_instances WHERE project_id = ? AND archived_at IS NULL ORDER BY created_at, id", p.id);
        return { body: {
            ...summary(db, p), domainTenantId: p.domain_tenant_id, createdAt: p.created_at, createdBy: p.created_by,
            vaults: vaults.map((v) => ({ ...v, isEncrypted: true })), licenses: licenses.map((l) => ({ ...l, type: "internal" })), licenseGroups: [],
        } };
    }),

    route("PATCH", "/project/update", "machine.project.write", ({ caller, body, svc: { db } }) => {
        const req = parse(UpdateProjectRequest, body);
        const p = load(db, caller, req.id, false);
        run(db, "UPDATE projects SET name = ?, external_id = ?, description = ? WHERE id = ?", req.name ?? p.name,
            req.externalId === undefined ? p.external_id : req.externalId, req.description === undefined ? p.description : req.description, p.id);
        return { body: { id: p.id } };
    }),

    route("POST", "/project/archive", "machine.project.write", ({ caller, body, svc: { db }, now }) => {
        const p = load(db, caller, parse(ArchiveProjectRequest, body).id, false);
        run(db, "UPDATE projects SET archived_at = ? WHERE id = ?", now, p.id);
        return { body: { id: p.id } };
    }),

    route("POST", "/project/restore", "machine.project.write", ({ caller, body, svc: { db } }) => {
        const p = load(db, caller, parse(RestoreProjectRequest, body).id, true);
        run(db, "UPDATE projects SET archived_at = NULL WHERE id = ?", p.id);
        return { body: { id: p.id } };
    }),
];
