/**
 * Drives one purchase job to `succeeded`: poll with backoff, complete the vault handoff when the
 * job waits for it, resume a failed job a bounded number of times, stop at the deadline. Every
 * call it makes is safe to repeat after a crash: status is a read, the handoff item id is derived
 * from the purchase, resume is only sent after the job reads `failed`.
 *
 * Progress goes to stderr, which the engine shows for the resource: job id, status, steps done,
 * attempts. Never a handoff value: the handoff object is passed straight to the SDK, which
 * encrypts it, and is never formatted into a message.
 */
import { createHash } from "node:crypto";
import type { R4Client } from "../../sdk/client";
import { R4Error } from "../../sdk/errors";
import type { PurchaseStatusResponse } from "../../sdk/schemas";
import type { LicensePurchaseInputs } from "./inputs";

export interface DriveOptions {
    resumeAttempts: number;
    /** Epoch ms after which the provider stops waiting (the job itself continues at R4). */
    deadline: number;
    timeoutMinutes: number;
    log: (line: string) => void;
    /** Sees every status read, so a caller can report the last known state after a failure. */
    observe?: (job: PurchaseStatusResponse) => void;
    /** Poll interval bounds (ms). */
    minPollMs?: number;
    maxPollMs?: number;
}

/** Why the provider stopped before `succeeded`; `job` is the last status it read. */
export class PurchaseStopped extends Error {
    constructor(message: string, readonly job: PurchaseStatusResponse | undefined) {
        super(message);
        this.name = "PurchaseStopped";
    }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function describe(job: PurchaseStatusResponse): string {
    const steps = (job as { completedSteps?: unknown }).completedSteps;
    const done = Array.isArray(steps) && steps.length > 0 ? `, steps done: ${steps.join(", ")}` : "";
    return `${job.status}${done}, attempt ${job.attempts ?? "?"}`;
}

/** The vault id a deterministic "new vault" destination gets: retried creates address the same vault. */
export function purchaseVaultId(purchaseId: string, name: string): string {
    return createHash("sha256").update(`r4.purchase-vault.v1|${purchaseId}|${name}`, "utf8").digest("hex").slice(0, 24);
}

/**
 * Where the credentials go: the vault the job asked for, else the program's `vault`, else
 * `handoffVaultId`. A "new" destination is created by us (the server never holds a vault key),
 * under an id derived from the purchase so a crash cannot make two.
 */
export async function destinationVault(r4: R4Client, purchaseId: string, job: PurchaseStatusResponse | undefined, inputs: LicensePurchaseInputs): Promise<string | undefined> {
    const requested = job?.vaultItemHandoff?.requestedVault ?? (inputs.vault as { mode: string; vaultId?: string; name?: string } | undefined);
    if (requested?.mode === "existing" && requested.vaultId) return requested.vaultId;
    if (requested?.mode === "new" && requested.name) {
        const id = purchaseVaultId(purchaseId, requested.name);
        if (!(await r4.readVault(id))) await r4.createVault({ id, name: requested.name });
        return id;
    }
    return inputs.handoffVaultId;
}

export async function drive(r4: R4Client, purchaseId: string, inputs: LicensePurchaseInputs, opts: DriveOptions): Promise<PurchaseStatusResponse> {
    const minPoll = opts.minPollMs ?? 200;
    const maxPoll = opts.maxPollMs ?? 3000;
    let pollMs = minPoll;
    let resumes = 0;
    let last: PurchaseStatusResponse | undefined;
    let lastLine = "";
    for (;;) {
        const job = await r4.purchases.status(purchaseId);
        last = job;
        opts.observe?.(job);
        const line = describe(job);
        if (line !== lastLine) {
            opts.log(`purchase ${purchaseId}: ${line}`);
            lastLine = line;
            pollMs = minPoll; // progress: look again soon
        }
        switch (job.status) {
            case "succeeded":
                return job;
            case "awaiting_vault_item": {
                const vaultId = await destinationVault(r4, purchaseId, job, inputs);
                if (!vaultId) {
                    throw new PurchaseStopped(
                        `purchase ${purchaseId} is waiting for its vault handoff, but neither the job nor the program names a vault: ` +
                            "set `vault` ({ mode: \"existing\", vaultId }) or `handoffVaultId` and run `pulumi up` again; the job keeps waiting and nothing is bought again.",
                        job,
                    );
                }
                opts.log(`purchase ${purchaseId}: encrypting the handoff into vault ${vaultId}`);
                const itemId = await r4.completePurchaseHandoff(purchaseId, { vaultId, handoff: job.vaultItemHandoff ?? undefined });
                opts.log(`purchase ${purchaseId}: handoff stored as vault item ${itemId} and linked`);
                continue; // read the job again at once
            }
            case "failed": {
                if (resumes >= opts.resumeAttempts) {
                    throw new PurchaseStopped(
                        `purchase ${purchaseId} failed at step ${JSON.stringify(job.failedStep ?? "unknown")}: ${job.errorMessage ?? "no message"} ` +
                            `(attempt ${job.attempts ?? "?"}; resumed ${resumes} time(s) in this run, resumeAttempts is ${opts.resumeAttempts}). ` +
                            "Fix the cause if the message names one, then run `pulumi up` again: it resumes the same job from its saved state, and completed paid steps are not repeated.",
                        job,
                    );
                }
                resumes += 1;
                const backoff = Math.min(maxPoll, minPoll * 2 ** resumes);
                opts.log(`purchase ${purchaseId}: failed at step ${job.failedStep ?? "unknown"}; resuming (${resumes} of ${opts.resumeAttempts}) in ${backoff} ms`);
                await sleep(Math.min(backoff, Math.max(0, opts.deadline - Date.now())));
                checkDeadline(purchaseId, job, opts);
                try {
                    await r4.purchases.resume(purchaseId);
                } catch (err) {
                    // 409: no longer failed (an earlier resume landed); a lost answer: the next read tells.
                    if (!(R4Error.is(err) && (err.status === 409 || err.status === undefined || err.status >= 500))) throw err;
                }
                continue;
            }
            default:
                break;
        }
        checkDeadline(purchaseId, job, opts);
        await sleep(Math.min(pollMs, Math.max(0, opts.deadline - Date.now())));
        pollMs = Math.min(maxPoll, Math.ceil(pollMs * 1.5));
        checkDeadline(purchaseId, last, opts);
    }
}

function checkDeadline(purchaseId: string, job: PurchaseStatusResponse | undefined, opts: DriveOptions): void {
    if (Date.now() < opts.deadline) return;
    throw new PurchaseStopped(
        `stopped waiting for purchase ${purchaseId} after ${opts.timeoutMinutes} minute(s) (timeoutMinutes); it is ${job ? describe(job) : "in an unknown state"}. ` +
            "The job continues at R4: run `pulumi up` again to continue the same job (raise timeoutMinutes if it needs longer); nothing is bought again.",
        job,
    );
}
