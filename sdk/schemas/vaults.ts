/** Vault Manager: vaults (create, list, detail, update, archive). */
import { z } from "zod";
import { DataClassification, Id, IdResponse, Name, ObjectId, SignedVaultDirectory, SignedVaultSummary, Timestamp } from "./common";

/** `POST /vault` (201). The summary checkpoint is version 1 with empty items and groups. */
export const CreateVaultRequest = z.strictObject({
    id: ObjectId,
    summaryCheckpoint: SignedVaultSummary,
    name: Name,
    projectId: Id.optional(),
    dataClassification: DataClassification.optional(),
});
export type CreateVaultRequest = z.infer<typeof CreateVaultRequest>;

export const CreateVaultResponse = IdResponse;
export type CreateVaultResponse = z.infer<typeof CreateVaultResponse>;

export const ListVaultsQuery = z.strictObject({ projectId: Id.optional() });
export type ListVaultsQuery = z.infer<typeof ListVaultsQuery>;

export const VaultListEntry = z.looseObject({
    id: Id,
    name: z.string(),
    isEncrypted: z.boolean().nullish(),
    encryptionKeyId: Id.nullish(),
    dataClassification: DataClassification.nullish(),
    itemCount: z.number().int().nonnegative().optional(),
    createdAt: Timestamp.optional(),
});
export type VaultListEntry = z.infer<typeof VaultListEntry>;

/** `GET /vault[?projectId=]`. */
export const ListVaultsResponse = z.looseObject({ vaults: z.array(VaultListEntry) });
export type ListVaultsResponse = z.infer<typeof ListVaultsResponse>;

/** `GET /vault/:vaultId`. */
export const GetVaultResponse = VaultListEntry.extend({
    createdBy: Id.nullish(),
});
export type GetVaultResponse = z.infer<typeof GetVaultResponse>;

/** `PATCH /vault/:id/update`: rename / reclassify, with both checkpoints advanced by one. */
export const UpdateVaultRequest = z.strictObject({
    directoryCheckpoint: SignedVaultDirectory,
    summaryCheckpoint: SignedVaultSummary,
    name: Name,
    dataClassification: DataClassification.optional(),
});
export type UpdateVaultRequest = z.infer<typeof UpdateVaultRequest>;

/** Undocumented answer; decided: `{ id }` (200). */
export const UpdateVaultResponse = IdResponse;
export type UpdateVaultResponse = z.infer<typeof UpdateVaultResponse>;

/** `DELETE /vault/:vaultId` (204): archive with a replacement summary checkpoint. */
export const ArchiveVaultRequest = z.strictObject({ summaryCheckpoint: SignedVaultSummary });
export type ArchiveVaultRequest = z.infer<typeof ArchiveVaultRequest>;
