/**
 * Stored checkpoint envelopes. Every accepted version is kept (the latest is served; older ones
 * exist so the rollback tamper mode can serve a genuinely signed but stale envelope).
 */
import type { CheckpointKind, SignedCheckpoint } from "../../sdk/crypto";
import { all, Db, one, run } from "./db";

export type Envelope = SignedCheckpoint<Record<string, unknown>>;

export const permissionSubject = (assetType: string, assetId: string): string => `${assetType}:${assetId}`;

export function latestCheckpoint(db: Db, kind: CheckpointKind, subject: string): Envelope | null {
    const row = one<{ envelope: string }>(db, "SELECT envelope FROM checkpoints WHERE kind = ? AND subject_id = ? ORDER BY version DESC LIMIT 1", kind, subject);
    return row ? JSON.parse(row.envelope) : null;
}

export function currentVersion(db: Db, kind: CheckpointKind, subject: string): number {
    const row = one<{ v: number | null }>(db, "SELECT MAX(version) AS v FROM checkpoints WHERE kind = ? AND subject_id = ?", kind, subject);
    return row?.v ?? 0;
}

export function saveCheckpoint(db: Db, kind: CheckpointKind, subject: string, env: Envelope, now: string): void {
    // Only the envelope's three parts are kept, so a client's extra keys never echo back.
    const clean = { checkpoint: env.checkpoint, signerUserKeyPairId: env.signerUserKeyPairId, signature: env.signature };
    run(db, "INSERT INTO checkpoints(kind, subject_id, version, envelope, created_at, signer_id) VALUES (?,?,?,?,?,?)", kind, subject, env.checkpoint.version as number, JSON.stringify(clean), now, env.signerUserKeyPairId);
}

function kindAndSubject(cp: Record<string, unknown>): [CheckpointKind, string] {
    if (typeof cp.vaultItemId === "string") return ["vaultItemDetail", cp.vaultItemId];
    if (typeof cp.assetId === "string") return ["permission", permissionSubject(String(cp.assetType), cp.assetId)];
    if (Array.isArray(cp.items)) return ["vaultSummary", String(cp.vaultId)];
    return ["vaultDirectory", String(cp.vaultId)];
}

export function olderCheckpoint(db: Db, cp: Record<string, unknown>): Envelope | undefined {
    const [kind, subject] = kindAndSubject(cp);
    const row = one<{ envelope: string }>(db, "SELECT envelope FROM checkpoints WHERE kind = ? AND subject_id = ? AND version < ? ORDER BY version DESC LIMIT 1", kind, subject, cp.version as number);
    return row ? JSON.parse(row.envelope) : undefined;
}

/** Every key id that ever signed a checkpoint of this vault or its items (for the signer directory). */
export function vaultSignerKeyIds(db: Db, vaultId: string): string[] {
    const rows = all<{ k: string }>(db, `SELECT DISTINCT signer_id AS k FROM checkpoints
        WHERE (kind IN ('vaultSummary','vaultDirectory') AND subject_id = ?)
           OR (kind = 'vaultItemDetail' AND subject_id IN (SELECT id FROM vault_items WHERE vault_id = ?))
           OR (kind = 'permission' AND subject_id = ?)`, vaultId, vaultId, `VAULT:${vaultId}`);
    return rows.map((r) => r.k);
}
