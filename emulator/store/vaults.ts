/**
 * Vault and item reads shared by routes: access resolution and the "state after the operation"
 * that checkpoints are compared with.
 */
import type { Caller } from "../auth";
import { ApiError } from "../errors";
import { all, Db, one } from "./db";

export interface VaultRow { id: string; tenant_id: string; name: string; data_classification: string; current_dek_version: number; project_id: string | null; encryption_key_id: string | null; created_by: string; created_at: string; archived_at: string | null }
export interface ItemRow { id: string; vault_id: string; name: string; type: string; websites: string; group_id: string | null; created_at: string; archived_at: string | null }
export interface FieldRow { id: string; item_id: string; name: string; type: string; ord: number; archived_at: string | null }

export type Access = "READ" | "WRITE" | "ADMIN";
export const RANK: Record<Access, number> = { READ: 1, WRITE: 2, ADMIN: 3 };

/** Tenant boundary without throwing: ORG keys see their org's tenants, others their own. */
export function inCallerTenant(db: Db, caller: Caller, tenantId: string): boolean {
    if (caller.scope === "ORG") return !!one(db, "SELECT 1 FROM tenants WHERE id = ? AND org_id = ?", tenantId, caller.orgId);
    return caller.tenantId === tenantId;
}

function directAccess(db: Db, assetType: string, assetId: string, entityId: string): number {
    const row = one<{ access: Access }>(db, "SELECT access FROM permissions WHERE asset_type = ? AND asset_id = ? AND entity_id = ?", assetType, assetId, entityId);
    return row ? RANK[row.access] : 0;
}

/** Effective access: direct rows, plus the vault's project (a project grants at most WRITE, as the pages say). TENANT/ORG keys are tenant admins. */
export function vaultAccess(db: Db, caller: Caller, vault: VaultRow): number {
    if (!inCallerTenant(db, caller, vault.tenant_id)) return 0;
    if (caller.scope === "TENANT" || caller.scope === "ORG") return RANK.ADMIN;
    const direct = directAccess(db, "VAULT", vault.id, caller.principalId);
    const viaProject = vault.project_id ? Math.min(directAccess(db, "PROJECT", vault.project_id, caller.principalId), RANK.WRITE) : 0;
    return Math.max(direct, viaProject);
}

/** Loads a live vault the caller can reach with at least `need`; unreachable vaults are 404, too-weak access is 403. */
export function loadVault(db: Db, caller: Caller, vaultId: string, need: Access): VaultRow {
    const vault = one<VaultRow>(db, "SELECT * FROM vaults WHERE id = ? AND archived_at IS NULL", vaultId);
    const access = vault ? vaultAccess(db, caller, vault) : 0;
    if (!vault || access === 0) throw new ApiError("vault_not_found", `The vault "${vaultId}" was not found or you do not have access to it.`);
    if (access < RANK[need]) throw new ApiError("forbidden", `${need} access to vault "${vaultId}" is required.`);
    return vault;
}

export function itemAccess(db: Db, caller: Caller, vault: VaultRow, itemId: string): number {
    return Math.max(vaultAccess(db, caller, vault), caller.scope === "AGENT" || caller.scope === "USER" ? directAccess(db, "VAULT_ITEM", itemId, caller.principalId) : 0);
}

/** Loads a live item and its live vault; access is the vault's, or a direct item grant. */
export function loadItem(db: Db, caller: Caller, itemId: string, need: Access, vaultId?: string): { item: ItemRow; vault: VaultRow } {
    const item = one<ItemRow>(db, "SELECT * FROM vault_items WHERE id = ? AND archived_at IS NULL", itemId);
    const vault = item ? one<VaultRow>(db, "SELECT * FROM vaults WHERE id = ? AND archived_at IS NULL", item.vault_id) : undefined;
    const access = item && vault && (!vaultId || vaultId === vault.id) ? itemAccess(db, caller, vault, itemId) : 0;
    if (!item || !vault || access === 0) throw new ApiError("vault_item_not_found", `The vault item "${itemId}" was not found or you do not have access to it.`);
    if (access < RANK[need]) throw new ApiError("forbidden", `${need} access to vault item "${itemId}" is required.`);
    return { item, vault };
}

