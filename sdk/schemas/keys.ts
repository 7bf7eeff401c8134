/** Public-key registration and rotation, wrapped DEKs, and a vault's signer keys (PROTOCOL.md). */
import { z } from "zod";
import { Id, Timestamp } from "./common";

export const PublicKeyPem = z
    .string()
    .max(16_384)
    .regex(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+\n-----END PUBLIC KEY-----\n?$/, "must be a PEM SubjectPublicKeyInfo (-----BEGIN PUBLIC KEY-----)");

/** Lowercase hex SHA-256 of the DER SubjectPublicKeyInfo. */
export const Fingerprint = z.string().regex(/^[0-9a-f]{64}$/, "must be 64 lowercase hex characters (SHA-256)");

/** Standard base64, as every signature and wrapped key is sent. */
export const Base64 = z.string().min(1).regex(/^[A-Za-z0-9+/]+={0,2}$/, "must be standard base64");

export const WrappedVaultKey = z.strictObject({
    vaultId: Id,
    dekVersion: z.number().int().positive(),
    wrappedKey: Base64,
});
export type WrappedVaultKey = z.infer<typeof WrappedVaultKey>;

/**
 * `POST /vault/public-key` (201). Idempotent for the same key. Rotation needs the previous key id
 * and its signature over the new fingerprint (label `r4.key-rotation.v1`), and, while the old
 * key still has vault access, every vault's DEK re-wrapped to the new key.
 */
export const RegisterPublicKeyRequest = z
    .strictObject({
        publicKey: PublicKeyPem,
        previousEncryptionKeyId: Id.optional(),
        // Not base64-checked: the pages' example value is the placeholder "base64-signature".
        rotationSignature: z.string().min(1).optional(),
        rewrappedVaultKeys: z.array(WrappedVaultKey).optional(),
    })
    .refine((r) => (r.previousEncryptionKeyId === undefined) === (r.rotationSignature === undefined), {
        message: "previousEncryptionKeyId and rotationSignature go together (rotation needs both)",
        path: ["rotationSignature"],
    });
export type RegisterPublicKeyRequest = z.infer<typeof RegisterPublicKeyRequest>;

export const RegisterPublicKeyResponse = z.looseObject({
    encryptionKeyId: Id,
    // The pages' example truncates the PEM ("-----BEGIN PUBLIC KEY-----\n..."), so not PEM-checked here.
    publicKey: z.string().min(1),
    fingerprint: z.string().min(1),
    previousEncryptionKeyId: Id.nullish(),
    rotationSignature: z.string().nullish(),
});
export type RegisterPublicKeyResponse = z.infer<typeof RegisterPublicKeyResponse>;

/** `POST /wrapped-key/vault/:vaultId`: one wrapped copy of the vault's DEK for one key. */
export const CreateWrappedKeyRequest = z.strictObject({
    encryptionKeyId: Id,
    dekVersion: z.number().int().positive(),
    wrappedKey: Base64,
});
export type CreateWrappedKeyRequest = z.infer<typeof CreateWrappedKeyRequest>;

/** `GET /vault/:vaultId/wrapped-key` returns the caller's copy; the POST answers the same shape (201). */
export const GetWrappedKeyResponse = z.looseObject({
    vaultId: Id,
    encryptionKeyId: Id,
    dekVersion: z.number().int().positive(),
    wrappedKey: z.string().min(1),
});
export type GetWrappedKeyResponse = z.infer<typeof GetWrappedKeyResponse>;
export const CreateWrappedKeyResponse = GetWrappedKeyResponse;
export type CreateWrappedKeyResponse = z.infer<typeof CreateWrappedKeyResponse>;

export const KeyOwnerType = z.enum(["USER", "AGENT"]);
export const KeyStatus = z.enum(["ACTIVE", "ROTATED", "REVOKED"]);

export const VaultPublicKey = z.looseObject({
    encryptionKeyId: Id,
    ownerType: KeyOwnerType,
    ownerId: Id,
    publicKey: PublicKeyPem,
    fingerprint: Fingerprint,
    status: KeyStatus,
    createdAt: Timestamp.optional(),
});
export type VaultPublicKey = z.infer<typeof VaultPublicKey>;

/** `GET /vault/:vaultId/public-keys`: the keys whose checkpoint signatures a reader accepts. */
export const ListVaultPublicKeysResponse = z.looseObject({ keys: z.array(VaultPublicKey) });
export type ListVaultPublicKeysResponse = z.infer<typeof ListVaultPublicKeysResponse>;
