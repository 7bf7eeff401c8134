/**
 * Shapes shared by every area of the R4 machine API: ids, limits, the error body, the signed
 * checkpoint envelope and the four checkpoint objects.
 *
 * Strictness policy (applies to every file in this folder):
 * - Requests are `z.strictObject`: an unknown property is a mistake on our side (or, in the
 *   emulator, on the caller's), so it fails with the property's path instead of being dropped.
 * - Responses are `z.looseObject`: every field we rely on is checked, fields R4 adds later are
 *   kept untouched, so a newer server does not break an older client.
 * - Checkpoint objects are loose everywhere, requests included: the signature covers the
 *   checkpoint exactly as sent, so nothing may be dropped between the wire and the verifier.
 */
import { z } from "zod";

/** Documented limits (Project Manager and Vault Manager tables). */
export const LIMITS = {
    name: 255,
    externalId: 255,
    description: 1000,
    websites: 100,
} as const;

/** Any server-issued id. The pages' examples use ObjectIds as well as ids like `job_123`. */
export const Id = z.string().min(1).max(255);
export type Id = z.infer<typeof Id>;

/** Ids chosen client-side (vault, item, field, field instance): 24 lowercase hex (PROTOCOL.md). */
export const ObjectId = z.string().regex(/^[0-9a-f]{24}$/, "must be 24 lowercase hex characters (an ObjectId)");
export type ObjectId = z.infer<typeof ObjectId>;

/** ISO 8601 timestamp as R4 sends it. Kept as a string; callers parse when they need a Date. */
export const Timestamp = z.string().min(1);

export const Name = z.string().trim().min(1).max(LIMITS.name);
export const Description = z.string().max(LIMITS.description);
export const ExternalId = z.string().min(1).max(LIMITS.externalId);
export const Websites = z.array(z.string().min(1)).max(LIMITS.websites);

export const DataClassification = z.enum(["PUBLIC", "INTERNAL", "CONFIDENTIAL", "CUI"]);
export type DataClassification = z.infer<typeof DataClassification>;

/** API key scopes. */
export const KeyScope = z.enum(["AGENT", "USER", "TENANT", "ORG"]);
export type KeyScope = z.infer<typeof KeyScope>;

/** `{ "error": { "code", "message" } }` — every non-2xx answer (PROTOCOL.md, Errors). */
export const ErrorBody = z.looseObject({
    error: z.looseObject({
        code: z.string(),
        message: z.string(),
    }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

/** For routes that answer 204 No Content. */
export const NoContentResponse = z.undefined();
export type NoContentResponse = z.infer<typeof NoContentResponse>;

/** `{ id }` — the answer of most create routes (201). */
export const IdResponse = z.looseObject({ id: Id });
export type IdResponse = z.infer<typeof IdResponse>;

// ---- Checkpoints ----------------------------------------------------------------------------

export const VaultSummaryItem = z.looseObject({
    id: Id,
    name: z.string(),
    type: z.string(),
    websites: z.array(z.string()),
    groupId: Id.nullable(),
});
export type VaultSummaryItem = z.infer<typeof VaultSummaryItem>;

/** Vault-item groups inside a summary checkpoint. The pages show only empty lists. */
export const VaultSummaryGroup = z.looseObject({
    id: Id,
    name: z.string(),
});
export type VaultSummaryGroup = z.infer<typeof VaultSummaryGroup>;

/** Label `r4.checkpoint.vault-summary.v1`. */
export const VaultSummaryCheckpoint = z.looseObject({
    vaultId: Id,
    version: z.number().int().positive(),
    name: z.string(),
    dataClassification: DataClassification,
    currentDekVersion: z.number().int().positive(),
    items: z.array(VaultSummaryItem),
    groups: z.array(VaultSummaryGroup),
});
export type VaultSummaryCheckpoint = z.infer<typeof VaultSummaryCheckpoint>;

export const ItemDetailField = z.looseObject({
    id: Id,
    name: z.string(),
    type: z.string(),
    order: z.number().int().nonnegative(),
    fieldInstanceIds: z.array(Id),
    assetIds: z.array(Id),
});
export type ItemDetailField = z.infer<typeof ItemDetailField>;

/** Label `r4.checkpoint.vault-item-detail.v1`. */
export const ItemDetailCheckpoint = z.looseObject({
    vaultItemId: Id,
    vaultId: Id,
    version: z.number().int().positive(),
    name: z.string(),
    type: z.string(),
    websites: z.array(z.string()),
    groupId: Id.nullable(),
    fields: z.array(ItemDetailField),
});
export type ItemDetailCheckpoint = z.infer<typeof ItemDetailCheckpoint>;

/** Label `r4.checkpoint.vault-directory.v1`: list-level metadata, used by vault rename. */
export const VaultDirectoryCheckpoint = z.looseObject({
    vaultId: Id,
    version: z.number().int().positive(),
    name: z.string(),
    dataClassification: DataClassification,
});
export type VaultDirectoryCheckpoint = z.infer<typeof VaultDirectoryCheckpoint>;

export const PermissionAssetType = z.enum(["PROJECT", "VAULT", "VAULT_ITEM", "LICENSE_INSTANCE", "ENCRYPTION_KEY"]);
export type PermissionAssetType = z.infer<typeof PermissionAssetType>;

export const AccessLevel = z.enum(["ADMIN", "WRITE", "READ"]);
export type AccessLevel = z.infer<typeof AccessLevel>;

export const PermissionCheckpointEntry = z.looseObject({
    entityId: Id,
    entityType: z.string().min(1),
    access: AccessLevel,
});
export type PermissionCheckpointEntry = z.infer<typeof PermissionCheckpointEntry>;

/** Label `r4.checkpoint.permission.v1`. */
export const PermissionCheckpoint = z.looseObject({
    assetId: Id,
    assetType: PermissionAssetType,
    version: z.number().int().positive(),
    permissions: z.array(PermissionCheckpointEntry),
});
export type PermissionCheckpoint = z.infer<typeof PermissionCheckpoint>;

/**
 * The envelope every checkpoint travels in. For AGENT keys `signerUserKeyPairId` is the agent's
 * active `encryptionKeyId`. `signature` is standard base64 (RSASSA-PSS, see PROTOCOL.md).
 */
export function SignedCheckpoint<C extends z.ZodType>(checkpoint: C) {
    return z.looseObject({
        checkpoint,
        signerUserKeyPairId: Id,
        signature: z.string().min(1),
    });
}
export type SignedCheckpoint<C> = { checkpoint: C; signerUserKeyPairId: string; signature: string };

export const SignedVaultSummary = SignedCheckpoint(VaultSummaryCheckpoint);
export type SignedVaultSummary = z.infer<typeof SignedVaultSummary>;
export const SignedItemDetail = SignedCheckpoint(ItemDetailCheckpoint);
export type SignedItemDetail = z.infer<typeof SignedItemDetail>;
export const SignedVaultDirectory = SignedCheckpoint(VaultDirectoryCheckpoint);
export type SignedVaultDirectory = z.infer<typeof SignedVaultDirectory>;
export const SignedPermission = SignedCheckpoint(PermissionCheckpoint);
export type SignedPermission = z.infer<typeof SignedPermission>;

