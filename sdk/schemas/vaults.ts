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

/** `GET /vault/:vaultId`. `projectId` and `directoryCheckpoint` are our additions (the emulator sends them). */
export const GetVaultResponse = VaultListEntry.extend({
    createdBy: Id.nullish(),
    projectId: Id.nullish(),
    /** The latest signed directory checkpoint, so a renaming client knows the next version. */
    directoryCheckpoint: SignedVaultDirectory.nullish(),
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

/** `PATCH /vault/:id/project` (ours; the pages name no route): set or clear the project association. */
export const SetVaultProjectRequest = z.strictObject({ projectId: Id.nullable() });
export type SetVaultProjectRequest = z.infer<typeof SetVaultProjectRequest>;
/** Answers the vault as `GET /vault/:vaultId` shows it. */
export const SetVaultProjectResponse = VaultListEntry.extend({ projectId: Id.nullish() });
export type SetVaultProjectResponse = z.infer<typeof SetVaultProjectResponse>;
