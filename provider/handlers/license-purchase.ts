/**
 * LicensePurchase: a Pincer purchase job as a resource. Written directly as a dynamic
 * ResourceProvider (not `defineHandler`): create is not all-or-nothing here. Money is spent in
 * steps, so once a job has started every failure is a partial failure that keeps the job's id,
 * and the next `up` continues that job. See docs/resources.md for the lifecycle.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { R4Client } from "../../sdk/client";
import { R4Error } from "../../sdk/errors";
import type { PurchaseStatusResponse } from "../../sdk/schemas";
import { checkInputs } from "../plumbing/check";
import { mayHaveApplied } from "../plumbing/create-once";
import { diffInputs } from "../plumbing/diff";
import { isNotFound } from "../plumbing/errors";
import { containsUnknown } from "../plumbing/unknowns";
import { client } from "../plumbing/settings";
import { drive, PurchaseStopped, purchaseVaultId } from "../purchase/drive";
import { findPurchase, resolveExternalLicenseId } from "../purchase/identity";
import {
    DEFAULT_RESUME_ATTEMPTS, DEFAULT_TIMEOUT_MINUTES, IDENTITY_DEFAULTS, IN_PLACE, LicensePurchaseInputs, PURCHASE_IDENTITY, toStartRequest,
} from "../purchase/inputs";
import { compact, jobOutputs, PurchaseIncompleteError } from "../purchase/outputs";

const INPUT_KEYS = Object.keys(LicensePurchaseInputs.shape);
const REPLACE_ON = [...PURCHASE_IDENTITY, "externalLicenseId"] as const;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function parse(raw: Record<string, unknown>): LicensePurchaseInputs {
    const picked = Object.fromEntries(INPUT_KEYS.filter((k) => raw[k] !== undefined).map((k) => [k, raw[k]]));
    return LicensePurchaseInputs.parse(picked);
}

/** Progress for the person running `pulumi up`: the engine shows the provider's stderr. */
function logger(inputs: Partial<LicensePurchaseInputs>): (line: string) => void {
    const name = inputs.resourceScope?.split("/").pop() ?? "license purchase";
    return (line) => process.stderr.write(`r4 LicensePurchase ${name}: ${line}\n`);
}

/** The vault the credentials belong in after success, by the program's current inputs; undefined keeps them where they are. */
function desiredVault(purchaseId: string, inputs: LicensePurchaseInputs): { id: string; create?: string } | undefined {
    if (inputs.vault?.mode === "existing" && inputs.vault.vaultId) return { id: inputs.vault.vaultId };
    if (inputs.vault?.mode === "new" && inputs.vault.name) return { id: purchaseVaultId(purchaseId, inputs.vault.name), create: inputs.vault.name };
    return inputs.handoffVaultId ? { id: inputs.handoffVaultId } : undefined;
}

/** Where the handoff item went: the vault the job asked for, else the program's fallback. */
function handoffVault(purchaseId: string, job: PurchaseStatusResponse, inputs: LicensePurchaseInputs, prior: Record<string, unknown>): string | undefined {
    if (typeof prior.vaultId === "string") return prior.vaultId;
    if (!job.vaultItemId) return undefined;
    return desiredVault(purchaseId, inputs)?.id;
}

/** Starts a purchase, or finds the one a lost answer, a crash or an earlier run already started. */
async function startOrContinue(r4: R4Client, inputs: LicensePurchaseInputs, externalLicenseId: string, log: (l: string) => void): Promise<string> {
    const found = await findPurchase(r4, externalLicenseId, inputs);
    if (found) {
        log(`continuing purchase ${found.purchaseId}, filed under externalLicenseId ${externalLicenseId} (${found.status})`);
        return found.purchaseId;
    }
    for (let attempt = 0; ; attempt++) {
        try {
            const job = await r4.purchases.start(toStartRequest(inputs, externalLicenseId));
            log(`started purchase ${job.purchaseId} (externalLicenseId ${externalLicenseId})`);
            return job.purchaseId;
        } catch (err) {
            if (R4Error.is(err) && err.status !== undefined && err.status < 500) {
                throw new Error(`R4 refused to start the purchase; nothing was bought: ${err.message}`);
            }
            // The request may have been committed with its answer lost: look before anything else.
            for (const wait of LOOKUP_PAUSES_MS) {
                await sleep(wait);
                const again = await findPurchase(r4, externalLicenseId, inputs).catch(() => undefined);
                if (again) {
                    log(`the answer to the start request was lost, but purchase ${again.purchaseId} exists: continuing it`);
                    return again.purchaseId;
                }
            }
            if (attempt < START_RESENDS && serverIsDone(err)) {
                log(`the start request failed (${(err as Error).message}) and no purchase is filed under externalLicenseId ${externalLicenseId} 10 s later: starting it again`);
                continue;
            }
            throw new Error(
                `the answer to the purchase start request was lost (${(err as Error).message}) and no purchase filed under externalLicenseId ${externalLicenseId} is visible yet. ` +
                    "Run `pulumi up` again: it looks the purchase up before starting one, so it is never bought twice.",
            );
        }
    }
}

