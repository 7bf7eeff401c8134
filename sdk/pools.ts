/**
 * One keep-alive undici pool per origin, shared by every client in the process, so a provider
 * process managing hundreds of resources reuses a handful of connections.
 */
import type { Pool as UndiciPool } from "undici";

// The Pool class alone, not undici's index: the index also loads fetch, WebSocket, the cache and
// mock layers, about 30 ms of every provider process's start that a refresh waits on, for
// nothing this SDK uses. undici is pinned to an exact version, and a unit test checks that this
// is the class the index exports.
const Pool: typeof UndiciPool = require("undici/lib/dispatcher/pool");

const pools = new Map<string, UndiciPool>();

export function poolFor(origin: string, timeoutMs: number): UndiciPool {
    let pool = pools.get(origin);
    if (!pool || pool.closed || pool.destroyed) {
        pool = new Pool(origin, {
            connections: 16,
            pipelining: 1,
            keepAliveTimeout: 10_000,
            keepAliveMaxTimeout: 60_000,
            headersTimeout: timeoutMs,
            bodyTimeout: timeoutMs,
            connect: { timeout: Math.min(timeoutMs, 10_000) },
        });
        pools.set(origin, pool);
    }
    return pool;
}

/** Closes every shared pool (tests, or a process about to exit). */
export async function closeAllPools(): Promise<void> {
    const all = [...pools.values()];
    pools.clear();
    await Promise.all(all.map((p) => p.close().catch(() => undefined)));
}
