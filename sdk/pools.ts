/**
 * One keep-alive agent per origin, shared by every client in the process, so a provider process
 * managing hundreds of resources reuses a handful of connections.
 *
 * The transport is Node's own `http`/`https` (its parser is native): a provider process is new
 * for every engine operation and makes one request per resource, so what loading and warming up
 * the HTTP client costs is paid on every `refresh`. (undici cost about 90 ms of CPU to load and
 * 0.17 ms more CPU per request in a fresh process; see docs/performance.md.)
 */
import * as http from "node:http";
import * as https from "node:https";

export interface Transport {
    agent: http.Agent;
    request: typeof http.request;
}

/** At most this many connections per origin, as the undici pool this replaced. */
export const MAX_CONNECTIONS_PER_ORIGIN = 16;
/** An idle connection is closed after this long (or sooner, when the server's Keep-Alive says so). */
export const IDLE_TIMEOUT_MS = 10_000;

const transports = new Map<string, Transport>();

export function transportFor(origin: string): Transport {
    let transport = transports.get(origin);
    if (!transport) {
        const secure = origin.startsWith("https:");
        const options: http.AgentOptions = { keepAlive: true, maxSockets: MAX_CONNECTIONS_PER_ORIGIN, timeout: IDLE_TIMEOUT_MS, scheduling: "lifo" };
        transport = secure ? { agent: new https.Agent(options), request: https.request } : { agent: new http.Agent(options), request: http.request };
        transports.set(origin, transport);
    }
    return transport;
}

/** Closes every shared connection (tests, or a process about to exit). */
export async function closeAllPools(): Promise<void> {
    const all = [...transports.values()];
    transports.clear();
    for (const t of all) t.agent.destroy();
}
