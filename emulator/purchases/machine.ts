/**
 * The purchase job state machine. A job moves one step per tick once its `next_step_at` (from the
 * injected clock) has passed, each step in its own transaction, so a restart resumes in-flight
 * jobs where they stopped. Completed paid steps are recorded in `resume_state` and never repeated:
 * resume after a failure carries them forward (the pages' promise; counters prove it).
 */
import type { Services } from "../context";
import { iso } from "../clock";
import { newId, prefixedId } from "../ids";
import { bump, Db, inTransaction, one, run } from "../store/db";
import { findProduct, Product } from "./catalog";
import { dueJobs, JobRow, nextDueAt, ResumeState, Step, STEPS } from "./jobs";

interface JobRequest {
    domain?: { mode: "automatic"; domain?: string } | { mode: "existing-domain"; domain: string } | { mode: "existing-domain-tenant"; domainTenantId: string };
    vault?: { mode: "existing"; vaultId: string } | { mode: "new"; name: string };
    browserActivation?: { enabled?: boolean };
}

/** The steps a job runs, in order: the pages' list minus the ones the product or request skip. */
export function stepsFor(product: Product, req: JobRequest): Step[] {
    return STEPS.filter((s) => (s !== "domain" || product.needsDomain) && (s !== "browser_activation" || (product.browserActivation && req.browserActivation?.enabled !== false)));
}

class StepFailure extends Error {}

function runStep(db: Db, job: JobRow, step: Step, state: ResumeState, req: JobRequest, now: string): void {
    const dry = job.dry_run === 1;
    switch (step) {
        case "domain": {
            if (req.domain?.mode === "existing-domain") {
                state.domain = req.domain.domain;
            } else if (req.domain?.mode === "existing-domain-tenant") {
                const d = one<{ name: string }>(db, "SELECT d.name FROM domain_tenants dt JOIN domains d ON d.id = dt.domain_id WHERE dt.id = ?", req.domain.domainTenantId);
                if (!d) throw new StepFailure(`Domain-tenant binding "${req.domain.domainTenantId}" not found.`);
                state.domain = d.name;
            } else {
                const name = (req.domain?.domain ?? `${job.license_slug}-${job.id.slice(-8)}.example-r4.dev`).toLowerCase();
                if (one(db, "SELECT 1 FROM domains WHERE name = ?", name)) throw new StepFailure(`The domain "${name}" is not available.`);
                if (!dry) {
                    const domainId = newId();
                    const org = one<{ org_id: string }>(db, "SELECT org_id FROM tenants WHERE id = ?", job.tenant_id)!;
                    run(db, "INSERT INTO domains(id, org_id, tenant_id, name, internal_purchase, created_at) VALUES (?,?,?,?,1,?)", domainId, org.org_id, job.tenant_id, name, now);
                    run(db, "INSERT INTO domain_tenants(id, domain_id, tenant_id, created_at) VALUES (?,?,?,?)", newId(), domainId, job.tenant_id, now);
                    run(db, "INSERT INTO domains_bought(name, job_id, created_at) VALUES (?,?,?)", name, job.id, now);
                    bump(db, "domainsBought");
                }
                state.domain = name;
            }
            return;
        }
        case "company":
            state.companyId = prefixedId("company");
            if (!dry) bump(db, "companiesCreated");
            return;
        case "order":
            state.providerOrderId = prefixedId("porder");
            if (!dry) {
                run(db, "INSERT INTO orders(id, job_id, kind, created_at) VALUES (?,?,'provider',?)", state.providerOrderId, job.id, now);
                bump(db, "ordersPlaced");
            }
            return;
        case "provider_tenant":
            state.providerTenantId = prefixedId("ptenant");
            return;
        case "browser_activation":
            if (!dry) bump(db, "browserActivations");
            return;
    }
}

function handoffFor(product: Product, job: JobRow, state: ResumeState, req: JobRequest) {
    return {
        status: "pending",
        itemName: `${product.name}${state.domain ? ` - ${state.domain}` : ""}`,
        itemType: product.itemType,
        websites: product.websites,
        requestedVault: req.vault ?? null,
        fields: product.fields.map((f) => ({
            productVaultFieldId: f.id, name: f.name, type: f.type, extension: null, required: true,
            value: f.generate({ domain: state.domain ?? null, jobId: job.id }), isSecret: f.isSecret,
        })),
    };
}

