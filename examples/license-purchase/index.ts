/**
 * Buying a license with R4 and reading its credentials back.
 *
 * The purchase runs as a job on R4 (domain, company, order, provider tenant, ...). When it is
 * done, the provider encrypts the credentials R4 hands over into a vault item in an EXISTING vault
 * (the "handoff"), and links it to the license. `getLicenseEnvironment` then reads and decrypts
 * that item into environment-variable style names, as a secret.
 *
 *   r4:baseUrl, r4:apiKey (secret), r4:privateKey (secret)
 *   vaultId     the id of an existing vault you can write to (R4 > Vaults > Copy vault ID)
 *   licenseId   catalog slug (default "cloud-api")
 *   dryRun      true to run the flow without buying anything (no handoff then; default false)
 *
 * Against r4.dev this buys a real license unless dryRun is true.
 */
import * as pulumi from "@pulumi/pulumi";
import * as r4 from "pulumi-r4";

const config = new pulumi.Config();
const vaultId = config.require("vaultId");

const license = new r4.LicensePurchase("license", {
    licenseId: config.get("licenseId") ?? "cloud-api",
    dryRun: config.getBoolean("dryRun") ?? false,
    vault: { mode: "existing", vaultId },
});

const firstLicense = license.licenseInstanceIds.apply((ids) => ids[0]);
const environment = r4.getLicenseEnvironment({ licenseInstanceId: firstLicense });

export const purchaseId = license.purchaseId;
export const status = license.status;
export const licenseInstanceIds = license.licenseInstanceIds;
export const handoffVaultId = license.vaultId;
export const handoffItemId = license.vaultItemId;
// The names are not secret; the values are.
export const environmentNames = pulumi.unsecret(environment.apply((e) => Object.keys(e.env).sort()));
export const environmentValues = environment.env; // secret
