/** License Manager list/archive and the zero-trust license environment bundle (PROTOCOL.md). */
import { ListLicensesQuery } from "../../sdk/schemas/licenses";
import type { Caller } from "../auth";
import { route, RouteSpec } from "../context";
import { ApiError } from "../errors";
import { latestCheckpoint } from "../store/checkpoints";
import { all, Db, one, run } from "../store/db";
import { detailFieldsWithValues, inCallerTenant, loadItem } from "../store/vaults";
import { parse } from "../validate";
import { callerWrappedKey, keyRoutes } from "./keys";

interface LicenseRow { id: string; tenant_id: string; license_slug: string; name: string; purchase_id: string | null; external_license_id: string | null; project_id: string | null; vault_item_id: string | null; domain: string | null; created_at: string; archived_at: string | null }

function load(db: Db, caller: Caller, id: string): LicenseRow {
    const l = one<LicenseRow>(db, "SELECT * FROM license_instances WHERE id = ? AND archived_at IS NULL", id);
    if (!l || !inCallerTenant(db, caller, l.tenant_id)) throw new ApiError("license_not_found", `The license "${id}" was not found.`);
    return l;
}

function view(db: Db, l: LicenseRow) {
    const p = l.project_id ? one<{ external_id: string | null }>(db, "SELECT external_id FROM projects WHERE id = ?", l.project_id) : undefined;
    return {
        id: l.id, name: l.name, type: "internal", status: "active", licenseId: l.license_slug, purchaseId: l.purchase_id, externalLicenseId: l.external_license_id,
        projectId: l.project_id, projectExternalId: p?.external_id ?? null, vaultItemIds: l.vault_item_id ? [l.vault_item_id] : [], domain: l.domain,
        createdAt: l.created_at, archivedAt: l.archived_at,
    };
}

const publicKeysOf = keyRoutes.find((r) => r.path === "/vault/:vaultId/public-keys")!.handler;

export const licenseRoutes: RouteSpec[] = [
    route("GET", "/license-manager/licenses", "machine.license.read", ({ caller, query, svc: { db } }) => {
        const q = parse(ListLicensesQuery, query, "query");
        const rows = all<LicenseRow>(db, "SELECT * FROM license_instances WHERE archived_at IS NULL ORDER BY created_at, id")
            .filter((l) => inCallerTenant(db, caller, l.tenant_id))
            .map((l) => view(db, l))
            .filter((l) => (!q.externalLicenseId || l.externalLicenseId === q.externalLicenseId) && (!q.externalProjectId || l.projectExternalId === q.externalProjectId));
        return { body: { licenses: rows } };
    }),

    route("PATCH", "/license-manager/licenses/:id/archive", "machine.license.write", ({ caller, params, svc: { db }, now }) => {
        const l = load(db, caller, params.id);
        run(db, "UPDATE license_instances SET archived_at = ? WHERE id = ?", now, l.id);
        return { body: view(db, { ...l, archived_at: now }) };
    }),

    route("GET", "/licenses/:licenseInstanceId/environment", "machine.vault.secret.read", (input) => {
        const { caller, params, svc: { db } } = input;
        const l = load(db, caller, params.licenseInstanceId);
        const items = (l.vault_item_id ? [l.vault_item_id] : []).map((itemId) => {
            const { item, vault } = loadItem(db, caller, itemId, "READ");
            const wrapped = callerWrappedKey(db, caller.principalId, vault.id);
            if (!wrapped) throw new ApiError("wrapped_key_not_found", `No wrapped key for vault "${vault.id}" under the caller's active encryption key.`);
            const signers = (publicKeysOf({ ...input, params: { vaultId: vault.id } }).body as { keys: unknown[] }).keys;
            return {
                vaultId: vault.id, vaultItemId: item.id, dekVersion: wrapped.dekVersion, wrappedKey: wrapped.wrappedKey,
                detailCheckpoint: latestCheckpoint(db, "vaultItemDetail", item.id), signers,
                fields: detailFieldsWithValues(db, item.id).map((f) => ({ id: f.id, name: f.name, type: f.type, value: f.value })),
            };
        });
        return { body: { licenseInstanceId: l.id, items } };
    }),
];
