/** License Manager list (filter by caller ids) and the zero-trust license environment bundle. */
import { z } from "zod";
import { ExternalId, Id, SignedItemDetail, Timestamp } from "./common";
import { VaultPublicKey } from "./keys";

/** `GET /license-manager/licenses?externalLicenseId=|externalProjectId=`. */
export const ListLicensesQuery = z.strictObject({
    externalLicenseId: ExternalId.optional(),
    externalProjectId: ExternalId.optional(),
});
export type ListLicensesQuery = z.infer<typeof ListLicensesQuery>;

export const ManagedLicense = z.looseObject({
    id: Id,
    name: z.string().nullish(),
    status: z.string().nullish(),
    externalLicenseId: z.string().nullish(),
    projectId: Id.nullish(),
    projectExternalId: z.string().nullish(),
    vaultItemIds: z.array(Id).optional(),
    createdAt: Timestamp.optional(),
    archivedAt: Timestamp.nullish(),
});
export type ManagedLicense = z.infer<typeof ManagedLicense>;

export const ListLicensesResponse = z.looseObject({ licenses: z.array(ManagedLicense) });
export type ListLicensesResponse = z.infer<typeof ListLicensesResponse>;

/** An encrypted field of a linked vault item; `value` is a v3 envelope. */
export const LicenseEnvironmentField = z.looseObject({
    id: Id,
    name: z.string(),
    type: z.string(),
    value: z.string().nullable(),
});
export type LicenseEnvironmentField = z.infer<typeof LicenseEnvironmentField>;

export const LicenseEnvironmentItem = z.looseObject({
    vaultId: Id,
    vaultItemId: Id,
    dekVersion: z.number().int().positive(),
    /** The caller's wrapped copy of the vault DEK. */
    wrappedKey: z.string().min(1),
    detailCheckpoint: SignedItemDetail,
    /** The keys a checkpoint signature may verify against. */
    signers: z.array(VaultPublicKey),
    fields: z.array(LicenseEnvironmentField),
});
export type LicenseEnvironmentItem = z.infer<typeof LicenseEnvironmentItem>;

/** `GET /licenses/:licenseInstanceId/environment` (PROTOCOL.md): verify and decrypt locally. */
export const GetLicenseEnvironmentResponse = z.looseObject({
    licenseInstanceId: Id,
    items: z.array(LicenseEnvironmentItem),
});
export type GetLicenseEnvironmentResponse = z.infer<typeof GetLicenseEnvironmentResponse>;
