/** Vault Manager: vaults (create, list, detail, rename, archive) and our project-association route. */
import { z } from "zod";
import { parse } from "../validate";
import { ArchiveVaultRequest, CreateVaultRequest, ListVaultsQuery, UpdateVaultRequest } from "../../sdk/schemas/vaults";
import { Id } from "../../sdk/schemas/common";
import { defaultTenant } from "../auth";
import { admitCheckpoint, commitCheckpoint } from "../checkpoint-rules";
import { route, RouteSpec } from "../context";
import { ApiError } from "../errors";
import { activeKey } from "../store/keys";
import { latestCheckpoint } from "../store/checkpoints";
import { all, Db, one, run } from "../store/db";
import { expectedDirectory, expectedSummary, inCallerTenant, loadVault, vaultAccess, VaultRow } from "../store/vaults";
import type { Caller } from "../auth";

const SetVaultProjectRequest = z.strictObject({ projectId: Id.nullable() });

const itemCount = (db: Db, vaultId: string): number =>
    (one<{ n: number }>(db, "SELECT COUNT(*) AS n FROM vault_items WHERE vault_id = ? AND archived_at IS NULL", vaultId)?.n ?? 0);

const vaultView = (db: Db, v: VaultRow) => ({
    id: v.id, name: v.name, isEncrypted: true, encryptionKeyId: v.encryption_key_id, dataClassification: v.data_classification,
    itemCount: itemCount(db, v.id), createdAt: v.created_at, projectId: v.project_id,
});

function requireProject(db: Db, caller: Caller, projectId: string): void {
    const p = one<{ tenant_id: string }>(db, "SELECT tenant_id FROM projects WHERE id = ? AND archived_at IS NULL", projectId);
    if (!p || !inCallerTenant(db, caller, p.tenant_id)) throw new ApiError("project_not_found", `The project with ID "${projectId}" was not found in your organization or you do not have access to it.`);
}

export const vaultRoutes: RouteSpec[] = [
    route("POST", "/vault", "machine.vault.write", ({ caller, body, svc: { db }, now }) => {
        const req = parse(CreateVaultRequest, body);
        if (one(db, "SELECT 1 FROM vaults WHERE id = ?", req.id)) throw new ApiError("conflict", `A vault with id "${req.id}" already exists.`);
        if (req.projectId) requireProject(db, caller, req.projectId);
        admitCheckpoint(db, caller, "vaultSummary", req.id, req.summaryCheckpoint);
        run(db, `INSERT INTO vaults(id, tenant_id, name, data_classification, current_dek_version, project_id, encryption_key_id, created_by, created_at)
            VALUES (?,?,?,?,1,?,?,?,?)`, req.id, defaultTenant(db, caller), req.name, req.dataClassification ?? req.summaryCheckpoint.checkpoint.dataClassification,
            req.projectId ?? null, activeKey(db, caller.principalId)?.id ?? null, caller.principalId, now);
        // The creator administers what it created; a project association grants WRITE through vaults.project_id.
        run(db, "INSERT INTO permissions(asset_type, asset_id, entity_id, entity_type, name, access) VALUES ('VAULT', ?, ?, ?, NULL, 'ADMIN')",
            req.id, caller.principalId, caller.agentId ? "agent" : "user");
        commitCheckpoint(db, "vaultSummary", req.id, req.summaryCheckpoint, expectedSummary(db, req.id), now);
        return { status: 201, body: { id: req.id } };
    }),

    route("GET", "/vault", "machine.vault.read", ({ caller, query, svc: { db } }) => {
        const q = parse(ListVaultsQuery, query, "query");
        const rows = all<VaultRow>(db, "SELECT * FROM vaults WHERE archived_at IS NULL ORDER BY created_at, id")
            .filter((v) => (!q.projectId || v.project_id === q.projectId) && vaultAccess(db, caller, v) > 0);
        return { body: { vaults: rows.map((v) => vaultView(db, v)) } };
    }),

    route("GET", "/vault/:vaultId", "machine.vault.read", ({ caller, params, svc: { db } }) => {
        const v = loadVault(db, caller, params.vaultId, "READ");
        // The latest directory checkpoint (null until the first rename), so a renaming client knows the next version.
        return { body: { ...vaultView(db, v), createdBy: v.created_by, directoryCheckpoint: latestCheckpoint(db, "vaultDirectory", v.id) } };
    }),

    route("PATCH", "/vault/:id/update", "machine.vault.write", ({ caller, params, body, svc: { db }, now }) => {
        const req = parse(UpdateVaultRequest, body);
        const v = loadVault(db, caller, params.id, "WRITE");
        admitCheckpoint(db, caller, "vaultDirectory", v.id, req.directoryCheckpoint);
        admitCheckpoint(db, caller, "vaultSummary", v.id, req.summaryCheckpoint);
        run(db, "UPDATE vaults SET name = ?, data_classification = ? WHERE id = ?", req.name, req.dataClassification ?? v.data_classification, v.id);
        commitCheckpoint(db, "vaultDirectory", v.id, req.directoryCheckpoint, expectedDirectory(db, v.id), now);
        commitCheckpoint(db, "vaultSummary", v.id, req.summaryCheckpoint, expectedSummary(db, v.id), now);
        return { body: { id: v.id } };
    }),

    // Ours (the pages name no route): change the project association in place. Projects are not
    // part of any checkpoint, so no signature is needed.
    route("PATCH", "/vault/:id/project", "machine.vault.write", ({ caller, params, body, svc: { db } }) => {
        const req = parse(SetVaultProjectRequest, body);
        const v = loadVault(db, caller, params.id, "WRITE");
        if (req.projectId) requireProject(db, caller, req.projectId);
        run(db, "UPDATE vaults SET project_id = ? WHERE id = ?", req.projectId, v.id);
        return { body: vaultView(db, { ...v, project_id: req.projectId }) };
    }),

    route("DELETE", "/vault/:vaultId", "machine.vault.write", ({ caller, params, body, svc: { db }, now }) => {
        const req = parse(ArchiveVaultRequest, body);
        const v = loadVault(db, caller, params.vaultId, "WRITE");
        admitCheckpoint(db, caller, "vaultSummary", v.id, req.summaryCheckpoint);
        commitCheckpoint(db, "vaultSummary", v.id, req.summaryCheckpoint, expectedSummary(db, v.id), now);
        run(db, "UPDATE vaults SET archived_at = ? WHERE id = ?", now, v.id);
        return { status: 204 };
    }),
];
