/** What every route handler receives: the caller, the parsed request parts, storage and time. */
import type { Caller } from "./auth";
import type { Clock } from "./clock";
import type { Db } from "./store/db";
import type { FaultEngine } from "./faults/engine";

export interface Services {
    db: Db;
    clock: Clock;
    faults: FaultEngine;
    stepLatencyMs: number;
}

export interface RouteInput {
    caller: Caller;
    params: Record<string, string>;
    query: Record<string, string | undefined>;
    body: unknown;
    headers: Record<string, string | string[] | undefined>;
    ip: string;
    now: string;
    svc: Services;
}

export interface RouteResult {
    status?: number;
    body?: unknown;
    /** The transaction erased plaintext (a purchase handoff): scrub old copies from the WAL once committed. */
    scrub?: boolean;
    /** A purchase job was started or resumed: the job runner must look at its due times again. */
    jobsScheduled?: boolean;
}

export type Handler = (input: RouteInput) => RouteResult;

export interface RouteSpec {
    method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
    /** Relative to /api/v1/machine, fastify syntax (`/vault/:vaultId`). */
    path: string;
    permission: string;
    handler: Handler;
}

export const route = (method: RouteSpec["method"], path: string, permission: string, handler: Handler): RouteSpec => ({ method, path, permission, handler });
