import { path } from "../path";
import { ArchiveVaultRequest, CreateVaultRequest, CreateVaultResponse, GetVaultResponse, ListVaultsQuery, ListVaultsResponse, SetVaultProjectRequest, SetVaultProjectResponse, UpdateVaultRequest, UpdateVaultResponse } from "../schemas/vaults";
import { NoContentResponse } from "../schemas/common";
import type { Transport } from "./transport";

/** Vault Manager: vaults. Create is idempotent because the vault id is chosen client-side. */
export class VaultsApi {
    constructor(private readonly http: Transport) {}

    create(body: CreateVaultRequest) { return this.http.request({ method: "POST", path: path`/vault`, body, schema: CreateVaultResponse, route: "POST /vault", idempotent: true }); }
    list(query: ListVaultsQuery = {}) { return this.http.request({ method: "GET", path: path`/vault`, query, schema: ListVaultsResponse, route: "GET /vault" }); }
    get(vaultId: string) { return this.http.request({ method: "GET", path: path`/vault/${vaultId}`, schema: GetVaultResponse, route: "GET /vault/:vaultId" }); }
    update(vaultId: string, body: UpdateVaultRequest) { return this.http.request({ method: "PATCH", path: path`/vault/${vaultId}/update`, body, schema: UpdateVaultResponse, route: "PATCH /vault/:id/update" }); }
    /** Ours (PATCH /vault/:id/project): projects are outside every checkpoint, so nothing is signed. */
    setProject(vaultId: string, body: SetVaultProjectRequest) { return this.http.request({ method: "PATCH", path: path`/vault/${vaultId}/project`, body, schema: SetVaultProjectResponse, route: "PATCH /vault/:id/project", idempotent: true }); }
    archive(vaultId: string, body: ArchiveVaultRequest) { return this.http.request({ method: "DELETE", path: path`/vault/${vaultId}`, body, schema: NoContentResponse, route: "DELETE /vault/:vaultId" }); }
}
