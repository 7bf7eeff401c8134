/**
 * pulumi-r4: R4 vaults, vault items, projects, DNS records and agents as Pulumi resources, with
 * every secret encrypted client-side before it leaves the machine.
 *
 *     import * as r4 from "pulumi-r4";
 *     const vault = new r4.Vault("app", { name: "App secrets" });
 */
export { Agent, type AgentArgs } from "./resources/agent";
export { DnsRecord, type DnsRecordArgs, type DnsRecordType } from "./resources/dns-record";
export { Project, type ProjectArgs } from "./resources/project";
export { Vault, type VaultArgs } from "./resources/vault";
export { VaultItem, type VaultItemArgs, type VaultItemField } from "./resources/vault-item";
export { LicensePurchase, type LicensePurchaseArgs } from "./resources/license-purchase";
export { getLicenseEnvironment, type GetLicenseEnvironmentArgs, type GetLicenseEnvironmentResult } from "./functions/license-environment";
