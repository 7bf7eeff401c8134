/**
 * The HTTP server: fastify, one wrapper that every machine route goes through (faults, auth,
 * permission, one transaction, tamper, render), and the 501 answer for routes R4 has but the
 * emulator does not implement.
 */
import Fastify, { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { authenticate, requirePermission } from "./auth";
import { iso } from "./clock";
import type { RouteSpec, Services } from "./context";
import { ApiError, errorBody, renderError } from "./errors";
import { tamper } from "./faults/tamper";
import { MAX_BODY_BYTES, RETRY_AFTER_SECONDS } from "./limits";
import { inTransaction } from "./store/db";
import { olderCheckpoint } from "./store/checkpoints";

export const BASE_PATH = "/api/v1/machine";

export interface RequestCounters {
    perRoute: Record<string, number>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `onJobsScheduled` runs after a request that started or resumed a purchase job has committed. */
export function buildServer(svc: Services, routes: RouteSpec[], counters: RequestCounters, onJobsScheduled: () => void): FastifyInstance {
    const app = Fastify({ logger: false, bodyLimit: MAX_BODY_BYTES, forceCloseConnections: true });

    // An empty body on a JSON POST (resume, regenerate) is "no body", not a parse error.
    app.addContentTypeParser("application/json", { parseAs: "string", bodyLimit: MAX_BODY_BYTES }, (_req, text, done) => {
        if (text === "") return done(null, undefined);
        try {
            done(null, JSON.parse(text as string));
        } catch {
            done(new ApiError("validation_error", "body: not valid JSON"), undefined);
        }
    });
    app.setErrorHandler((err, _req, reply) => renderError(err, reply));
    app.setNotFoundHandler((req, reply) => {
        if (req.url.startsWith(BASE_PATH)) return reply.code(501).send(errorBody("not_implemented", `${req.method} ${req.url.split("?")[0]} is not implemented by the R4 emulator.`));
        return reply.code(404).send(errorBody("not_found"));
    });

    for (const spec of routes) {
        const key = `${spec.method} ${spec.path}`;
        app.route({
            method: spec.method,
            url: BASE_PATH + spec.path,
            handler: (req, reply) => handle(svc, spec, key, req, reply, counters, onJobsScheduled),
        });
    }
    return app;
}

async function handle(svc: Services, spec: RouteSpec, key: string, req: FastifyRequest, reply: FastifyReply, counters: RequestCounters, onJobsScheduled: () => void): Promise<unknown> {
    counters.perRoute[key] = (counters.perRoute[key] ?? 0) + 1;
    const fault = svc.faults.decide(spec.method, req.url.split("?")[0].slice(BASE_PATH.length));
    if (fault.delayMs) await sleep(fault.delayMs);
    if (fault.status === 429) return reply.code(429).header("retry-after", String(RETRY_AFTER_SECONDS)).send(errorBody("rate_limited"));
    if (fault.status === 500) return reply.code(500).send(errorBody("internal_error", "Injected fault."));
    if (fault.status === 503) return reply.code(503).send(errorBody("service_unavailable", "Injected fault."));
    if (fault.dropBeforeCommit) return drop(req, reply);

    const caller = authenticate(svc.db, req.headers["x-api-key"]);
    requirePermission(caller, spec.permission);
    const now = svc.clock.now();
    const result = inTransaction(svc.db, () =>
        spec.handler({
            caller, params: req.params as Record<string, string>, query: req.query as Record<string, string | undefined>, body: req.body,
            // Formatted only by the routes that record a time (writes), not by every read.
            headers: req.headers, ip: req.ip, get now() { return iso(now); }, svc,
        }),
        // R4's GETs change nothing.
        spec.method === "GET" ? "read" : "write",
    );
    // Erased plaintext must not survive in old WAL frames: copy them back (secure_delete zeroes the freed cells) and truncate.
    if (result.scrub) svc.db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    if (result.jobsScheduled) onJobsScheduled();
    // The transaction has committed: dropping now is the "did my write land?" case clients must handle.
    if (fault.dropAfterCommit) return drop(req, reply);
    for (const mode of fault.tamper) tamper(mode, result.body, (cp) => olderCheckpoint(svc.db, cp));
    reply.code(result.status ?? 200);
    return result.body === undefined ? reply.send() : reply.send(result.body);
}

function drop(req: FastifyRequest, reply: FastifyReply): FastifyReply {
    reply.hijack();
    req.raw.socket.destroy();
    return reply;
}
