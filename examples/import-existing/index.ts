/**
 * Bringing existing R4 objects under Pulumi.
 *
 * `adoptId` takes over an object made outside Pulumi: the provider verifies that it exists (and,
 * for items, decrypts it), then brings it to what the program declares; from then on the stack
 * manages it (and `pulumi destroy` archives it). The engine's `import` resource option does not
 * reach dynamic providers, so adoptId is the way in.
 *
 * `.get` reads an object without managing it: its properties become outputs, destroy leaves it.
 *
 *   r4:baseUrl, r4:apiKey (secret), r4:privateKey (secret)
 *   projectId, vaultId, itemId   the objects to adopt (see create-outside.ts)
 *   referenceVaultId             a vault to read without managing it
 *   domain                       an R4-managed domain with an apex A record (default example-r4.dev)
 *   apexValue                    that record's value (default 192.0.2.10, the emulator's seed)
 */
import * as pulumi from "@pulumi/pulumi";
import * as r4 from "pulumi-r4";

const config = new pulumi.Config();

const project = new r4.Project("billing", {
    adoptId: config.require("projectId"),
    name: "Billing",
    externalId: "BILL",
    description: "Managed by Pulumi since adoption",
});

const vault = new r4.Vault("billing", {
    adoptId: config.require("vaultId"),
    name: "Billing secrets",
    projectId: project.id,
});

const apiKey = new r4.VaultItem("stripe", {
    adoptId: config.require("itemId"),
    vaultId: vault.id,
    name: "Stripe API key",
    type: "API_KEY",
    fields: [{ name: "Secret key", type: "SECRET", value: config.requireSecret("stripeKey") }],
});

// Read-only references: not managed, never changed or deleted by this stack.
const reference = r4.Vault.get("reference", config.require("referenceVaultId"));
const domain = config.get("domain") ?? "example-r4.dev";
const apex = r4.DnsRecord.get("apex", `${domain}/A/@/${config.get("apexValue") ?? "192.0.2.10"}`);

export const projectId = project.id;
export const vaultId = vault.id;
export const itemId = apiKey.id;
export const itemFieldIds = apiKey.fieldIds;
export const referenceVaultName = reference.name;
export const referenceVaultClassification = reference.dataClassification;
export const apexRecordValue = apex.value;
