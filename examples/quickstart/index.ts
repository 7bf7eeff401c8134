/**
 * The quickstart: every R4 resource once, wired together.
 *
 *   r4:baseUrl, r4:apiKey (secret), r4:privateKey (secret)   where R4 is and who you are
 *   dbPassword (secret)                                      the value stored in the Database item
 *   domainTenantId                                           your tenant's domain binding (for the agent)
 *   domain                                                   an R4-managed domain (default: the emulator's example-r4.dev)
 */
import * as pulumi from "@pulumi/pulumi";
import * as r4 from "pulumi-r4";

const config = new pulumi.Config();
const domain = config.get("domain") ?? "example-r4.dev";
const domainTenantId = config.require("domainTenantId");
const dbPassword = config.requireSecret("dbPassword");

// A project groups vaults and licenses.
const project = new r4.Project("payments", {
    name: "Payments",
    externalId: "PAY-QUICKSTART",
    description: "Created by the pulumi-r4 quickstart",
});

// An end-to-end encrypted vault: its data key is generated and wrapped in the provider process.
const vault = new r4.Vault("secrets", {
    name: "Payments secrets",
    dataClassification: "CONFIDENTIAL",
    projectId: project.id,
});

// Items: every field value is encrypted client-side before it is sent, and is a secret in state.
const database = new r4.VaultItem("database", {
    vaultId: vault.id,
    name: "Payments database",
    type: "LOGIN",
    websites: ["https://db.payments.example"],
    fields: [
        { name: "Username", type: "TEXT", value: "payments_app" },
        { name: "Password", type: "PASSWORD", value: dbPassword },
    ],
});

// A machine identity for the payments service; its one-time API key is a secret output...
const agent = new r4.Agent("deploy-bot", {
    name: "Payments deploy bot",
    domainTenantId,
    permissions: ["machine.vault.read", "machine.vault.secret.read"],
});

// ...kept, encrypted, in the vault next to the database login.
const agentCredentials = new r4.VaultItem("deploy-bot-credentials", {
    vaultId: vault.id,
    name: "Payments deploy bot API key",
    type: "API_KEY",
    fields: [
        { name: "Agent id", type: "TEXT", value: agent.id },
        { name: "API key", type: "SECRET", value: agent.apiKey },
    ],
});

// A DNS record on a domain managed through R4.
const verification = new r4.DnsRecord("verification", {
    domain,
    type: "TXT",
    name: "_r4-payments",
    value: pulumi.interpolate`r4-vault=${vault.id}`,
    ttl: 600,
});

// A dry-run license purchase: the whole purchase flow, nothing paid is created. The job's setup
// fields (test values on a dry run) are encrypted into this vault by the provider: the "handoff".
const license = new r4.LicensePurchase("falcon", {
    licenseId: "defend",
    dryRun: true,
    vault: { mode: "existing", vaultId: vault.id },
    project: { mode: "existing", projectId: project.id },
});

export const projectId = project.id;
export const vaultId = vault.id;
export const databaseItemId = database.id;
export const databaseFieldIds = database.fieldIds;
export const databaseFields = database.fields; // secret: shown as [secret]
export const agentId = agent.id;
export const agentApiKey = agent.apiKey; // secret
export const agentCredentialsItemId = agentCredentials.id;
export const dnsRecordId = verification.id;
export const purchaseId = license.purchaseId;
export const purchaseStatus = license.status;
export const purchaseHandoffItemId = license.vaultItemId;
