/**
 * Permission management. Writes need ADMIN on the target and replace the whole list; VAULT and
 * VAULT_ITEM writes also need a signed permission checkpoint matching the list exactly.
 */
import { PermissionAssetType } from "../../sdk/schemas/common";
import { SetPermissionsRequest } from "../../sdk/schemas/permissions";
import type { Caller } from "../auth";
import { admitCheckpoint, commitCheckpoint } from "../checkpoint-rules";
import { route, RouteSpec } from "../context";
import { ApiError } from "../errors";
import { latestCheckpoint, permissionSubject } from "../store/checkpoints";
import { all, Db, one, run } from "../store/db";
import { inCallerTenant, itemAccess, loadItem, loadVault, RANK, vaultAccess } from "../store/vaults";
import { parse } from "../validate";

const CHECKPOINTED = new Set(["VAULT", "VAULT_ITEM"]);

/** The caller's access to the asset (404 if it cannot see it at all). */
function assetAccess(db: Db, caller: Caller, assetType: string, id: string): number {
    if (assetType === "VAULT") {
        const v = loadVault(db, caller, id, "READ");
        return vaultAccess(db, caller, v);
    }
    if (assetType === "VAULT_ITEM") {
        const { vault } = loadItem(db, caller, id, "READ");
        return itemAccess(db, caller, vault, id);
    }
    const table = assetType === "PROJECT" ? "projects" : assetType === "LICENSE_INSTANCE" ? "license_instances" : null;
    if (!table) throw new ApiError("not_implemented", `Permissions on ${assetType} are not implemented by the R4 emulator.`);
    const row = one<{ tenant_id: string }>(db, `SELECT tenant_id FROM ${table} WHERE id = ? AND archived_at IS NULL`, id);
    if (!row || !inCallerTenant(db, caller, row.tenant_id)) throw new ApiError(assetType === "PROJECT" ? "project_not_found" : "license_not_found");
    if (caller.scope === "TENANT" || caller.scope === "ORG") return RANK.ADMIN;
    const own = one<{ access: "READ" | "WRITE" | "ADMIN" }>(db, "SELECT access FROM permissions WHERE asset_type = ? AND asset_id = ? AND entity_id = ?", assetType, id, caller.principalId);
    return own ? RANK[own.access] : 0;
}

function list(db: Db, assetType: string, id: string) {
    const rows = all<{ entity_id: string; entity_type: string; name: string | null; access: string }>(db,
        "SELECT * FROM permissions WHERE asset_type = ? AND asset_id = ? ORDER BY entity_id", assetType, id);
    return {
        assetId: id, assetType,
        permissions: rows.map((r) => ({ id: r.entity_id, name: r.name, type: r.entity_type, avatar: null, isDefault: null, access: r.access })),
        permissionCheckpoint: CHECKPOINTED.has(assetType) ? latestCheckpoint(db, "permission", permissionSubject(assetType, id)) : null,
    };
}

export const permissionRoutes: RouteSpec[] = [
    route("GET", "/permissions/:assetType/:id/permissions", "machine.permissions.read", ({ caller, params, svc: { db } }) => {
        const assetType = parse(PermissionAssetType, params.assetType, "assetType");
        if (assetAccess(db, caller, assetType, params.id) < RANK.READ) throw new ApiError("forbidden");
        return { body: list(db, assetType, params.id) };
    }),

    route("POST", "/permissions/:assetType/:id/set-permissions", "machine.permissions.write", ({ caller, params, body, svc: { db }, now }) => {
        const assetType = parse(PermissionAssetType, params.assetType, "assetType");
        const req = parse(SetPermissionsRequest, body);
        if (assetAccess(db, caller, assetType, params.id) < RANK.ADMIN) throw new ApiError("admin_required", `ADMIN access to ${assetType} "${params.id}" is required to set its permissions.`);
        const subject = permissionSubject(assetType, params.id);
        const env = req.permissionCheckpoint;
        if (CHECKPOINTED.has(assetType)) {
            if (!env) throw new ApiError("validation_error", `permissionCheckpoint: required for ${assetType} permission writes`);
            admitCheckpoint(db, caller, "permission", subject, env);
        }
        req.permissions.forEach((p, i) => {
            if (p.type === "agent" && !one(db, "SELECT 1 FROM agents WHERE id = ? AND org_id = ? AND archived_at IS NULL", p.id, caller.orgId)) {
                throw new ApiError("validation_error", `permissions.${i}.id: no agent "${p.id}" in this org`);
            }
        });
        run(db, "DELETE FROM permissions WHERE asset_type = ? AND asset_id = ?", assetType, params.id);
        for (const p of req.permissions) {
            run(db, "INSERT OR REPLACE INTO permissions(asset_type, asset_id, entity_id, entity_type, name, access) VALUES (?,?,?,?,?,?)", assetType, params.id, p.id, p.type, p.name ?? null, p.access);
        }
        if (env) {
            const expected = { assetId: params.id, assetType, permissions: req.permissions.map((p) => ({ entityId: p.id, entityType: p.type, access: p.access })) };
            commitCheckpoint(db, "permission", subject, env, expected, now);
        }
        return { body: list(db, assetType, params.id) };
    }),
];
