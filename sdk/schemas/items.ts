/** Vault Manager: vault items and fields. Field values are v3 envelopes, opaque here. */
import { z } from "zod";
import { DataClassification, Id, IdResponse, Name, ObjectId, SignedItemDetail, SignedVaultSummary, Timestamp, VaultSummaryGroup, VaultSummaryItem, Websites } from "./common";

/** A field value as stored: the v3 envelope JSON string. Never decrypted by the server. */
export const EncryptedValue = z.string().min(1);

export const ItemType = z.string().min(1).max(64);
export const FieldType = z.string().min(1).max(64);
export const FieldName = z.string().min(1).max(255);

export const CreateItemField = z.strictObject({
    id: ObjectId,
    fieldInstanceId: ObjectId,
    name: FieldName,
    type: FieldType,
    encryptedValue: EncryptedValue.optional(),
});
export type CreateItemField = z.infer<typeof CreateItemField>;

/** `POST /vault/:vaultId/items` (201). */
export const CreateVaultItemRequest = z.strictObject({
    id: ObjectId,
    summaryCheckpoint: SignedVaultSummary,
    detailCheckpoint: SignedItemDetail,
    name: Name,
    type: ItemType,
    websites: Websites.optional(),
    fields: z.array(CreateItemField),
});
export type CreateVaultItemRequest = z.infer<typeof CreateVaultItemRequest>;

export const CreateVaultItemResponse = IdResponse;
export type CreateVaultItemResponse = z.infer<typeof CreateVaultItemResponse>;

/** A listed item: its summary-checkpoint entry plus list-only metadata. */
export const VaultItemListEntry = VaultSummaryItem.extend({
    createdAt: Timestamp.optional(),
    fieldCount: z.number().int().nonnegative().optional(),
});
export type VaultItemListEntry = z.infer<typeof VaultItemListEntry>;

/** `GET /vault/:vaultId/items`: verify `summaryCheckpoint` before trusting names or websites. */
export const ListVaultItemsResponse = z.looseObject({
    vaultId: Id,
    vaultName: z.string(),
    dataClassification: DataClassification.nullish(),
    currentDekVersion: z.number().int().positive(),
    summaryCheckpoint: SignedVaultSummary,
    items: z.array(VaultItemListEntry),
    vaultItemGroups: z.array(VaultSummaryGroup),
    count: z.number().int().nonnegative().optional(),
});
export type ListVaultItemsResponse = z.infer<typeof ListVaultItemsResponse>;

/** `GET /vault/:vaultId/fields/:fieldId`: one field plus its item's detail checkpoint. */
export const GetVaultFieldResponse = z.looseObject({
    id: Id,
    name: z.string(),
    type: z.string(),
    order: z.number().int().nonnegative(),
    fieldInstanceId: Id.nullable(),
    fieldInstanceIds: z.array(Id),
    assetId: Id.nullish(),
    assetIds: z.array(Id),
    value: z.string().nullable(),
    vaultId: Id,
    vaultItemId: Id,
    vaultItemName: z.string().optional(),
    detailCheckpoint: SignedItemDetail,
});
export type GetVaultFieldResponse = z.infer<typeof GetVaultFieldResponse>;

export const VaultItemDetailField = z.looseObject({
    id: Id,
    name: z.string(),
    type: z.string(),
    order: z.number().int().nonnegative(),
    fieldInstanceIds: z.array(Id),
    assetIds: z.array(Id),
    value: z.string().nullable(),
});
export type VaultItemDetailField = z.infer<typeof VaultItemDetailField>;

/** `GET /vault/:vaultId/items/:itemId`. */
export const GetVaultItemResponse = z.looseObject({
    id: Id,
    name: z.string(),
    type: z.string(),
    websites: z.array(z.string()),
    vaultId: Id,
    groupId: Id.nullable(),
    fields: z.array(VaultItemDetailField),
    detailCheckpoint: SignedItemDetail,
});
export type GetVaultItemResponse = z.infer<typeof GetVaultItemResponse>;

/**
 * One batched field operation of `PATCH /vault-item/:id/update`. The pages name the actions
 * (add, update, delete) but not their shape; decided here:
 * - add: a new field, like a create field;
 * - update: a new active instance (`fieldInstanceId`) of field `id`, optionally renamed/retyped;
 * - delete: archive field `id`.
 */
export const FieldUpdate = z.discriminatedUnion("action", [
    z.strictObject({
        action: z.literal("add"),
        id: ObjectId,
        fieldInstanceId: ObjectId,
        name: FieldName,
        type: FieldType,
        encryptedValue: EncryptedValue.optional(),
    }),
    z.strictObject({
        action: z.literal("update"),
        id: Id,
        fieldInstanceId: ObjectId,
        name: FieldName.optional(),
        type: FieldType.optional(),
        encryptedValue: EncryptedValue.optional(),
    }),
    z.strictObject({
        action: z.literal("delete"),
        id: Id,
    }),
]);
export type FieldUpdate = z.infer<typeof FieldUpdate>;

/** `PATCH /vault-item/:id/update`. `summaryCheckpoint` is required when name, type or websites change. */
export const UpdateVaultItemRequest = z.strictObject({
    detailCheckpoint: SignedItemDetail,
    summaryCheckpoint: SignedVaultSummary.optional(),
    name: Name.optional(),
    type: ItemType.optional(),
    websites: Websites.optional(),
    updates: z.array(FieldUpdate),
});
export type UpdateVaultItemRequest = z.infer<typeof UpdateVaultItemRequest>;

/** Undocumented answer; decided: `{ id }` (200). */
export const UpdateVaultItemResponse = IdResponse;
export type UpdateVaultItemResponse = z.infer<typeof UpdateVaultItemResponse>;

export const ReEncryptedFieldValue = z.strictObject({
    fieldId: Id,
    fieldInstanceId: Id,
    encryptedValue: EncryptedValue,
});
export type ReEncryptedFieldValue = z.infer<typeof ReEncryptedFieldValue>;

/** `PATCH /vault-item/:id/move`: the values are re-encrypted under the target vault's DEK. */
export const MoveVaultItemRequest = z.strictObject({
    detailCheckpoint: SignedItemDetail,
    sourceVaultSummaryCheckpoint: SignedVaultSummary,
    targetVaultSummaryCheckpoint: SignedVaultSummary,
    vaultId: Id,
    reEncryptedFieldValues: z.array(ReEncryptedFieldValue).optional(),
});
export type MoveVaultItemRequest = z.infer<typeof MoveVaultItemRequest>;

export const MoveVaultItemResponse = IdResponse;
export type MoveVaultItemResponse = z.infer<typeof MoveVaultItemResponse>;

/** `DELETE /vault/:vaultId/items/:itemId` (204). */
export const ArchiveVaultItemRequest = z.strictObject({ summaryCheckpoint: SignedVaultSummary });
export type ArchiveVaultItemRequest = z.infer<typeof ArchiveVaultItemRequest>;
