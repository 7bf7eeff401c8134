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
import { AgentsApi, DnsApi, ItemsApi, KeysApi, LicensesApi, MeApi, PermissionsApi, ProjectsApi, PurchasesApi, VaultsApi } from "./resources";
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

export class R4Client {
    readonly http: HttpClient;
    readonly me: MeApi;
    readonly vaults: VaultsApi;
    readonly items: ItemsApi;
    readonly keys: KeysApi;
    readonly permissions: PermissionsApi;
    readonly projects: ProjectsApi;
    readonly dns: DnsApi;
    readonly agents: AgentsApi;
    readonly purchases: PurchasesApi;
    readonly licenses: LicensesApi;
    // Private fields: util.inspect and JSON.stringify of the client never show key material.
    readonly #ctx: FlowContext;

    constructor(options: R4ClientOptions) {
        if (!options || typeof options.privateKeyPem !== "string" || options.privateKeyPem.trim() === "") {
            throw new R4Error({
                code: "missing_private_key",
                message: "No R4 private key: pass privateKeyPem (set stack config `r4:privateKey` with --secret, or the R4_PRIVATE_KEY environment variable).",
            });
        }
        const privateKey: KeyObject = loadPrivateKey(options.privateKeyPem);
        this.http = new HttpClient({ baseUrl: options.baseUrl, apiKey: options.apiKey, timeoutMs: options.timeoutMs, maxRetries: options.maxRetries, onRetry: options.onRetry });
        this.me = new MeApi(this.http);
        this.vaults = new VaultsApi(this.http);
        this.items = new ItemsApi(this.http);
        this.keys = new KeysApi(this.http);
        this.permissions = new PermissionsApi(this.http);
        this.projects = new ProjectsApi(this.http);
        this.dns = new DnsApi(this.http);
        this.agents = new AgentsApi(this.http);
        this.purchases = new PurchasesApi(this.http);
        this.licenses = new LicensesApi(this.http);

        // The access-key half identifies the API key for the registration memo; the secret half is never used.
        const accessKey = options.apiKey.slice(0, options.apiKey.indexOf("."));
        const registration = new KeyRegistration(privateKey, `${this.http.baseUrl}\n${accessKey}`, (publicKey) => this.keys.registerPublicKey({ publicKey }));
        const chain = new ChainState();
        this.#ctx = {
            api: { vaults: this.vaults, items: this.items, keys: this.keys, purchases: this.purchases, licenses: this.licenses },
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
