import { path } from "../path";
import {
    ArchiveVaultItemRequest, CreateVaultItemRequest, CreateVaultItemResponse, GetVaultFieldResponse, GetVaultItemResponse, ListVaultItemsResponse,
    MoveVaultItemRequest, MoveVaultItemResponse, UpdateVaultItemRequest, UpdateVaultItemResponse,
} from "../schemas/items";
import { NoContentResponse } from "../schemas/common";
import { compiledOnFirstUse } from "../schemas/compiled";
import type { Transport } from "./transport";

// A refresh parses one item answer per resource and one listing of every item per vault.
const listResponse = compiledOnFirstUse(ListVaultItemsResponse);
const getResponse = compiledOnFirstUse(GetVaultItemResponse);

/**
 * Vault Manager: items and fields. Create is idempotent (client-chosen id). Update and move are
 * not: a resent checkpoint of the same version answers 409, which the caller resolves by re-reading.
 */
export class ItemsApi {
    constructor(private readonly http: Transport) {}

    create(vaultId: string, body: CreateVaultItemRequest) { return this.http.request({ method: "POST", path: path`/vault/${vaultId}/items`, body, schema: CreateVaultItemResponse, route: "POST /vault/:vaultId/items", idempotent: true }); }
    list(vaultId: string) { return this.http.request({ method: "GET", path: path`/vault/${vaultId}/items`, schema: listResponse(), route: "GET /vault/:vaultId/items" }); }
    get(vaultId: string, itemId: string) { return this.http.request({ method: "GET", path: path`/vault/${vaultId}/items/${itemId}`, schema: getResponse(), route: "GET /vault/:vaultId/items/:itemId" }); }
    getField(vaultId: string, fieldId: string) { return this.http.request({ method: "GET", path: path`/vault/${vaultId}/fields/${fieldId}`, schema: GetVaultFieldResponse, route: "GET /vault/:vaultId/fields/:fieldId" }); }
    update(itemId: string, body: UpdateVaultItemRequest) { return this.http.request({ method: "PATCH", path: path`/vault-item/${itemId}/update`, body, schema: UpdateVaultItemResponse, route: "PATCH /vault-item/:id/update" }); }
    move(itemId: string, body: MoveVaultItemRequest) { return this.http.request({ method: "PATCH", path: path`/vault-item/${itemId}/move`, body, schema: MoveVaultItemResponse, route: "PATCH /vault-item/:id/move" }); }
    archive(vaultId: string, itemId: string, body: ArchiveVaultItemRequest) { return this.http.request({ method: "DELETE", path: path`/vault/${vaultId}/items/${itemId}`, body, schema: NoContentResponse, route: "DELETE /vault/:vaultId/items/:itemId" }); }
}
