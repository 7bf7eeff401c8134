/** Encryption keys (registered RSA public keys) and wrapped DEKs. */
import { Db, one } from "./db";

export interface KeyRow { id: string; owner_type: string; owner_id: string; public_key: string; fingerprint: string; status: string; previous_id: string | null; rotation_signature: string | null; created_at: string }

export function activeKey(db: Db, ownerId: string): KeyRow | undefined {
    return one<KeyRow>(db, "SELECT * FROM encryption_keys WHERE owner_id = ? AND status = 'ACTIVE'", ownerId);
}

export function keyById(db: Db, id: string): KeyRow | undefined {
    return one<KeyRow>(db, "SELECT * FROM encryption_keys WHERE id = ?", id);
}

export const keyView = (k: KeyRow) => ({ encryptionKeyId: k.id, ownerType: k.owner_type, ownerId: k.owner_id, publicKey: k.public_key, fingerprint: k.fingerprint, status: k.status });
