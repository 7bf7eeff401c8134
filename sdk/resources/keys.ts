import { path } from "../path";
import { CreateWrappedKeyRequest, CreateWrappedKeyResponse, GetWrappedKeyResponse, ListVaultPublicKeysResponse, RegisterPublicKeyRequest, RegisterPublicKeyResponse } from "../schemas/keys";
import type { Transport } from "./transport";

/** Public-key registration, wrapped DEKs and a vault's signer keys (PROTOCOL.md). */
export class KeysApi {
    constructor(private readonly http: Transport) {}

    /** Idempotent for the same key (documented), so safe to resend. */
    registerPublicKey(body: RegisterPublicKeyRequest, hostname?: string) { return this.http.request({ method: "POST", path: path`/vault/public-key`, body, headers: hostname ? { "x-r4-agent-hostname": hostname } : undefined, schema: RegisterPublicKeyResponse, route: "POST /vault/public-key", idempotent: true }); }
    /** One wrapped copy per (vault, key, dekVersion): storing the same copy twice is harmless. */
    createWrappedKey(vaultId: string, body: CreateWrappedKeyRequest) { return this.http.request({ method: "POST", path: path`/wrapped-key/vault/${vaultId}`, body, schema: CreateWrappedKeyResponse, route: "POST /wrapped-key/vault/:vaultId", idempotent: true }); }
    getWrappedKey(vaultId: string) { return this.http.request({ method: "GET", path: path`/vault/${vaultId}/wrapped-key`, schema: GetWrappedKeyResponse, route: "GET /vault/:vaultId/wrapped-key" }); }
    listVaultPublicKeys(vaultId: string) { return this.http.request({ method: "GET", path: path`/vault/${vaultId}/public-keys`, schema: ListVaultPublicKeysResponse, route: "GET /vault/:vaultId/public-keys" }); }
}
