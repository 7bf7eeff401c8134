/** One class per API area; each method is one route. `R4Client` (sdk/client.ts) composes them. */
export type { Transport } from "./transport";
export { MeApi } from "./me";
export { VaultsApi } from "./vaults";
export { ItemsApi } from "./items";
export { KeysApi } from "./keys";
export { PermissionsApi } from "./permissions";
export { ProjectsApi } from "./projects";
export { DnsApi } from "./dns";
export { AgentsApi } from "./agents";
export { PurchasesApi } from "./purchases";
export { LicensesApi } from "./licenses";
