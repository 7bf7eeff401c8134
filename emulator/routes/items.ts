/** Vault Manager: vault items and fields. Ciphertext is stored exactly as given. */
import { ArchiveVaultItemRequest, CreateVaultItemRequest, MoveVaultItemRequest, UpdateVaultItemRequest } from "../../sdk/schemas/items";
import { admitCheckpoint, commitCheckpoint } from "../checkpoint-rules";
import { route, RouteSpec } from "../context";
import { ApiError } from "../errors";
import { latestCheckpoint } from "../store/checkpoints";
import { Db, one, run } from "../store/db";
import { detailFieldsWithValues, expectedDetail, expectedSummary, fieldValue, liveFieldCounts, liveFields, liveItems, loadItem, loadVault } from "../store/vaults";
import { parse, validateEnvelope } from "../validate";

function insertField(db: Db, itemId: string, f: { id: string; fieldInstanceId: string; name: string; type: string; encryptedValue?: string }, order: number, now: string, at: string): void {
    if (one(db, "SELECT 1 FROM fields WHERE id = ?", f.id)) throw new ApiError("conflict", `${at}.id: field "${f.id}" already exists.`);
    run(db, "INSERT INTO fields(id, item_id, name, type, ord) VALUES (?,?,?,?,?)", f.id, itemId, f.name, f.type, order);
    insertInstance(db, f.id, f.fieldInstanceId, f.encryptedValue, now, at);
}

function insertInstance(db: Db, fieldId: string, instanceId: string, value: string | undefined, now: string, at: string): void {
    if (value !== undefined) validateEnvelope(value, `${at}.encryptedValue`);
    if (one(db, "SELECT 1 FROM field_instances WHERE id = ?", instanceId)) throw new ApiError("conflict", `${at}.fieldInstanceId: instance "${instanceId}" already exists.`);
    const seq = (one<{ n: number }>(db, "SELECT COUNT(*) AS n FROM field_instances WHERE field_id = ?", fieldId)?.n ?? 0) + 1;
    run(db, "INSERT INTO field_instances(id, field_id, encrypted_value, seq, created_at) VALUES (?,?,?,?,?)", instanceId, fieldId, value ?? null, seq, now);
}

/** A new active instance replaces the previous ones (the value's history stays in storage, archived). */
function replaceInstance(db: Db, fieldId: string, instanceId: string, value: string | undefined, now: string, at: string): void {
    run(db, "UPDATE field_instances SET archived_at = ? WHERE field_id = ? AND archived_at IS NULL", now, fieldId);
    insertInstance(db, fieldId, instanceId, value, now, at);
}

