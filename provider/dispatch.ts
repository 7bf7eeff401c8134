/**
 * The provider runtime: what the serialised providers load by package name
 * (`pulumi-r4/provider-runtime`) inside the dynamic provider process.
 */
import type * as pulumi from "@pulumi/pulumi";
// First, so that what the handlers load below is read from the compile cache.
import "./plumbing/compile-cache";
import { configure as configureSettings } from "./plumbing/settings";

/**
 * Each kind's handler, loaded the first time a resource of that kind is operated on: a refresh of
 * vaults and items, on the path every later read waits for, then does not load and build the
 * agent, DNS, project and purchase handlers and the SDK schemas only they use.
 */
const HANDLERS = {
    Vault: () => (require("./handlers/vault") as typeof import("./handlers/vault")).vaultHandler,
    VaultItem: () => (require("./handlers/vault-item") as typeof import("./handlers/vault-item")).vaultItemHandler,
    Project: () => (require("./handlers/project") as typeof import("./handlers/project")).projectHandler,
    DnsRecord: () => (require("./handlers/dns-record") as typeof import("./handlers/dns-record")).dnsRecordHandler,
    Agent: () => (require("./handlers/agent") as typeof import("./handlers/agent")).agentHandler,
    LicensePurchase: () => (require("./handlers/license-purchase") as typeof import("./handlers/license-purchase")).licensePurchaseHandler,
} satisfies Record<string, () => pulumi.dynamic.ResourceProvider>;

export type ResourceKind = keyof typeof HANDLERS;

export function handler(kind: ResourceKind): pulumi.dynamic.ResourceProvider {
    const found = Object.hasOwn(HANDLERS, kind) ? HANDLERS[kind]() : undefined;
    if (!found) {
        throw new Error(`this version of pulumi-r4 has no resource "${kind}": upgrade the package the program uses`);
    }
    return found;
}

/**
 * The provider of one resource kind, as the `__provider` source hands it to the engine's dynamic
 * provider (see plumbing/provider-source.ts).
 */
export function provider(kind: ResourceKind): pulumi.dynamic.ResourceProvider {
    return { ...handler(kind), configure };
}

/** Runs one provider method of one kind: what the closure-serialised providers of 0.1.0 pre-releases call. */
export function run(kind: ResourceKind, method: "check" | "diff" | "create" | "read" | "update" | "delete", args: unknown[]): Promise<unknown> {
    const implementation = handler(kind) as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
    return implementation[method](...args);
}

export async function configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
    configureSettings(req.config);
}