/** Lookups after a failed start: 10 s in all, far beyond the start's synchronous creation of the job. */
const LOOKUP_PAUSES_MS = [0, 1000, 3000, 6000];
const START_RESENDS = 1;

/**
 * Whether R4 (not a proxy still waiting on it) has finished with the request: it answered 500,
 * 502 or 503, or closed or refused the connection. A start R4 finished without filing a job was
 * never made, so it may be sent again. After a timeout or a 504 the server may still be working
 * on it: never resent.
 */
function serverIsDone(err: unknown): boolean {
    return mayHaveApplied(err) && (err as R4Error).code !== "timeout" && (err as R4Error).status !== 504;
}

/**
 * Drives the job to success and returns the outputs; any failure becomes a PurchaseIncompleteError
 * that carries the id and what is known, so the engine keeps the resource.
 */
async function runJob(r4: R4Client, purchaseId: string, inputs: LicensePurchaseInputs, raw: Record<string, unknown>, prior: Record<string, unknown>): Promise<Record<string, unknown>> {
    const log = logger(inputs);
    const timeoutMinutes = inputs.timeoutMinutes ?? DEFAULT_TIMEOUT_MINUTES;
    const base = compact({ ...prior, ...inputs, __provider: raw.__provider });
    let last: PurchaseStatusResponse | undefined;
    try {
        const job = await drive(r4, purchaseId, inputs, {
            resumeAttempts: inputs.resumeAttempts ?? DEFAULT_RESUME_ATTEMPTS,
            timeoutMinutes,
            deadline: Date.now() + timeoutMinutes * 60_000,
            log,
            observe: (j) => (last = j),
        });
        const outs: Record<string, unknown> = { ...base, ...jobOutputs(purchaseId, job), vaultId: handoffVault(purchaseId, job, inputs, prior) };
        const licenses = job.licenseInstanceIds ?? [];
        if (inputs.exposeCredentials && licenses.length > 0) {
            outs.credentials = (await r4.getLicenseEnvironment(licenses[0])).env;
        } else {
            delete outs.credentials;
        }
        log(`purchase ${purchaseId} succeeded${inputs.dryRun ? " (dry run: nothing paid was created)" : `: license instance(s) ${licenses.join(", ")}`}`);
        return compact(outs);
    } catch (err) {
        const stopped = err instanceof PurchaseStopped;
        const message = stopped
            ? err.message
            : `purchase ${purchaseId} is not finished: ${(err as Error).message}. Run \`pulumi up\` again to continue the same job; nothing is bought again.`;
        log(message);
        const props: Record<string, unknown> = compact({ ...base, ...jobOutputs(purchaseId, (stopped ? err.job : undefined) ?? last), status: (stopped ? err.job : last)?.status ?? prior.status ?? "in_progress" });
        delete props.credentials;
        throw new PurchaseIncompleteError(message, purchaseId, props);
    }
}

