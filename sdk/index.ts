/**
 * pulumi-r4/sdk: a typed client for the R4 machine API with all cryptography client-side.
 *
 *     import { R4Client } from "pulumi-r4/sdk";
 *
 * `R4Client` is the entry point (flows plus raw route access); `R4.create` returns a license's
 * decrypted environment. Wire schemas and crypto primitives are exported as namespaces for
 * callers that work at the route level. Nothing here imports Pulumi.
 */
export { R4, R4Client } from "./client";
export type { R4ClientOptions, R4CreateOptions } from "./client";
export { IntegrityError, R4Error } from "./errors";
export type { R4ErrorInit } from "./errors";
export { HttpClient, closeAllPools } from "./http";
export type { HttpClientOptions, RetryInfo, RouteStats } from "./http";
export { path } from "./path";
export { AgentsApi, DnsApi, ItemsApi, KeysApi, LicensesApi, MeApi, PermissionsApi, ProjectsApi, PurchasesApi, VaultsApi } from "./resources";
export { DEFAULT_CONFLICT_RETRIES, DEFAULT_DATA_CLASSIFICATION, envName, handoffItemId } from "./flows";
export type {
    CompleteHandoffInput, CreateItemInput, CreateVaultInput, CreatedVault, ItemField, ItemFieldInput, ItemView, LicenseEnvironment,
    UpdateItemInput, UpdateVaultInput, VaultView, WrittenItem,
} from "./flows";
export * as crypto from "./crypto";
export * as schemas from "./schemas";
