/** Pincer purchase: start, poll, vault-item handoff, resume, lookup by caller id. */
import { z } from "zod";
import { ExternalId, Id, Name, Timestamp } from "./common";

export const PurchaseStatus = z.enum(["in_progress", "awaiting_vault_item", "succeeded", "failed"]);
export type PurchaseStatus = z.infer<typeof PurchaseStatus>;
export const TERMINAL_PURCHASE_STATUSES: readonly PurchaseStatus[] = ["succeeded", "failed"];

/** Omitted domain means `automatic`. */
export const DomainPreference = z.discriminatedUnion("mode", [
    z.strictObject({ mode: z.literal("automatic"), domain: z.string().min(1).max(253).optional() }),
    z.strictObject({ mode: z.literal("existing-domain"), domain: z.string().min(1).max(253) }),
    z.strictObject({ mode: z.literal("existing-domain-tenant"), domainTenantId: Id }),
]);
export type DomainPreference = z.infer<typeof DomainPreference>;

export const VaultDestination = z.discriminatedUnion("mode", [
    z.strictObject({ mode: z.literal("existing"), vaultId: Id }),
    z.strictObject({ mode: z.literal("new"), name: Name }),
]);
export type VaultDestination = z.infer<typeof VaultDestination>;

export const ProjectAssociation = z.discriminatedUnion("mode", [
    z.strictObject({ mode: z.literal("none") }),
    z.strictObject({ mode: z.literal("existing"), projectId: Id }),
    z.strictObject({ mode: z.literal("new"), name: Name, externalId: ExternalId.optional() }),
]);
export type ProjectAssociation = z.infer<typeof ProjectAssociation>;

/** Normal callers omit this: R4 activates supported products by default. */
export const BrowserActivation = z.strictObject({
    enabled: z.boolean().optional(),
    headless: z.boolean().optional(),
    maxSteps: z.number().int().positive().max(10_000).optional(),
});
export type BrowserActivation = z.infer<typeof BrowserActivation>;

/**
 * `POST /licenses/purchase`. NOT idempotent: a lost answer is recovered by looking the job up by
 * `externalLicenseId`, never by resending.
 */
export const StartPurchaseRequest = z.strictObject({
    licenseId: z.string().min(1).max(255),
    tenantId: Id.optional(),
    quantity: z.number().int().positive().optional(),
    externalLicenseId: ExternalId.optional(),
    configuration: z.record(z.string(), z.unknown()).optional(),
    domain: DomainPreference.optional(),
    vault: VaultDestination.optional(),
    project: ProjectAssociation.optional(),
    dryRun: z.boolean().optional(),
    browserActivation: BrowserActivation.optional(),
});
export type StartPurchaseRequest = z.infer<typeof StartPurchaseRequest>;

/** A purchase job. The status example shows only some fields, so only id and status are required. */
export const PurchaseJob = z.looseObject({
    purchaseId: Id,
    status: PurchaseStatus,
    orderId: Id.nullish(),
    orderItemId: Id.nullish(),
    attempts: z.number().int().nonnegative().optional(),
    startedAt: Timestamp.nullish(),
    updatedAt: Timestamp.nullish(),
    finishedAt: Timestamp.nullish(),
    failedStep: z.string().nullish(),
    errorMessage: z.string().nullish(),
    externalLicenseId: z.string().nullish(),
    /** Our addition: the license instances created, once succeeded (emulator returns it). */
    licenseInstanceIds: z.array(Id).optional(),
    /** Our addition: the vault item linked by the handoff, once completed. */
    vaultItemId: Id.nullish(),
});
export type PurchaseJob = z.infer<typeof PurchaseJob>;

export const StartPurchaseResponse = PurchaseJob;
export type StartPurchaseResponse = z.infer<typeof StartPurchaseResponse>;

/** A temporary plaintext setup field. Never log `value`; encrypt it into the vault item. */
export const HandoffField = z.looseObject({
    productVaultFieldId: Id,
    name: z.string(),
    type: z.string(),
    extension: z.string().nullish(),
    required: z.boolean(),
    value: z.string().nullable(),
    isSecret: z.boolean(),
});
export type HandoffField = z.infer<typeof HandoffField>;

export const VaultItemHandoff = z.looseObject({
    status: z.string(),
    itemName: z.string(),
    itemType: z.string(),
    websites: z.array(z.string()).default([]),
    requestedVault: z
        .discriminatedUnion("mode", [
            z.looseObject({ mode: z.literal("existing"), vaultId: Id }),
            z.looseObject({ mode: z.literal("new"), name: z.string() }),
        ])
        .nullish(),
    fields: z.array(HandoffField),
});
export type VaultItemHandoff = z.infer<typeof VaultItemHandoff>;

/** `GET /licenses/purchases/:purchaseId/status`; `vaultItemHandoff` when awaiting_vault_item. */
export const PurchaseStatusResponse = PurchaseJob.extend({
    vaultItemHandoff: VaultItemHandoff.nullish(),
});
export type PurchaseStatusResponse = z.infer<typeof PurchaseStatusResponse>;

/** `POST /licenses/purchases/:purchaseId/vault-item`. Idempotent for the same vaultItemId. */
export const CompletePurchaseVaultItemRequest = z.strictObject({ vaultItemId: Id });
export type CompletePurchaseVaultItemRequest = z.infer<typeof CompletePurchaseVaultItemRequest>;
/** Decided: the purchase status shape (status `succeeded`, handoff cleared). */
export const CompletePurchaseVaultItemResponse = PurchaseStatusResponse;
export type CompletePurchaseVaultItemResponse = z.infer<typeof CompletePurchaseVaultItemResponse>;

/** `POST /licenses/purchases/:purchaseId/resume`: only after `failed`; same status shape. */
export const ResumePurchaseResponse = PurchaseStatusResponse;
export type ResumePurchaseResponse = z.infer<typeof ResumePurchaseResponse>;

/** `GET /licenses/purchases?externalLicenseId=` (PROTOCOL.md): find a job whose start answer was lost. */
export const LookupPurchasesQuery = z.strictObject({ externalLicenseId: ExternalId });
export type LookupPurchasesQuery = z.infer<typeof LookupPurchasesQuery>;
export const LookupPurchasesResponse = z.looseObject({ purchases: z.array(PurchaseJob) });
export type LookupPurchasesResponse = z.infer<typeof LookupPurchasesResponse>;
