import * as pulumi from "@pulumi/pulumi";
import { R4Resource } from "./base";

export interface LicensePurchaseArgs {
    /** License catalog slug (preferred, e.g. "defend") or id. */
    licenseId: pulumi.Input<string>;
    /** Tenant to provision into; default: the API key's tenant. */
    tenantId?: pulumi.Input<string>;
    /** Default 1. */
    quantity?: pulumi.Input<number>;
    /**
     * Caller-owned id stored on the license instances, and how create finds a purchase it already
     * started. Default: a stable value from the project, stack, resource name and purchase inputs.
     */
    externalLicenseId?: pulumi.Input<string>;
    /** Product-specific configuration selections. */
    configuration?: pulumi.Input<Record<string, pulumi.Input<unknown>>>;
    /** Default `{ mode: "automatic" }`. */
    domain?: pulumi.Input<
        | { mode: "automatic"; domain?: pulumi.Input<string> }
        | { mode: "existing-domain"; domain: pulumi.Input<string> }
        | { mode: "existing-domain-tenant"; domainTenantId: pulumi.Input<string> }
    >;
    /** Where the credentials go. Changing it after success moves the credentials item; it never buys again. */
    vault?: pulumi.Input<{ mode: "existing"; vaultId: pulumi.Input<string> } | { mode: "new"; name: pulumi.Input<string> }>;
    /** Default `{ mode: "none" }`. */
    project?: pulumi.Input<
        { mode: "none" } | { mode: "existing"; projectId: pulumi.Input<string> } | { mode: "new"; name: pulumi.Input<string>; externalId?: pulumi.Input<string> }
    >;
    /** Run the whole flow without creating paid resources. */
    dryRun?: pulumi.Input<boolean>;
    /** Normal purchases omit this. */
    browserActivation?: pulumi.Input<{ enabled?: pulumi.Input<boolean>; headless?: pulumi.Input<boolean>; maxSteps?: pulumi.Input<number> }>;
    /** Where the credentials go when neither the job nor `vault` names a vault. */
    handoffVaultId?: pulumi.Input<string>;
    /** How many times one `pulumi up` resumes a failed job before stopping. Default 3. */
    resumeAttempts?: pulumi.Input<number>;
    /**
     * How long one `pulumi up` waits for the job (the engine's customTimeouts do not reach dynamic
     * providers). Past it, the operation stops; a later `up` continues the same job. Default 30.
     */
    timeoutMinutes?: pulumi.Input<number>;
    /** Expose the decrypted license environment as the secret output `credentials`. Default false. */
    exposeCredentials?: pulumi.Input<boolean>;
}

/**
 * A Pincer license purchase: started once, driven to success (resumed after failures, the
 * handoff encrypted into a vault item), never bought twice. Deleting it archives the license
 * instances; paid external resources are not refunded.
 *
 * @example
 * const license = new r4.LicensePurchase("falcon", { licenseId: "defend", vault: { mode: "existing", vaultId: vault.id } });
 */
export class LicensePurchase extends R4Resource {
    declare readonly purchaseId: pulumi.Output<string>;
    /** in_progress, awaiting_vault_item, succeeded or failed. */
    declare readonly status: pulumi.Output<string>;
    declare readonly orderId: pulumi.Output<string | undefined>;
    declare readonly orderItemId: pulumi.Output<string | undefined>;
    declare readonly attempts: pulumi.Output<number>;
    /** Active license instances (one archived out of band disappears here on refresh). */
    declare readonly licenseInstanceIds: pulumi.Output<string[]>;
    declare readonly archivedLicenseInstanceIds: pulumi.Output<string[] | undefined>;
    /** The vault item holding the credentials, and its vault. */
    declare readonly vaultItemId: pulumi.Output<string | undefined>;
    declare readonly vaultId: pulumi.Output<string | undefined>;
    /** The caller id the purchase is filed under. */
    declare readonly resolvedExternalLicenseId: pulumi.Output<string>;
    declare readonly failedStep: pulumi.Output<string | undefined>;
    declare readonly errorMessage: pulumi.Output<string | undefined>;
    /** With exposeCredentials: the decrypted license environment (secret). */
    declare readonly credentials: pulumi.Output<Record<string, string> | undefined>;

    constructor(name: string, args: LicensePurchaseArgs, opts?: pulumi.CustomResourceOptions) {
        const outputs = Object.fromEntries(
            ["purchaseId", "status", "orderId", "orderItemId", "attempts", "licenseInstanceIds", "archivedLicenseInstanceIds", "vaultItemId", "vaultId",
                "resolvedExternalLicenseId", "failedStep", "errorMessage", "credentials"].map((k) => [k, undefined]),
        );
        // The provider process does not know the stack or the name: the default caller id is seeded here.
        const resourceScope = `${pulumi.getOrganization()}/${pulumi.getProject()}/${pulumi.getStack()}/${name}`;
        super("LicensePurchase", name, { ...outputs, ...args, resourceScope }, opts, ["credentials"]);
    }
}