export const licensePurchaseHandler: pulumi.dynamic.ResourceProvider = {
    async check(olds, news) {
        const result = checkInputs(LicensePurchaseInputs, news);
        if (result.failures?.length) return result;
        const identity = Object.fromEntries([...PURCHASE_IDENTITY, "externalLicenseId", "resourceScope"].map((k) => [k, news[k]]));
        const resolved = resolveExternalLicenseId(olds as Partial<LicensePurchaseInputs>, news as LicensePurchaseInputs, containsUnknown(identity));
        return { inputs: compact({ ...news, resolvedExternalLicenseId: resolved }) };
    },

    async diff(_id, olds, news) {
        const result = diffInputs(
            {
                properties: [...REPLACE_ON, ...IN_PLACE],
                replaceOn: REPLACE_ON,
                defaults: { ...IDENTITY_DEFAULTS, resumeAttempts: DEFAULT_RESUME_ATTEMPTS, timeoutMinutes: DEFAULT_TIMEOUT_MINUTES, exposeCredentials: false },
            },
            olds,
            news,
        );
        // Same explicit caller id: the old purchase must be retired (archived) before the new one
        // is looked up, or create would find and continue the old job instead of buying anew.
        const sameCallerId = news.externalLicenseId !== undefined && news.externalLicenseId === olds.externalLicenseId;
        // A license archived out of band (seen by refresh): the declared license no longer exists, so
        // restoring it means a new purchase, and preview says so. The old purchase is retired first,
        // so create cannot find and continue it.
        const archived = olds.status === "succeeded" && Array.isArray(olds.archivedLicenseInstanceIds) && olds.archivedLicenseInstanceIds.length > 0;
        if (archived) {
            return { ...result, changes: true, replaces: [...(result.replaces ?? []), "licenseInstanceIds"], deleteBeforeReplace: true };
        }
        return { ...result, deleteBeforeReplace: (result.replaces?.length ?? 0) > 0 && sameCallerId };
    },

    async create(raw) {
        const inputs = parse(raw);
        const externalLicenseId = inputs.resolvedExternalLicenseId;
        if (!externalLicenseId) throw new Error("internal: no externalLicenseId was resolved at check; nothing was bought");
        const r4 = client();
        const purchaseId = await startOrContinue(r4, inputs, externalLicenseId, logger(inputs));
        // From here on the job exists: every failure keeps its id.
        const outs = await runJob(r4, purchaseId, inputs, raw, {});
        return { id: purchaseId, outs };
    },

    async update(id, olds, news) {
        const inputs = parse(news);
        const r4 = client();
        const outs = await runJob(r4, id, inputs, news, olds);
        // After success, a changed destination moves the credentials; the purchase is untouched.
        const target = typeof outs.vaultItemId === "string" && typeof outs.vaultId === "string" ? desiredVault(id, inputs) : undefined;
        if (target && target.id !== outs.vaultId) {
            try {
                if (target.create && !(await r4.readVault(target.id))) await r4.createVault({ id: target.id, name: target.create });
                await r4.moveItem(outs.vaultItemId as string, outs.vaultId as string, target.id);
                logger(inputs)(`moved the credentials item ${outs.vaultItemId} to vault ${target.id}`);
                outs.vaultId = target.id;
            } catch (err) {
                throw new PurchaseIncompleteError(`purchase ${id} succeeded, but moving its credentials to vault ${target.id} failed: ${(err as Error).message}. Run \`pulumi up\` again to retry the move.`, id, outs);
            }
        }
        return { outs };
    },

    async read(id, props) {
        const r4 = client();
        let job: PurchaseStatusResponse;
        try {
            job = await r4.purchases.status(id);
        } catch (err) {
            if (isNotFound(err)) return {};
            throw err;
        }
        const outs: Record<string, unknown> = { ...props, ...jobOutputs(id, job) };
        const ids = job.licenseInstanceIds ?? [];
        const externalLicenseId = props.resolvedExternalLicenseId as string | undefined;
        if (ids.length > 0 && externalLicenseId) {
            const active = new Set((await r4.licenses.list({ externalLicenseId })).licenses.map((l) => l.id));
            outs.licenseInstanceIds = ids.filter((l) => active.has(l));
            const archived = ids.filter((l) => !active.has(l));
            outs.archivedLicenseInstanceIds = archived.length > 0 ? archived : undefined;
        }
        const inputs = compact(Object.fromEntries(INPUT_KEYS.map((k) => [k, props[k]])));
        return { id, props: compact(outs), inputs };
    },

    async delete(id, props) {
        const r4 = client();
        const log = logger(props as Partial<LicensePurchaseInputs>);
        let job: PurchaseStatusResponse | undefined;
        try {
            job = await r4.purchases.status(id);
        } catch (err) {
            if (!isNotFound(err)) throw err;
        }
        const ids = [...new Set([...((props.licenseInstanceIds as string[] | undefined) ?? []), ...(job?.licenseInstanceIds ?? [])])];
        let archived = 0;
        for (const licenseId of ids) {
            try {
                await r4.licenses.archive(licenseId);
                archived += 1;
            } catch (err) {
                if (!isNotFound(err)) throw err; // archived already: the end state holds
            }
        }
        const state = job && job.status !== "succeeded" ? ` The job was ${job.status}; a running job cannot be cancelled from here.` : "";
        log(
            `archived ${archived} license instance(s) of purchase ${id}. Paid external resources (domain, provider company, order and subscription) ` +
                `are NOT refunded or cancelled by this; the vault item holding the credentials is kept. Cancel them through R4 support.${state}`,
        );
    },
};
