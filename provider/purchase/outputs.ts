/**
 * LicensePurchase outputs, and the partial-failure error the engine understands: once a job has
 * started, a failure carries the resource's id and properties, so the engine records the resource
 * (with the reasons as initialization errors) and the next `up` continues the same job through
 * update instead of creating, and paying for, another one.
 */
import type { PurchaseStatusResponse } from "../../sdk/schemas";

export const OUTPUTS = [
    "purchaseId", "status", "orderId", "orderItemId", "attempts", "licenseInstanceIds", "archivedLicenseInstanceIds", "vaultItemId", "vaultId",
    "failedStep", "errorMessage", "credentials",
] as const;

/** What the job itself says, as outputs. */
export function jobOutputs(purchaseId: string, job: PurchaseStatusResponse | undefined): Record<string, unknown> {
    if (!job) return { purchaseId };
    return compact({
        purchaseId,
        status: job.status,
        orderId: job.orderId ?? undefined,
        orderItemId: job.orderItemId ?? undefined,
        attempts: job.attempts,
        licenseInstanceIds: job.licenseInstanceIds ?? [],
        vaultItemId: job.vaultItemId ?? undefined,
        failedStep: job.failedStep ?? undefined,
        errorMessage: job.errorMessage ?? undefined,
    });
}

/**
 * The error @pulumi/pulumi's dynamic provider host turns into an "initialization failed" answer
 * (cmd/dynamic-provider: an error with `id` packs ErrorResourceInitFailed with `properties` and
 * `reasons`). The message and properties never hold a handoff value.
 */
export class PurchaseIncompleteError extends Error {
    readonly reasons: string[];
    constructor(message: string, readonly id: string, readonly properties: Record<string, unknown>) {
        super(message);
        this.name = "PurchaseIncompleteError";
        this.reasons = [message];
    }
}

/** The engine's property marshalling refuses `undefined`. */
export function compact<T extends Record<string, unknown>>(value: T): T {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
