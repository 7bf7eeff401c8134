/** Pincer purchase: start, poll, encrypted vault-item handoff, resume, lookup by caller id. */
import { CompletePurchaseVaultItemRequest, LookupPurchasesQuery, StartPurchaseRequest } from "../../sdk/schemas/purchases";
import { Caller, defaultTenant, requireTenant } from "../auth";
import { route, RouteSpec } from "../context";
import { ApiError } from "../errors";
import { newId, prefixedId } from "../ids";
import { findProduct } from "../purchases/catalog";
import { JobRow, jobView, loadJobRow, ResumeState } from "../purchases/jobs";
import { all, bump, Db, one, run } from "../store/db";
import { inCallerTenant, loadItem, loadVault } from "../store/vaults";
import { parse } from "../validate";
import { createProject } from "./projects";

function loadJob(db: Db, caller: Caller, id: string): JobRow {
    const job = loadJobRow(db, id);
    if (!job || !inCallerTenant(db, caller, job.tenant_id)) throw new ApiError("purchase_not_found", `The purchase job "${id}" was not found.`);
    return job;
}

export const purchaseRoutes: RouteSpec[] = [
    route("POST", "/licenses/purchase", "machine.license.write", ({ caller, body, svc, now }) => {
        const { db } = svc;
        const req = parse(StartPurchaseRequest, body);
        const product = findProduct(req.licenseId);
        if (!product) throw new ApiError("license_not_found", `licenseId: no license "${req.licenseId}" in the catalog.`);
        const tenantId = req.tenantId ?? defaultTenant(db, caller);
        requireTenant(db, caller, tenantId);
        if (req.vault?.mode === "existing") loadVault(db, caller, req.vault.vaultId, "WRITE");
        if (req.domain?.mode === "existing-domain") {
            const d = one<{ tenant_id: string }>(db, "SELECT tenant_id FROM domains WHERE name = ?", req.domain.domain.toLowerCase());
            if (!d || d.tenant_id !== tenantId) throw new ApiError("domain_not_found", `The domain "${req.domain.domain}" was not found in your organization or you do not have access to it.`);
        }
        if (req.domain?.mode === "existing-domain-tenant" && !one(db, "SELECT 1 FROM domain_tenants WHERE id = ? AND tenant_id = ?", req.domain.domainTenantId, tenantId)) {
            throw new ApiError("domain_not_found", `domainTenantId: no binding "${req.domain.domainTenantId}" in this tenant.`);
        }
        let projectId: string | null = null;
        if (req.project?.mode === "existing") {
            const p = one<{ tenant_id: string }>(db, "SELECT tenant_id FROM projects WHERE id = ? AND archived_at IS NULL", req.project.projectId);
            if (!p || p.tenant_id !== tenantId) throw new ApiError("project_not_found", `The project with ID "${req.project.projectId}" was not found in your organization or you do not have access to it.`);
            projectId = req.project.projectId;
        } else if (req.project?.mode === "new" && !req.dryRun) {
            projectId = createProject(db, caller, tenantId, null, { name: req.project.name, externalId: req.project.externalId }, now);
        }
        const id = prefixedId("job");
        const dry = req.dryRun === true;
        // The R4 order (cart) exists from the start; the provider order is a paid step of the job.
        const orderId = dry ? null : prefixedId("order");
        if (orderId) run(db, "INSERT INTO orders(id, job_id, kind, created_at) VALUES (?,?,'r4',?)", orderId, id, now);
        const state: ResumeState = { completed: [] };
        run(db, `INSERT INTO purchase_jobs(id, tenant_id, principal_id, license_slug, request, status, resume_state, attempts, dry_run, external_license_id,
            order_id, order_item_id, next_step_at, started_at, updated_at) VALUES (?,?,?,?,?,'in_progress',?,1,?,?,?,?,?,?,?)`,
            id, tenantId, caller.principalId, product.slug, JSON.stringify({ ...req, projectId }), JSON.stringify(state), dry ? 1 : 0,
            req.externalLicenseId ?? null, orderId, orderId ? prefixedId("order_item") : null, svc.clock.now() + svc.stepLatencyMs, now, now);
        bump(db, dry ? "dryRunPurchases" : "purchases");
        return { status: 201, body: jobView(loadJobRow(db, id)!), jobsScheduled: true };
    }),

    route("GET", "/licenses/purchases/:purchaseId/status", "machine.license.read", ({ caller, params, svc: { db } }) => ({ body: jobView(loadJob(db, caller, params.purchaseId)) })),

    route("GET", "/licenses/purchases", "machine.license.read", ({ caller, query, svc: { db } }) => {
        const q = parse(LookupPurchasesQuery, query, "query");
        const jobs = all<JobRow>(db, "SELECT * FROM purchase_jobs WHERE external_license_id = ? ORDER BY started_at, id", q.externalLicenseId).filter((j) => inCallerTenant(db, caller, j.tenant_id));
        return { body: { purchases: jobs.map(jobView) } };
    }),

    route("POST", "/licenses/purchases/:purchaseId/vault-item", "machine.license.write", ({ caller, params, body, svc: { db }, now }) => {
        const req = parse(CompletePurchaseVaultItemRequest, body);
        const job = loadJob(db, caller, params.purchaseId);
        if (job.status === "succeeded" && job.vault_item_id === req.vaultItemId) return { body: jobView(job) }; // idempotent repeat
        if (job.status !== "awaiting_vault_item") throw new ApiError("purchase_state_conflict", `The purchase is ${job.status}; the handoff is only accepted while awaiting_vault_item.`);
        const { item } = loadItem(db, caller, req.vaultItemId, "READ");
        const jobReq = JSON.parse(job.request) as { vault?: { mode: string; vaultId?: string }; quantity?: number; projectId: string | null };
        if (jobReq.vault?.mode === "existing" && jobReq.vault.vaultId !== item.vault_id) {
            throw new ApiError("validation_error", `vaultItemId: the purchase asked for vault "${jobReq.vault.vaultId}"; the item is in "${item.vault_id}".`);
        }
        const state: ResumeState = JSON.parse(job.resume_state);
        const product = findProduct(job.license_slug)!;
        state.licenseInstanceIds = [];
        // A dry run creates no managed license: nothing was bought.
        for (let i = 0; i < (job.dry_run ? 0 : jobReq.quantity ?? 1); i++) {
            const licId = newId();
            run(db, `INSERT INTO license_instances(id, tenant_id, license_slug, name, purchase_id, external_license_id, project_id, vault_item_id, domain, created_at)
                VALUES (?,?,?,?,?,?,?,?,?,?)`, licId, job.tenant_id, product.slug, product.name, job.id, job.external_license_id, jobReq.projectId, item.id, state.domain ?? null, now);
            run(db, "INSERT INTO permissions(asset_type, asset_id, entity_id, entity_type, name, access) VALUES ('LICENSE_INSTANCE', ?, ?, ?, NULL, 'ADMIN')", licId, caller.principalId, caller.agentId ? "agent" : "user");
            state.licenseInstanceIds.push(licId);
        }
        // The plaintext setup fields are erased from storage the moment the handoff completes.
        run(db, "UPDATE purchase_jobs SET status = 'succeeded', handoff = NULL, vault_item_id = ?, resume_state = ?, updated_at = ?, finished_at = ? WHERE id = ?",
            item.id, JSON.stringify(state), now, now, job.id);
        return { body: jobView(loadJobRow(db, job.id)!), scrub: true };
    }),

    route("POST", "/licenses/purchases/:purchaseId/resume", "machine.license.write", ({ caller, params, svc, now }) => {
        const job = loadJob(svc.db, caller, params.purchaseId);
        if (job.status !== "failed") throw new ApiError("purchase_state_conflict", `Only a failed purchase can be resumed; this one is ${job.status}.`);
        run(svc.db, "UPDATE purchase_jobs SET status = 'in_progress', attempts = attempts + 1, failed_step = NULL, error_message = NULL, finished_at = NULL, updated_at = ?, next_step_at = ? WHERE id = ?",
            now, svc.clock.now() + svc.stepLatencyMs, job.id);
        return { body: jobView(loadJobRow(svc.db, job.id)!), jobsScheduled: true };
    }),
];