export const itemRoutes: RouteSpec[] = [
    route("POST", "/vault/:vaultId/items", "machine.vault.write", ({ caller, params, body, svc: { db }, now }) => {
        const req = parse(CreateVaultItemRequest, body);
        const vault = loadVault(db, caller, params.vaultId, "WRITE");
        if (one(db, "SELECT 1 FROM vault_items WHERE id = ?", req.id)) throw new ApiError("conflict", `A vault item with id "${req.id}" already exists.`);
        admitCheckpoint(db, caller, "vaultSummary", vault.id, req.summaryCheckpoint);
        admitCheckpoint(db, caller, "vaultItemDetail", req.id, req.detailCheckpoint);
        run(db, "INSERT INTO vault_items(id, vault_id, name, type, websites, group_id, created_at) VALUES (?,?,?,?,?,NULL,?)",
            req.id, vault.id, req.name, req.type, JSON.stringify(req.websites ?? []), now);
        req.fields.forEach((f, i) => insertField(db, req.id, f, i, now, `fields.${i}`));
        commitCheckpoint(db, "vaultItemDetail", req.id, req.detailCheckpoint, expectedDetail(db, req.id), now);
        commitCheckpoint(db, "vaultSummary", vault.id, req.summaryCheckpoint, expectedSummary(db, vault.id), now);
        return { status: 201, body: { id: req.id } };
    }),

    route("GET", "/vault/:vaultId/items", "machine.vault.read", ({ caller, params, svc: { db } }) => {
        const v = loadVault(db, caller, params.vaultId, "READ");
        const fieldCounts = liveFieldCounts(db, v.id);
        const items = liveItems(db, v.id).map((i) => ({
            id: i.id, name: i.name, type: i.type, websites: JSON.parse(i.websites), groupId: i.group_id, createdAt: i.created_at, fieldCount: fieldCounts.get(i.id) ?? 0,
        }));
        return { body: {
            vaultId: v.id, vaultName: v.name, dataClassification: v.data_classification, currentDekVersion: v.current_dek_version,
            summaryCheckpoint: latestCheckpoint(db, "vaultSummary", v.id), items, vaultItemGroups: [], count: items.length,
        } };
    }),

    route("GET", "/vault/:vaultId/items/:itemId", "machine.vault.secret.read", ({ caller, params, svc: { db } }) => {
        const { item } = loadItem(db, caller, params.itemId, "READ", params.vaultId);
        const fields = detailFieldsWithValues(db, item.id);
        return { body: {
            id: item.id, name: item.name, type: item.type, websites: JSON.parse(item.websites), vaultId: item.vault_id, groupId: item.group_id,
            fields, detailCheckpoint: latestCheckpoint(db, "vaultItemDetail", item.id),
        } };
    }),

    route("GET", "/vault/:vaultId/fields/:fieldId", "machine.vault.secret.read", ({ caller, params, svc: { db } }) => {
        const field = one<{ id: string; item_id: string; name: string; type: string; ord: number }>(db, "SELECT * FROM fields WHERE id = ? AND archived_at IS NULL", params.fieldId);
        if (!field) throw new ApiError("field_not_found", `The vault field "${params.fieldId}" was not found.`);
        const { item } = loadItem(db, caller, field.item_id, "READ", params.vaultId);
        const { instanceIds, latest } = fieldValue(db, field.id);
        return { body: {
            id: field.id, name: field.name, type: field.type, order: field.ord, fieldInstanceId: latest?.id ?? null, fieldInstanceIds: instanceIds,
            assetId: null, assetIds: [], value: latest?.encrypted_value ?? null, vaultId: item.vault_id, vaultItemId: item.id, vaultItemName: item.name,
            detailCheckpoint: latestCheckpoint(db, "vaultItemDetail", item.id),
        } };
    }),

    route("PATCH", "/vault-item/:id/update", "machine.vault.write", ({ caller, params, body, svc: { db }, now }) => {
        const req = parse(UpdateVaultItemRequest, body);
        const { item, vault } = loadItem(db, caller, params.id, "WRITE");
        const listed = (req.name !== undefined && req.name !== item.name) || (req.type !== undefined && req.type !== item.type)
            || (req.websites !== undefined && JSON.stringify(req.websites) !== item.websites);
        if (listed && !req.summaryCheckpoint) throw new ApiError("validation_error", "summaryCheckpoint: required when name, type or websites change");
        admitCheckpoint(db, caller, "vaultItemDetail", item.id, req.detailCheckpoint);
        if (req.summaryCheckpoint) admitCheckpoint(db, caller, "vaultSummary", vault.id, req.summaryCheckpoint);
        run(db, "UPDATE vault_items SET name = ?, type = ?, websites = ? WHERE id = ?", req.name ?? item.name, req.type ?? item.type,
            req.websites ? JSON.stringify(req.websites) : item.websites, item.id);
        req.updates.forEach((u, i) => {
            const at = `updates.${i}`;
            if (u.action === "add") {
                const next = (one<{ m: number | null }>(db, "SELECT MAX(ord) AS m FROM fields WHERE item_id = ? AND archived_at IS NULL", item.id)?.m ?? -1) + 1;
                return insertField(db, item.id, u, next, now, at);
            }
            const f = one<{ id: string }>(db, "SELECT id FROM fields WHERE id = ? AND item_id = ? AND archived_at IS NULL", u.id, item.id);
            if (!f) throw new ApiError("field_not_found", `${at}.id: field "${u.id}" is not a live field of item "${item.id}".`);
            if (u.action === "delete") return run(db, "UPDATE fields SET archived_at = ? WHERE id = ?", now, u.id);
            if (u.name !== undefined || u.type !== undefined) run(db, "UPDATE fields SET name = COALESCE(?, name), type = COALESCE(?, type) WHERE id = ?", u.name ?? null, u.type ?? null, u.id);
            replaceInstance(db, u.id, u.fieldInstanceId, u.encryptedValue, now, at);
        });
        commitCheckpoint(db, "vaultItemDetail", item.id, req.detailCheckpoint, expectedDetail(db, item.id), now);
        if (req.summaryCheckpoint) commitCheckpoint(db, "vaultSummary", vault.id, req.summaryCheckpoint, expectedSummary(db, vault.id), now);
        return { body: { id: item.id } };
    }),

    route("PATCH", "/vault-item/:id/move", "machine.vault.write", ({ caller, params, body, svc: { db }, now }) => {
        const req = parse(MoveVaultItemRequest, body);
        const { item, vault: source } = loadItem(db, caller, params.id, "WRITE");
        const target = loadVault(db, caller, req.vaultId, "WRITE");
        if (target.id === source.id) throw new ApiError("validation_error", "vaultId: the item is already in this vault");
        if (target.tenant_id !== source.tenant_id) throw new ApiError("tenant_forbidden", "An item can only move between vaults of one tenant.");
        admitCheckpoint(db, caller, "vaultItemDetail", item.id, req.detailCheckpoint);
        admitCheckpoint(db, caller, "vaultSummary", source.id, req.sourceVaultSummaryCheckpoint);
        admitCheckpoint(db, caller, "vaultSummary", target.id, req.targetVaultSummaryCheckpoint);
        // Values are bound to their vault by the envelope's AAD, so every stored value must be re-encrypted.
        const given = new Map((req.reEncryptedFieldValues ?? []).map((r, i) => [r.fieldId, { ...r, at: `reEncryptedFieldValues.${i}` }]));
        for (const f of liveFields(db, item.id)) {
            const r = given.get(f.id);
            if (!r && fieldValue(db, f.id).latest?.encrypted_value) throw new ApiError("validation_error", `reEncryptedFieldValues: field "${f.id}" has a value and needs a re-encrypted one`);
            if (r) replaceInstance(db, f.id, r.fieldInstanceId, r.encryptedValue, now, r.at);
            given.delete(f.id);
        }
        if (given.size) throw new ApiError("validation_error", `reEncryptedFieldValues: "${[...given.keys()][0]}" is not a live field of this item`);
        run(db, "UPDATE vault_items SET vault_id = ? WHERE id = ?", target.id, item.id);
        commitCheckpoint(db, "vaultItemDetail", item.id, req.detailCheckpoint, expectedDetail(db, item.id), now);
        commitCheckpoint(db, "vaultSummary", source.id, req.sourceVaultSummaryCheckpoint, expectedSummary(db, source.id), now);
        commitCheckpoint(db, "vaultSummary", target.id, req.targetVaultSummaryCheckpoint, expectedSummary(db, target.id), now);
        return { body: { id: item.id } };
    }),

    route("DELETE", "/vault/:vaultId/items/:itemId", "machine.vault.write", ({ caller, params, body, svc: { db }, now }) => {
        const req = parse(ArchiveVaultItemRequest, body);
        const { item, vault } = loadItem(db, caller, params.itemId, "WRITE", params.vaultId);
        admitCheckpoint(db, caller, "vaultSummary", vault.id, req.summaryCheckpoint);
        run(db, "UPDATE vault_items SET archived_at = ? WHERE id = ?", now, item.id);
        commitCheckpoint(db, "vaultSummary", vault.id, req.summaryCheckpoint, expectedSummary(db, vault.id), now);
        return { status: 204 };
    }),
];
