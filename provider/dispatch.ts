/**
 * The provider runtime: what the serialised providers load by package name
 * (`pulumi-r4/provider-runtime`) inside the dynamic provider process.
 */
import type * as pulumi from "@pulumi/pulumi";
// First, so that what the handlers load below is read from the compile cache.
import "./plumbing/compile-cache";
import { agentHandler } from "./handlers/agent";
import { dnsRecordHandler } from "./handlers/dns-record";
import { licensePurchaseHandler } from "./handlers/license-purchase";
import { projectHandler } from "./handlers/project";
import { vaultHandler } from "./handlers/vault";
import { vaultItemHandler } from "./handlers/vault-item";
import { configure as configureSettings } from "./plumbing/settings";

const HANDLERS = {
    Vault: vaultHandler,
    VaultItem: vaultItemHandler,
    Project: projectHandler,
    DnsRecord: dnsRecordHandler,
    Agent: agentHandler,
    LicensePurchase: licensePurchaseHandler,
} satisfies Record<string, pulumi.dynamic.ResourceProvider>;

export type ResourceKind = keyof typeof HANDLERS;

export function handler(kind: ResourceKind): pulumi.dynamic.ResourceProvider {
    const found = HANDLERS[kind];
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
