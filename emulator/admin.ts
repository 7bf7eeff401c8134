/**
 * Admin surface, outside the machine API: fault rules, counters, minting keys, driving purchase
 * jobs. Over HTTP it needs the token written to DIR/admin.json; in-process tests get it directly.
 */
import type { FastifyInstance } from "fastify";
import { timingSafeEqual } from "node:crypto";
import { mintKey } from "./auth";
import type { Services } from "./context";
import { ApiError, errorBody, renderError } from "./errors";
import { iso } from "./clock";
import { newId } from "./ids";
import type { PurchaseRunner } from "./purchases/machine";
import { expandGrants, Scope, SCOPES } from "./policy";
import type { RequestCounters } from "./server";
import { counters, inTransaction, one, run } from "./store/db";

export interface MintOptions { scope: Scope; permissions: string[]; tenantId?: string; roles?: string[] }
export interface MintedCredentials { apiKey: string; scope: Scope; permissions: string[]; principalId: string; agentId: string | null; tenantId: string | null }

export interface Admin {
    mintKey(opts: MintOptions): MintedCredentials;
    setFaults(config: unknown): void;
    counters(): { requests: Record<string, number>; faults: Record<string, number>; store: Record<string, number> };
    tickPurchases(): number;
}

export function createAdmin(svc: Services, runner: PurchaseRunner, requests: RequestCounters): Admin {
    return {
        mintKey: (opts) => inTransaction(svc.db, () => mintCredentials(svc, opts)),
        setFaults: (config) => {
            svc.faults.configure(config);
        },
        counters: () => ({ requests: { ...requests.perRoute }, faults: { ...svc.faults.injected }, store: counters(svc.db) }),
        tickPurchases: () => runner.tick(),
    };
}

/** Mints a key for a new principal: an agent for AGENT scope, a synthetic user otherwise. */
export function mintCredentials(svc: Services, opts: MintOptions): MintedCredentials {
    if (!SCOPES.includes(opts.scope)) throw new ApiError("validation_error", `scope: one of ${SCOPES.join(", ")}`);
    const now = iso(svc.clock.now());
    const tenant = opts.tenantId
        ? one<{ id: string; org_id: string }>(svc.db, "SELECT id, org_id FROM tenants WHERE id = ?", opts.tenantId)
        : one<{ id: string; org_id: string }>(svc.db, "SELECT id, org_id FROM tenants ORDER BY created_at, id LIMIT 1");
    if (!tenant) throw new ApiError("validation_error", "tenant: not found");
    const principalId = newId();
    let agentId: string | null = null;
    if (opts.scope === "AGENT") {
        agentId = principalId;
        const dt = one<{ id: string }>(svc.db, "SELECT id FROM domain_tenants WHERE tenant_id = ? ORDER BY created_at, id LIMIT 1", tenant.id);
        run(svc.db, "INSERT INTO agents(id, org_id, tenant_id, domain_tenant_id, name, roles, created_at) VALUES (?,?,?,?,?,?,?)",
            agentId, tenant.org_id, tenant.id, dt?.id ?? "", `Minted agent ${agentId.slice(-6)}`, JSON.stringify(opts.roles ?? []), now);
    }
    const tenantId = opts.scope === "ORG" ? null : tenant.id;
    expandGrants(opts.scope, opts.permissions); // validates names before anything is stored
    const key = mintKey(svc.db, { scope: opts.scope, grants: opts.permissions, orgId: tenant.org_id, tenantId, principalId, agentId, roles: agentId ? [] : opts.roles, now });
    return { apiKey: key.apiKey, scope: opts.scope, permissions: key.permissions, principalId, agentId, tenantId };
}

export function registerAdminRoutes(app: FastifyInstance, admin: Admin, svc: Services, token: string): void {
    const authorised = (header: unknown): boolean => {
        const given = Buffer.from(String(header ?? "").replace(/^Bearer /, ""));
        const want = Buffer.from(token);
        return given.length === want.length && timingSafeEqual(given, want);
    };
    app.register(async (scope) => {
        scope.addHook("onRequest", async (req, reply) => {
            if (!authorised(req.headers["x-admin-token"] ?? req.headers.authorization)) return reply.code(401).send(errorBody("unauthorized", "Admin routes need the token from DIR/admin.json in X-Admin-Token."));
        });
        scope.setErrorHandler((err, _req, reply) => renderError(err instanceof Error && err.name === "ZodError" ? new ApiError("validation_error", err.message) : err, reply));
        scope.get("/__admin/faults", async () => svc.faults.current());
        scope.put("/__admin/faults", async (req) => {
            admin.setFaults(req.body);
            return svc.faults.current();
        });
        scope.get("/__admin/counters", async () => admin.counters());
        scope.post("/__admin/keys", async (req, reply) => reply.code(201).send(admin.mintKey(req.body as MintOptions)));
        scope.post("/__admin/purchases/tick", async () => ({ steps: admin.tickPurchases() }));
    });
}
