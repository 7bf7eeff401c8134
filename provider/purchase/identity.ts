/**
 * Which purchase a resource means, so that nothing is ever bought twice.
 *
 * A purchase is filed under a caller id, `externalLicenseId`. When the program gives none, the
 * default is derived from the stack, the resource's name and the inputs that define the purchase:
 * stable across retries, crashes and lost answers (so create finds the job it started before),
 * different after a change that means a new purchase (so a replacement buys anew instead of
 * adopting the old job). Create looks the id up first and continues a live job filed under it.
 */
import { createHash } from "node:crypto";
import type { R4Client } from "../../sdk/client";
import type { PurchaseJob } from "../../sdk/schemas";
import { IDENTITY_DEFAULTS, type LicensePurchaseInputs, PURCHASE_IDENTITY } from "./inputs";

const MAX_EXTERNAL_ID = 255;

function identityJson(inputs: Partial<LicensePurchaseInputs>): string {
    const canonical = (value: unknown): unknown =>
        Array.isArray(value)
            ? value.map(canonical)
            : value && typeof value === "object"
              ? Object.fromEntries(Object.keys(value).sort().filter((k) => (value as any)[k] !== undefined).map((k) => [k, canonical((value as any)[k])]))
              : value;
    const picked = Object.fromEntries(PURCHASE_IDENTITY.map((k) => [k, (inputs as any)[k] ?? IDENTITY_DEFAULTS[k] ?? null]));
    return JSON.stringify(canonical(picked));
}

export function samePurchaseIdentity(a: Partial<LicensePurchaseInputs>, b: Partial<LicensePurchaseInputs>): boolean {
    return identityJson(a) === identityJson(b);
}

/** `pulumi/PROJECT/STACK/NAME#HASH12`, or `pulumi-HASH32` when that would be too long. */
export function defaultExternalLicenseId(scope: string, inputs: Partial<LicensePurchaseInputs>): string {
    const hash = createHash("sha256").update(`r4.license-purchase.v1\n${scope}\n${identityJson(inputs)}`, "utf8").digest("hex");
    const readable = `pulumi/${scope}#${hash.slice(0, 12)}`;
    return readable.length <= MAX_EXTERNAL_ID ? readable : `pulumi-${hash.slice(0, 32)}`;
}

/**
 * The externalLicenseId for new inputs: the explicit one; else the old default while the purchase
 * identity is unchanged (a rename with an alias keeps its purchase); else a fresh default.
 * Undefined while identity inputs are still unknown (preview).
 */
export function resolveExternalLicenseId(olds: Partial<LicensePurchaseInputs> | undefined, news: LicensePurchaseInputs, hasUnknowns: boolean): string | undefined {
    if (news.externalLicenseId) return news.externalLicenseId;
    if (olds?.resolvedExternalLicenseId && !olds.externalLicenseId && samePurchaseIdentity(olds, news)) return olds.resolvedExternalLicenseId;
    if (hasUnknowns || !news.resourceScope) return undefined;
    return defaultExternalLicenseId(news.resourceScope, news);
}

/** Looks like a server id rather than a catalog slug (then the job's slug cannot be compared). */
const looksLikeId = (s: string) => /^[0-9a-f]{24}$/.test(s);

function sameRequest(job: PurchaseJob, inputs: LicensePurchaseInputs): boolean {
    const j = job as PurchaseJob & { licenseId?: unknown; dryRun?: unknown };
    if (typeof j.dryRun === "boolean" && j.dryRun !== (inputs.dryRun ?? false)) return false;
    if (typeof j.licenseId === "string" && j.licenseId !== inputs.licenseId && !looksLikeId(inputs.licenseId) && !looksLikeId(j.licenseId)) return false;
    return true;
}

export class ExternalIdTakenError extends Error {}

/**
 * The live job filed under `externalLicenseId` that these inputs mean, or undefined when a new
 * purchase must start. A succeeded job whose license instances are all archived is retired (its
 * resource was deleted or replaced) and never continued. A live job for another request is an
 * error: the id belongs to someone else's purchase.
 */
export async function findPurchase(r4: R4Client, externalLicenseId: string, inputs: LicensePurchaseInputs): Promise<PurchaseJob | undefined> {
    const { purchases } = await r4.purchases.lookup(externalLicenseId);
    if (purchases.length === 0) return undefined;
    let active: Set<string> | undefined;
    const live: PurchaseJob[] = [];
    for (const job of purchases) {
        const ids = job.licenseInstanceIds ?? [];
        if (job.status === "succeeded" && ids.length > 0) {
            active ??= new Set((await r4.licenses.list({ externalLicenseId })).licenses.map((l) => l.id));
            if (!ids.some((id) => active!.has(id))) continue;
        }
        live.push(job);
    }
    const mine = live.filter((job) => sameRequest(job, inputs));
    if (mine.length > 0) return mine[mine.length - 1];
    if (live.length > 0) {
        throw new ExternalIdTakenError(
            `externalLicenseId ${JSON.stringify(externalLicenseId)} already belongs to purchase ${live[live.length - 1].purchaseId}, made for a different license or dryRun setting; ` +
                "nothing was bought. Use another externalLicenseId (or omit it for a default), or import that purchase with the same inputs.",
        );
    }
    return undefined;
}
