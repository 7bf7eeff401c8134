/**
 * A small closed-loop HTTP load generator on undici: C connections, each with one request in
 * flight at a time, either for a fixed duration or until the work runs out. Reports requests
 * per second, latency percentiles, status counts, and per-second throughput as raw samples.
 * Written for loopback measurements of the emulator (the issue asks for "a load tool").
 */
import { performance } from "node:perf_hooks";
import { Pool } from "undici";
import { median, percentile, round } from "./report";

export interface LoadRequest {
    method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
    path: string;
    headers: Record<string, string>;
    body?: string;
}

export interface LoadResult {
    requests: number;
    elapsedMs: number;
    rps: number;
    latencyMs: { p50: number; p90: number; p99: number; max: number };
    statuses: Record<string, number>;
    /** Completed requests in each whole second of the run. */
    perSecond: number[];
    bytesSent: number;
}

/**
 * `next(worker)` gives a worker its next request, or undefined when it has none left; a worker
 * also stops when `durationMs` has passed. `warmupMs` of load runs first and is not counted.
 */
export async function runLoad(opts: {
    origin: string;
    connections: number;
    durationMs?: number;
    warmupMs?: number;
    next: (worker: number) => LoadRequest | undefined;
}): Promise<LoadResult> {
    const pool = new Pool(opts.origin, { connections: opts.connections, pipelining: 1, keepAliveTimeout: 30_000 });
    const latencies: number[] = [];
    const statuses: Record<string, number> = {};
    const completions: number[] = [];
    let bytesSent = 0;
    try {
        if (opts.warmupMs) {
            const until = performance.now() + opts.warmupMs;
            await Promise.all(Array.from({ length: opts.connections }, async (_, w) => {
                while (performance.now() < until) {
                    const req = opts.next(w);
                    if (!req) return;
                    const res = await pool.request(req);
                    await res.body.dump();
                }
            }));
        }
        const start = performance.now();
        const deadline = opts.durationMs ? start + opts.durationMs : Infinity;
        await Promise.all(Array.from({ length: opts.connections }, async (_, w) => {
            for (;;) {
                if (performance.now() >= deadline) return;
                const req = opts.next(w);
                if (!req) return;
                const t0 = performance.now();
                const res = await pool.request(req);
                await res.body.dump();
                const t1 = performance.now();
                latencies.push(t1 - t0);
                completions.push(t1 - start);
                statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
                bytesSent += req.body ? Buffer.byteLength(req.body) : 0;
            }
        }));
        const elapsedMs = performance.now() - start;
        const perSecond: number[] = [];
        for (const t of completions) {
            const s = Math.floor(t / 1000);
            while (perSecond.length <= s) perSecond.push(0);
            perSecond[s]++;
        }
        // A last partial second would understate the rate; keep whole seconds only when there are any.
        if (perSecond.length > 1 && elapsedMs % 1000 < 999) perSecond.pop();
        return {
            requests: latencies.length,
            elapsedMs: round(elapsedMs, 1),
            rps: round((latencies.length * 1000) / elapsedMs, 1),
            latencyMs: { p50: round(median(latencies), 2), p90: round(percentile(latencies, 90), 2), p99: round(percentile(latencies, 99), 2), max: round(Math.max(...latencies), 2) },
            statuses,
            perSecond,
            bytesSent,
        };
    } finally {
        await pool.close();
    }
}
