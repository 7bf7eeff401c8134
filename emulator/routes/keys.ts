/** Public-key registration and rotation, a vault's signer directory, and wrapped DEKs (PROTOCOL.md). */
import { fingerprint, loadPublicKey, verifyKeyRotation } from "../../sdk/crypto";
import { CreateWrappedKeyRequest, RegisterPublicKeyRequest } from "../../sdk/schemas/keys";
import { requireScope } from "../auth";
import { route, RouteSpec } from "../context";
import { ApiError } from "../errors";
import { newId } from "../ids";
import { vaultSignerKeyIds } from "../store/checkpoints";
import { all, one, run } from "../store/db";
import { activeKey, keyById, KeyRow, keyView } from "../store/keys";
import { loadVault, RANK, vaultAccess } from "../store/vaults";
import { parse } from "../validate";

const header = (v: string | string[] | undefined): string | null => (Array.isArray(v) ? v[0] : v) ?? null;

export const keyRoutes: RouteSpec[] = [
    route("POST", "/vault/public-key", "machine.agent.public_key.write", ({ caller, body, headers, ip, svc: { db }, now }) => {
        requireScope(caller, "AGENT");
        const req = parse(RegisterPublicKeyRequest, body);
        let fp: string;
        try {
            fp = fingerprint(loadPublicKey(req.publicKey));
        } catch (err) {
            throw new ApiError("validation_error", `publicKey: ${(err as Error).message}`);
        }
        run(db, "UPDATE agents SET last_ip = ?, last_hostname = ? WHERE id = ?", ip, header(headers["x-r4-agent-hostname"]), caller.agentId);
        const active = activeKey(db, caller.principalId);
        const view = (k: KeyRow) => ({ encryptionKeyId: k.id, publicKey: k.public_key, fingerprint: k.fingerprint, previousEncryptionKeyId: k.previous_id, rotationSignature: k.rotation_signature });
        if (active?.fingerprint === fp) return { status: 201, body: view(active) }; // idempotent re-registration
        if (one(db, "SELECT 1 FROM encryption_keys WHERE owner_id = ? AND fingerprint = ?", caller.principalId, fp)) {
            throw new ApiError("conflict", "publicKey: this key was rotated away from and cannot be registered again.");
        }
        if (active) {
            if (!req.previousEncryptionKeyId) throw new ApiError("conflict", `An active key ("${active.id}") exists: rotating needs previousEncryptionKeyId and rotationSignature.`);
            if (req.previousEncryptionKeyId !== active.id) throw new ApiError("conflict", `previousEncryptionKeyId must be the active key "${active.id}".`);
            try {
                verifyKeyRotation(active.public_key, req.publicKey, req.rotationSignature!);
            } catch {
                throw new ApiError("invalid_rotation_signature");
            }
        } else if (req.previousEncryptionKeyId) {
            throw new ApiError("validation_error", "previousEncryptionKeyId: the agent has no active key to rotate from");
        }
        const id = newId();
        run(db, `INSERT INTO encryption_keys(id, owner_type, owner_id, public_key, fingerprint, status, previous_id, rotation_signature, created_at)
            VALUES (?,?,?,?,?,'ACTIVE',?,?,?)`, id, "AGENT", caller.principalId, req.publicKey, fp, active?.id ?? null, req.rotationSignature ?? null, now);
        if (active) {
            // While the old key still opens vaults, the rotation must carry every vault's DEK re-wrapped to the new key.
            const held = all<{ vault_id: string; dek_version: number }>(db, "SELECT vault_id, MAX(dek_version) AS dek_version FROM wrapped_keys WHERE encryption_key_id = ? GROUP BY vault_id", active.id);
            const given = new Map((req.rewrappedVaultKeys ?? []).map((w) => [`${w.vaultId}:${w.dekVersion}`, w]));
            for (const h of held) {
                const w = given.get(`${h.vault_id}:${h.dek_version}`);
                if (!w) throw new ApiError("validation_error", `rewrappedVaultKeys: vault "${h.vault_id}" (dekVersion ${h.dek_version}) needs its DEK re-wrapped to the new key`);
                run(db, "INSERT OR REPLACE INTO wrapped_keys(vault_id, encryption_key_id, dek_version, wrapped_key, created_at) VALUES (?,?,?,?,?)", w.vaultId, id, w.dekVersion, w.wrappedKey, now);
            }
            run(db, "UPDATE encryption_keys SET status = 'ROTATED' WHERE id = ?", active.id);
        }
        return { status: 201, body: view(keyById(db, id)!) };
    }),

    route("GET", "/vault/:vaultId/public-keys", "machine.vault.secret.read", ({ caller, params, svc: { db } }) => {
        const v = loadVault(db, caller, params.vaultId, "READ");
        const ids = new Set(vaultSignerKeyIds(db, v.id));
        for (const r of all<{ encryption_key_id: string }>(db, "SELECT DISTINCT encryption_key_id FROM wrapped_keys WHERE vault_id = ?", v.id)) ids.add(r.encryption_key_id);
        for (const r of all<{ entity_id: string }>(db, "SELECT entity_id FROM permissions WHERE asset_type = 'VAULT' AND asset_id = ?", v.id)) {
            const k = activeKey(db, r.entity_id);
            if (k) ids.add(k.id);
        }
        const keys = [...ids].map((id) => keyById(db, id)).filter((k): k is KeyRow => !!k).sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id));
        return { body: { keys: keys.map(keyView) } };
    }),

    route("POST", "/wrapped-key/vault/:vaultId", "machine.wrapped_key.write", ({ caller, params, body, svc: { db }, now }) => {
        const req = parse(CreateWrappedKeyRequest, body);
        const v = loadVault(db, caller, params.vaultId, "READ");
        const key = keyById(db, req.encryptionKeyId);
        if (!key || key.status !== "ACTIVE") throw new ApiError("encryption_key_not_found", `encryptionKeyId: no active encryption key "${req.encryptionKeyId}".`);
        // Storing your own copy needs read access; wrapping the DEK for someone else is a grant, so ADMIN.
        if (key.owner_id !== caller.principalId && vaultAccess(db, caller, v) < RANK.ADMIN) throw new ApiError("admin_required");
        if (req.dekVersion > v.current_dek_version) throw new ApiError("validation_error", `dekVersion: the vault's current DEK version is ${v.current_dek_version}`);
        run(db, "INSERT OR REPLACE INTO wrapped_keys(vault_id, encryption_key_id, dek_version, wrapped_key, created_at) VALUES (?,?,?,?,?)", v.id, key.id, req.dekVersion, req.wrappedKey, now);
        return { status: 201, body: { vaultId: v.id, encryptionKeyId: key.id, dekVersion: req.dekVersion, wrappedKey: req.wrappedKey } };
    }),

    route("GET", "/vault/:vaultId/wrapped-key", "machine.vault.secret.read", ({ caller, params, svc: { db } }) => {
        const v = loadVault(db, caller, params.vaultId, "READ");
        const w = callerWrappedKey(db, caller.principalId, v.id);
        if (!w) throw new ApiError("wrapped_key_not_found", `No wrapped key for vault "${v.id}" under the caller's active encryption key.`);
        return { body: w };
    }),
];

export function callerWrappedKey(db: import("../store/db").Db, principalId: string, vaultId: string) {
    const k = activeKey(db, principalId);
    if (!k) return undefined;
    const w = one<{ dek_version: number; wrapped_key: string }>(db, "SELECT dek_version, wrapped_key FROM wrapped_keys WHERE vault_id = ? AND encryption_key_id = ? ORDER BY dek_version DESC LIMIT 1", vaultId, k.id);
    return w ? { vaultId, encryptionKeyId: k.id, dekVersion: w.dek_version, wrappedKey: w.wrapped_key } : undefined;
}
