/**
 * Bootstrapping a sub-agent: an R4 agent with its own RSA key pair (generated here, registered as
 * the agent's encryption key), a vault shared with it through a project, and its credentials
 * (API key and private key) kept as Pulumi secrets and, encrypted, in a vault item.
 *
 *   r4:baseUrl, r4:apiKey (secret), r4:privateKey (secret)   the parent's settings
 *   domainTenantId                                           your tenant's domain binding
 */
import * as pulumi from "@pulumi/pulumi";
import * as r4 from "pulumi-r4";
import { AgentKeyPair, AgentKeyRegistration, ProjectAccessGrant } from "./bootstrap";

const config = new pulumi.Config();
const domainTenantId = config.require("domainTenantId");

// The sub-agent. It may read vaults and register its own public key, nothing else.
const worker = new r4.Agent("worker", {
    name: "Report worker",
    domainTenantId,
    permissions: ["machine.vault.read", "machine.vault.secret.read", "machine.agent.public_key.write"],
});

// Its key pair, generated once; the private key is a secret in state.
const keys = new AgentKeyPair("worker-key");
const registration = new AgentKeyRegistration("worker-key-registration", {
    agentApiKey: worker.apiKey,
    privateKeyPem: keys.privateKeyPem,
});

// The vault it may read, with something in it for it to read.
const project = new r4.Project("reports", { name: "Reports", description: "Shared with the report worker" });
const shared = new r4.Vault("shared", { name: "Reports (shared with the worker)", projectId: project.id });
const warehouse = new r4.VaultItem("warehouse", {
    vaultId: shared.id,
    name: "Warehouse read-only login",
    type: "LOGIN",
    fields: [
        { name: "Username", type: "TEXT", value: "reports_ro" },
        { name: "Password", type: "PASSWORD", value: config.getSecret("warehousePassword") ?? pulumi.secret("change-me-warehouse") },
    ],
});
new ProjectAccessGrant("worker-reads-reports", {
    projectId: project.id,
    vaultIds: [shared.id],
    agentId: worker.id,
    encryptionKeyId: registration.encryptionKeyId,
    publicKeyPem: keys.publicKeyPem,
    access: "READ",
});

// The worker's credentials, for whoever deploys it: encrypted in a vault only the parent reads.
const ops = new r4.Vault("ops", { name: "Agent credentials" });
const credentials = new r4.VaultItem("worker-credentials", {
    vaultId: ops.id,
    name: "Report worker credentials",
    type: "API_KEY",
    fields: [
        { name: "Agent id", type: "TEXT", value: worker.id },
        { name: "API key", type: "SECRET", value: worker.apiKey },
        { name: "Private key", type: "SECRET", value: keys.privateKeyPem },
        { name: "Encryption key id", type: "TEXT", value: registration.encryptionKeyId },
    ],
});

export const workerId = worker.id;
export const workerApiKey = worker.apiKey; // secret
export const workerPrivateKey = keys.privateKeyPem; // secret
export const workerEncryptionKeyId = registration.encryptionKeyId;
export const sharedVaultId = shared.id;
export const warehouseItemId = warehouse.id;
export const credentialsVaultId = ops.id;
export const credentialsItemId = credentials.id;
