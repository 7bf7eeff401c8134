/** Purchase job rows and their wire view (the pages' purchase status shape). */
import { all, Db, one } from "../store/db";

export const STEPS = ["domain", "company", "order", "provider_tenant", "browser_activation"] as const;
export type Step = (typeof STEPS)[number];

export interface ResumeState {
    completed: Step[];
    domain?: string | null;
    companyId?: string;
    providerOrderId?: string;
    providerTenantId?: string;
    licenseInstanceIds?: string[];
}

export interface JobRow {
    id: string; tenant_id: string; principal_id: string; license_slug: string; request: string; status: string; step: string | null;
    resume_state: string; attempts: number; failed_step: string | null; error_message: string | null; handoff: string | null;
    vault_item_id: string | null; external_license_id: string | null; dry_run: number; order_id: string | null; order_item_id: string | null;
    next_step_at: number | null; started_at: string; updated_at: string; finished_at: string | null;
}

export const loadJobRow = (db: Db, id: string): JobRow | undefined => one<JobRow>(db, "SELECT * FROM purchase_jobs WHERE id = ?", id);
export const dueJobs = (db: Db, now: number): JobRow[] => all<JobRow>(db, "SELECT * FROM purchase_jobs WHERE status = 'in_progress' AND next_step_at <= ? ORDER BY next_step_at, id", now);
/** When the earliest in-progress job falls due (clock milliseconds), or null when none is in progress. */
export const nextDueAt = (db: Db): number | null =>
    one<{ t: number | null }>(db, "SELECT MIN(next_step_at) AS t FROM purchase_jobs WHERE status = 'in_progress'")?.t ?? null;

export function jobView(job: JobRow) {
    const state: ResumeState = JSON.parse(job.resume_state);
    return {
        purchaseId: job.id, status: job.status, orderId: job.order_id, orderItemId: job.order_item_id, attempts: job.attempts,
        startedAt: job.started_at, updatedAt: job.updated_at, finishedAt: job.finished_at, failedStep: job.failed_step, errorMessage: job.error_message,
        externalLicenseId: job.external_license_id, licenseId: job.license_slug, dryRun: job.dry_run === 1, completedSteps: state.completed,
        licenseInstanceIds: state.licenseInstanceIds ?? [], vaultItemId: job.vault_item_id,
        ...(job.status === "awaiting_vault_item" && job.handoff ? { vaultItemHandoff: JSON.parse(job.handoff) } : {}),
    };
}
