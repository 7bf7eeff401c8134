/**
 * `R4Client`: one HTTP client, the resource classes on it (raw route access: `client.vaults`,
 * `client.items`, ...) and the high-level flows, each one call, with the per-process state they
 * share: key registration, vault keys, checkpoint chains and the per-vault write queue.
 *
 * @example
 * const r4 = new R4Client({ baseUrl: "https://r4.dev", apiKey, privateKeyPem });
 * const vault = await r4.createVault({ name: "Production" });
 * const item = await r4.createItem({ vaultId: vault.id, name: "DB", type: "LOGIN", fields: [{ name: "Password", type: "PASSWORD", value: "s3cret" }] });
 * (await r4.readItem(vault.id, item.id))?.fields[0].value; // "s3cret"
 */
import type { KeyObject } from "node:crypto";
import { R4Error } from "./errors";
import { loadPrivateKey } from "./crypto";
import { HttpClient, type RetryInfo, type RouteStats } from "./http";
import type { AgentsApi, DnsApi, ItemsApi, KeysApi, LicensesApi, MeApi, PermissionsApi, ProjectsApi, PurchasesApi, Transport, VaultsApi } from "./resources";
import type { DataClassification, VaultItemHandoff } from "./schemas";
import type { FlowContext } from "./flows/context";
import * as vaults from "./flows/vaults";
import * as items from "./flows/items";
import { completePurchaseHandoff } from "./flows/purchases";
import { getLicenseEnvironment, type LicenseEnvironment } from "./flows/licenses";
import { ChainState } from "./flows/state/chain";
import { KeyRegistration, type OwnKey } from "./flows/state/registration";
import { VaultKeys } from "./flows/state/vault-keys";
import { DEFAULT_CONFLICT_RETRIES, VaultWriteQueue } from "./flows/state/write-queue";

export interface R4ClientOptions {
    /** Origin of the R4 deployment, e.g. https://r4.dev (`/api/v1/machine` is added). */
    baseUrl: string;
    /** `accessKey.secret`. */
    apiKey: string;
    /** The caller's RSA private key (PEM, unencrypted). It signs checkpoints and unwraps vault keys; it never leaves the process. */
    privateKeyPem: string;
    /** Per-attempt timeout. Default 30 s. */
    timeoutMs?: number;
    /** HTTP retries after the first attempt for safe requests (429, 502-504, resets). Default 4. */
    maxRetries?: number;
    /** Called before each HTTP retry. Must not throw. */
    onRetry?: (info: RetryInfo) => void;
    /** How many times a write is re-read and re-signed after a 409 checkpoint conflict. Default 5. */
    maxConflictRetries?: number;
}

/**
 * The route classes, each loaded with its area's schemas the first time it is used: building the
 * zod schemas is most of the SDK's load, and a provider process that refreshes vaults and items,
 * whose first read waits for that load, never needs the agent, DNS, project, purchase, license,
 * permission or `me` ones.
 */
const AREAS = {
    me: (http: Transport): MeApi => new (require("./resources/me") as typeof import("./resources/me")).MeApi(http),
    vaults: (http: Transport): VaultsApi => new (require("./resources/vaults") as typeof import("./resources/vaults")).VaultsApi(http),
    items: (http: Transport): ItemsApi => new (require("./resources/items") as typeof import("./resources/items")).ItemsApi(http),
    keys: (http: Transport): KeysApi => new (require("./resources/keys") as typeof import("./resources/keys")).KeysApi(http),
    permissions: (http: Transport): PermissionsApi => new (require("./resources/permissions") as typeof import("./resources/permissions")).PermissionsApi(http),
    projects: (http: Transport): ProjectsApi => new (require("./resources/projects") as typeof import("./resources/projects")).ProjectsApi(http),
    dns: (http: Transport): DnsApi => new (require("./resources/dns") as typeof import("./resources/dns")).DnsApi(http),
    agents: (http: Transport): AgentsApi => new (require("./resources/agents") as typeof import("./resources/agents")).AgentsApi(http),
    purchases: (http: Transport): PurchasesApi => new (require("./resources/purchases") as typeof import("./resources/purchases")).PurchasesApi(http),
    licenses: (http: Transport): LicensesApi => new (require("./resources/licenses") as typeof import("./resources/licenses")).LicensesApi(http),
};
type Areas = { [K in keyof typeof AREAS]: ReturnType<(typeof AREAS)[K]> };