export function liveItems(db: Db, vaultId: string): ItemRow[] {
    return all<ItemRow>(db, "SELECT * FROM vault_items WHERE vault_id = ? AND archived_at IS NULL ORDER BY created_at, id", vaultId);
}

export function liveFields(db: Db, itemId: string): FieldRow[] {
    return all<FieldRow>(db, "SELECT * FROM fields WHERE item_id = ? AND archived_at IS NULL ORDER BY ord, id", itemId);
}

/** How many live fields each live item of a vault has, in one query (a listing shows every item's count). */
export function liveFieldCounts(db: Db, vaultId: string): Map<string, number> {
    const rows = all<{ item_id: string; n: number }>(db, `SELECT f.item_id, COUNT(*) AS n FROM fields f JOIN vault_items i ON i.id = f.item_id
        WHERE i.vault_id = ? AND i.archived_at IS NULL AND f.archived_at IS NULL GROUP BY f.item_id`, vaultId);
    return new Map(rows.map((r) => [r.item_id, r.n]));
}

export function liveInstances(db: Db, fieldId: string): { id: string; encrypted_value: string | null }[] {
    return all(db, "SELECT id, encrypted_value FROM field_instances WHERE field_id = ? AND archived_at IS NULL ORDER BY seq", fieldId);
}

/** The summary checkpoint content (minus version) the vault's state implies. */
export function expectedSummary(db: Db, vaultId: string): Record<string, unknown> {
    const v = one<VaultRow>(db, "SELECT * FROM vaults WHERE id = ?", vaultId)!;
    return {
        vaultId: v.id, name: v.name, dataClassification: v.data_classification, currentDekVersion: v.current_dek_version,
        items: liveItems(db, vaultId).map((i) => ({ id: i.id, name: i.name, type: i.type, websites: JSON.parse(i.websites), groupId: i.group_id })),
        groups: [],
    };
}

export function detailFields(db: Db, itemId: string) {
    return liveFields(db, itemId).map((f) => detailField(f, liveInstances(db, f.id)));
}

function detailField(f: FieldRow, instances: readonly { id: string }[]) {
    return { id: f.id, name: f.name, type: f.type, order: f.ord, fieldInstanceIds: instances.map((i) => i.id), assetIds: [] as string[] };
}

/**
 * `detailFields` with each field's latest value (as `fieldValue` gives it), in one query: every
 * item read runs it, and a query per field cost more than the join.
 */
export function detailFieldsWithValues(db: Db, itemId: string) {
    const rows = all<FieldRow & { instance_id: string | null; encrypted_value: string | null }>(db, `SELECT f.*, i.id AS instance_id, i.encrypted_value
        FROM fields f LEFT JOIN field_instances i ON i.field_id = f.id AND i.archived_at IS NULL
        WHERE f.item_id = ? AND f.archived_at IS NULL ORDER BY f.ord, f.id, i.seq`, itemId);
    const fields: (ReturnType<typeof detailField> & { value: string | null })[] = [];
    for (const row of rows) {
        let field = fields[fields.length - 1];
        if (field?.id !== row.id) fields.push((field = { ...detailField(row, []), value: null }));
        if (row.instance_id === null) continue;
        field.fieldInstanceIds.push(row.instance_id);
        field.value = row.encrypted_value;
    }
    return fields;
}

/** The detail checkpoint content (minus version) the item's state implies. */
export function expectedDetail(db: Db, itemId: string): Record<string, unknown> {
    const i = one<ItemRow>(db, "SELECT * FROM vault_items WHERE id = ?", itemId)!;
    return { vaultItemId: i.id, vaultId: i.vault_id, name: i.name, type: i.type, websites: JSON.parse(i.websites), groupId: i.group_id, fields: detailFields(db, itemId) };
}

export function expectedDirectory(db: Db, vaultId: string): Record<string, unknown> {
    const v = one<VaultRow>(db, "SELECT * FROM vaults WHERE id = ?", vaultId)!;
    return { vaultId: v.id, name: v.name, dataClassification: v.data_classification };
}

/** The latest value of a field: the newest live instance's ciphertext. */
export function fieldValue(db: Db, fieldId: string): { instanceIds: string[]; latest: { id: string; encrypted_value: string | null } | undefined } {
    const inst = liveInstances(db, fieldId);
    return { instanceIds: inst.map((i) => i.id), latest: inst[inst.length - 1] };
}
