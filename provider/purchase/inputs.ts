/**
 * LicensePurchase inputs: the purchase request of the Pincer pages plus the provider's own
 * options, validated at `check` with the pages' mode rules spelled out as actionable messages,
 * so a mistake stops at preview before anything is bought.
 */
import { z } from "zod";
import { ExternalId } from "../../sdk/schemas/common";
import { BrowserActivation, type StartPurchaseRequest } from "../../sdk/schemas/purchases";

const DOMAIN_MODES = ["automatic", "existing-domain", "existing-domain-tenant"] as const;
const VAULT_MODES = ["existing", "new"] as const;
const PROJECT_MODES = ["none", "existing", "new"] as const;

const oneOf = (modes: readonly string[]) => ({ error: () => `mode must be one of ${modes.map((m) => JSON.stringify(m)).join(", ")}` });
const text = z.string().min(1);

export const DEFAULT_RESUME_ATTEMPTS = 3;
export const DEFAULT_TIMEOUT_MINUTES = 30;

export const LicensePurchaseInputs = z
    .object({
        licenseId: z.string().min(1, "licenseId is required: the license slug from the public catalog, e.g. \"defend\"").max(255),
        tenantId: text.optional(),
        quantity: z.number().int().positive().optional(),
        externalLicenseId: ExternalId.optional(),
        configuration: z.record(z.string(), z.unknown()).optional(),
        domain: z.object({ mode: z.enum(DOMAIN_MODES, oneOf(DOMAIN_MODES)), domain: z.string().optional(), domainTenantId: z.string().optional() }).optional(),
        vault: z.object({ mode: z.enum(VAULT_MODES, oneOf(VAULT_MODES)), vaultId: z.string().optional(), name: z.string().optional() }).optional(),
        project: z
            .object({ mode: z.enum(PROJECT_MODES, oneOf(PROJECT_MODES)), projectId: z.string().optional(), name: z.string().optional(), externalId: z.string().optional() })
            .optional(),
        dryRun: z.boolean().optional(),
        browserActivation: BrowserActivation.optional(),
        handoffVaultId: text.optional(),
        resumeAttempts: z.number().int().min(0).max(20).optional(),
        timeoutMinutes: z.number().positive().max(24 * 60).optional(),
        exposeCredentials: z.boolean().optional(),
        /** `project/stack/name`, set by the resource class: the seed of the default externalLicenseId. */
        resourceScope: z.string().optional(),
        /** Set by check: the caller id the purchase is filed under (explicit, or the stable default). */
        resolvedExternalLicenseId: z.string().optional(),
    })
    .superRefine((v, ctx) => {
        const fail = (path: (string | number)[], message: string) => ctx.addIssue({ code: "custom", path, message });
        const blank = (s: string | undefined) => s === undefined || s.trim() === "";
        if (v.domain) {
            const { mode, domain, domainTenantId } = v.domain;
            if (mode === "existing-domain" && blank(domain)) {
                fail(["domain", "domain"], 'mode "existing-domain" needs domain: the name of a domain already in the tenant, e.g. { mode: "existing-domain", domain: "example.com" }');
            }
            if (mode === "existing-domain-tenant" && blank(domainTenantId)) {
                fail(["domain", "domainTenantId"], 'mode "existing-domain-tenant" needs domainTenantId: the id of an existing R4 domain-tenant binding');
            }
            if (mode !== "existing-domain-tenant" && domainTenantId !== undefined) {
                fail(["domain", "domainTenantId"], `domainTenantId only applies to mode "existing-domain-tenant" (mode is "${mode}"): remove it or change the mode`);
            }
            if (mode === "existing-domain-tenant" && domain !== undefined) {
                fail(["domain", "domain"], 'mode "existing-domain-tenant" takes domainTenantId, not domain: remove domain or use mode "existing-domain"');
            }
        }
        if (v.vault) {
            const { mode, vaultId, name } = v.vault;
            if (mode === "existing" && blank(vaultId)) {
                fail(["vault", "vaultId"], 'mode "existing" needs vaultId: pass an r4.Vault\'s id, or copy it from Platform > Vaults > vault row More actions > Copy vault ID');
            }
            if (mode === "new" && blank(name)) fail(["vault", "name"], 'mode "new" needs name: the name of the vault R4 should create for the credentials');
            if (mode === "existing" && name !== undefined) fail(["vault", "name"], 'name only applies to mode "new": remove it, or use mode "new" without vaultId');
            if (mode === "new" && vaultId !== undefined) fail(["vault", "vaultId"], 'vaultId only applies to mode "existing": remove it, or use mode "existing" without name');
        }
        if (v.project) {
            const { mode, projectId, name, externalId } = v.project;
            if (mode === "existing" && blank(projectId)) fail(["project", "projectId"], 'mode "existing" needs projectId: pass an r4.Project\'s id');
            if (mode === "new" && blank(name)) fail(["project", "name"], 'mode "new" needs name: the name of the project to create during provisioning');
            if (mode !== "existing" && projectId !== undefined) fail(["project", "projectId"], `projectId only applies to mode "existing" (mode is "${mode}")`);
            if (mode !== "new" && (name !== undefined || externalId !== undefined)) {
                fail(["project", name !== undefined ? "name" : "externalId"], `name and externalId only apply to mode "new" (mode is "${mode}")`);
            }
        }
        if (v.vault?.mode === "existing" && v.handoffVaultId !== undefined && v.handoffVaultId !== v.vault.vaultId) {
            fail(["handoffVaultId"], "handoffVaultId is only used when the purchase names no vault; with vault.mode \"existing\" the credentials go to vault.vaultId: remove one of them");
        }
    });
export type LicensePurchaseInputs = z.infer<typeof LicensePurchaseInputs>;

/** The inputs that define which purchase this is: a change to any of them means a new purchase. */
export const PURCHASE_IDENTITY = ["licenseId", "tenantId", "quantity", "configuration", "domain", "project", "dryRun"] as const;
/** Inputs that change in place: where the credentials live, and how the provider drives the job. */
export const IN_PLACE = ["vault", "handoffVaultId", "browserActivation", "resumeAttempts", "timeoutMinutes", "exposeCredentials"] as const;
export const IDENTITY_DEFAULTS: Record<string, unknown> = { quantity: 1, domain: { mode: "automatic" }, project: { mode: "none" }, dryRun: false };

/** The start request for these inputs (the provider-side options are not sent). */
export function toStartRequest(inputs: LicensePurchaseInputs, externalLicenseId: string): StartPurchaseRequest {
    const { domain, vault, project } = inputs;
    const request: Record<string, unknown> = {
        licenseId: inputs.licenseId,
        tenantId: inputs.tenantId,
        quantity: inputs.quantity,
        externalLicenseId,
        configuration: inputs.configuration,
        domain: domain && (domain.mode === "existing-domain-tenant" ? { mode: domain.mode, domainTenantId: domain.domainTenantId } : { mode: domain.mode, domain: domain.domain }),
        vault: vault && (vault.mode === "existing" ? { mode: "existing", vaultId: vault.vaultId } : { mode: "new", name: vault.name }),
        project: project && (project.mode === "none" ? { mode: "none" } : project.mode === "existing" ? { mode: "existing", projectId: project.projectId } : { mode: "new", name: project.name, externalId: project.externalId }),
        dryRun: inputs.dryRun,
        browserActivation: inputs.browserActivation,
    };
    return JSON.parse(JSON.stringify(request)) as StartPurchaseRequest; // drops undefined members
}