export class R4Client {
    readonly http: HttpClient;
    // Private fields: util.inspect and JSON.stringify of the client never show key material.
    readonly #ctx: FlowContext;
    readonly #areas: Partial<Areas> = {};

    get me(): MeApi { return this.#area("me"); }
    get vaults(): VaultsApi { return this.#area("vaults"); }
    get items(): ItemsApi { return this.#area("items"); }
    get keys(): KeysApi { return this.#area("keys"); }
    get permissions(): PermissionsApi { return this.#area("permissions"); }
    get projects(): ProjectsApi { return this.#area("projects"); }
    get dns(): DnsApi { return this.#area("dns"); }
    get agents(): AgentsApi { return this.#area("agents"); }
    get purchases(): PurchasesApi { return this.#area("purchases"); }
    get licenses(): LicensesApi { return this.#area("licenses"); }

    #area<K extends keyof Areas>(name: K): Areas[K] {
        return (this.#areas[name] ??= AREAS[name](this.http) as Areas[K]);
    }

    constructor(options: R4ClientOptions) {
        if (!options || typeof options.privateKeyPem !== "string" || options.privateKeyPem.trim() === "") {
            throw new R4Error({
                code: "missing_private_key",
                message: "No R4 private key: pass privateKeyPem (set stack config `r4:privateKey` with --secret, or the R4_PRIVATE_KEY environment variable).",
            });
        }
        const privateKey: KeyObject = loadPrivateKey(options.privateKeyPem);
        this.http = new HttpClient({ baseUrl: options.baseUrl, apiKey: options.apiKey, timeoutMs: options.timeoutMs, maxRetries: options.maxRetries, onRetry: options.onRetry });
        // The access-key half identifies the API key for the registration memo; the secret half is never used.
        const accessKey = options.apiKey.slice(0, options.apiKey.indexOf("."));
        const registration = new KeyRegistration(privateKey, `${this.http.baseUrl}\n${accessKey}`, (publicKey) => this.keys.registerPublicKey({ publicKey }));
        const chain = new ChainState();
        this.#ctx = {
            // The client itself: its getters load each area when a flow first uses it.
            api: this,
            privateKey,
            registration,
            keys: new VaultKeys(this.keys, privateKey, () => registration.current()),
            chain,
            queue: new VaultWriteQueue(options.maxConflictRetries ?? DEFAULT_CONFLICT_RETRIES, (ids) => ids.forEach((id) => chain.forgetSummary(id))),
        };
    }

    /** Registers our public key once per process (idempotent); resolves to our `encryptionKeyId`. */
    async ensureRegistered(): Promise<string> {
        return (await this.#ctx.registration.ensureRegistered()).encryptionKeyId;
    }

    /** Our registered key (id, public key, fingerprint), registering first if needed. */
    ownKey(): Promise<OwnKey> {
        return this.#ctx.registration.ensureRegistered();
    }

    /** Per-route HTTP counters (requests and attempts). */
    routeStats(): Record<string, RouteStats> {
        return this.http.routeStats();
    }

    // ---- Vaults ---------------------------------------------------------------------------

    /** Creates a vault: client-chosen id, signed empty summary v1, a fresh DEK wrapped to our key. Safe to retry with the same id. */
    createVault(input: vaults.CreateVaultInput): Promise<vaults.CreatedVault> {
        return vaults.createVault(this.#ctx, input);
    }

    /** The vault with its verified summary; `null` if archived or missing. */
    readVault(id: string): Promise<vaults.VaultView | null> {
        return vaults.readVault(this.#ctx, id);
    }

    /** Renames or reclassifies a vault (directory and summary checkpoints). */
    updateVault(id: string, change: { name?: string; dataClassification?: DataClassification }) {
        return vaults.updateVault(this.#ctx, id, change);
    }

    /** Sets (or clears, with `null`) the vault's project association. */
    setVaultProject(id: string, projectId: string | null): Promise<void> {
        return vaults.setVaultProject(this.#ctx, id, projectId);
    }

    /** Archives a vault with a signed replacement summary. */
    archiveVault(id: string): Promise<{ archived: boolean }> {
        return vaults.archiveVault(this.#ctx, id);
    }

    // ---- Items ----------------------------------------------------------------------------

    /** Creates an item with encrypted fields and both checkpoints. Safe to retry with the same id. */
    createItem(input: items.CreateItemInput): Promise<items.WrittenItem> {
        return items.createItem(this.#ctx, input);
    }

    /** The item verified and decrypted; `null` if archived, moved away or missing. */
    readItem(vaultId: string, itemId: string): Promise<items.ItemView | null> {
        return items.readItem(this.#ctx, vaultId, itemId);
    }

    /**
     * `readItem` for a caller that keeps what it read: pass what the last call returned, and an
     * unchanged answer is handed back without being verified and decrypted again (its receipt
     * proves that was done; see crypto/read-receipts.ts).
     */
    readItemWithReceipt(vaultId: string, itemId: string, kept?: items.ReceiptedItem): Promise<items.ReceiptedItem | null> {
        return items.readItemWithReceipt(this.#ctx, vaultId, itemId, kept);
    }

    /** Brings an item to the desired name/type/websites/fields (fields matched by name). */
    updateItem(vaultId: string, itemId: string, desired: items.UpdateItemInput) {
        return items.updateItem(this.#ctx, vaultId, itemId, desired);
    }

    /** Moves an item to another vault, re-encrypting every value for it. */
    moveItem(itemId: string, fromVaultId: string, toVaultId: string) {
        return items.moveItem(this.#ctx, itemId, fromVaultId, toVaultId);
    }

    /** Archives an item with a signed summary that no longer lists it. */
    archiveItem(vaultId: string, itemId: string): Promise<{ archived: boolean }> {
        return items.archiveItem(this.#ctx, vaultId, itemId);
    }

    // ---- Licenses -------------------------------------------------------------------------

    /** Encrypts a purchase's handoff into a vault item and links it; safe to call again. Returns the item id. */
    completePurchaseHandoff(purchaseId: string, input: { vaultId: string; handoff?: VaultItemHandoff }): Promise<string> {
        return completePurchaseHandoff(this.#ctx, purchaseId, input);
    }

    /** The license's environment, verified and decrypted locally. */
    getLicenseEnvironment(licenseInstanceId: string): Promise<LicenseEnvironment> {
        return getLicenseEnvironment(this.#ctx, licenseInstanceId);
    }
}

export interface R4CreateOptions {
    licenseInstanceId: string;
    /** Default: R4_BASE_URL, then https://r4.dev. */
    baseUrl?: string;
    /** Default: R4_API_KEY. */
    apiKey?: string;
    /** Default: R4_PRIVATE_KEY. */
    privateKeyPem?: string;
}

/** The agent-runtime entry point: `await R4.create({ licenseInstanceId })` → the decrypted environment. */
export class R4 {
    static async create(options: R4CreateOptions): Promise<LicenseEnvironment> {
        const client = new R4Client({
            baseUrl: options.baseUrl ?? process.env.R4_BASE_URL ?? "https://r4.dev",
            apiKey: options.apiKey ?? process.env.R4_API_KEY ?? "",
            privateKeyPem: options.privateKeyPem ?? process.env.R4_PRIVATE_KEY ?? "",
        });
        return client.getLicenseEnvironment(options.licenseInstanceId);
    }
}