/** Advances one job by one step (one transaction). */
export function advance(svc: Services, job: JobRow): void {
    const product = findProduct(job.license_slug)!;
    const req: JobRequest = JSON.parse(job.request);
    const state: ResumeState = JSON.parse(job.resume_state);
    const nowMs = svc.clock.now();
    const now = iso(nowMs);
    inTransaction(svc.db, () => {
        const step = stepsFor(product, req).find((s) => !state.completed.includes(s));
        const save = (status: string, extra: Record<string, unknown> = {}) => {
            const cols = { status, step: step ?? null, resume_state: JSON.stringify(state), updated_at: now, next_step_at: nowMs + svc.stepLatencyMs, ...extra };
            const keys = Object.keys(cols);
            run(svc.db, `UPDATE purchase_jobs SET ${keys.map((k) => `${k} = ?`).join(", ")} WHERE id = ?`, ...Object.values(cols), job.id);
        };
        if (!step) {
            // Every provider step is done: wait for the client-encrypted handoff. A dry run goes
            // through the handoff too (with test values), so a client can rehearse the whole flow.
            return save("awaiting_vault_item", { handoff: JSON.stringify(handoffFor(product, job, state, req)), next_step_at: null });
        }
        const forced = svc.faults.takePurchaseFailure(step, job.license_slug);
        try {
            if (forced) throw new StepFailure(forced.message ?? `Injected failure at step "${step}".`);
            runStep(svc.db, job, step, state, req, now);
        } catch (err) {
            if (!(err instanceof StepFailure)) throw err;
            return save("failed", { failed_step: step, error_message: err.message, finished_at: now, next_step_at: null });
        }
        state.completed.push(step);
        save("in_progress");
    });
}

/**
 * Runs jobs as they fall due. Rather than polling, it keeps one timer for the earliest due job
 * (none while no job is in progress), so an idle emulator costs no CPU: a timer that woke every
 * few milliseconds to ask SQLite for due jobs took about 2% of a core, which a benchmark run
 * against the emulator on the same machine pays for. `wake()` must be called whenever a job
 * becomes due sooner than before (a purchase starts or resumes); ticks reschedule themselves.
 */
export class PurchaseRunner {
    private timer: NodeJS.Timeout | undefined;
    private timerDueAt = Infinity;
    private started = false;
    constructor(private readonly svc: Services) {}

    /** Drives due jobs until none is due at the current clock time. */
    tick(): number {
        let steps = 0;
        for (let due = dueJobs(this.svc.db, this.svc.clock.now()); due.length; due = dueJobs(this.svc.db, this.svc.clock.now())) {
            for (const job of due) {
                advance(this.svc, job);
                steps += 1;
            }
            if (this.svc.stepLatencyMs > 0) break; // later steps become due with time, not within this tick
        }
        return steps;
    }

    start(): void {
        this.started = true;
        this.wake();
    }

    /** Sets the timer for the earliest due job, unless one is already set for no later. */
    wake(): void {
        if (!this.started) return;
        const dueAt = nextDueAt(this.svc.db);
        if (dueAt === null || dueAt >= this.timerDueAt) return;
        clearTimeout(this.timer);
        this.timerDueAt = dueAt;
        // Capped, so that a clock that jumps (an injected one) is looked at again within a minute.
        const delay = Math.min(Math.max(0, dueAt - this.svc.clock.now()), MAX_TIMER_MS);
        this.timer = setTimeout(() => this.onTimer(), delay);
        this.timer.unref();
    }

    stop(): void {
        this.started = false;
        clearTimeout(this.timer);
        this.timer = undefined;
        this.timerDueAt = Infinity;
    }

    private onTimer(): void {
        this.timer = undefined;
        this.timerDueAt = Infinity;
        try {
            this.tick();
        } catch (err) {
            process.stderr.write(`purchase runner: ${(err as Error).stack}\n`);
        }
        this.wake();
    }
}

const MAX_TIMER_MS = 60_000;
