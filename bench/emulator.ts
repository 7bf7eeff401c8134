/**
 * Emulator capacity (issue 4's closing figures): requests per second for an authenticated GET
 * and for a signed item create, from a loopback load generator (bench/lib/load.ts, undici, C
 * connections) against the emulator in its own process; and the emulator's memory after M
 * stored items (default 2,000; the figure for issue 4 is taken with BENCH_ITEMS=10000), beside its memory right after start in the same run.
 *
 * Creates are signed before the clock starts, by the SDK's own createItem flow with its HTTP
 * call intercepted, so the load generator spends nothing on RSA and the figure is the server's:
 * each create is checked there (two PSS signatures verified, exact next version, summary content
 * against the stored listing) and written in one SQLite transaction. Items are spread over V
 * vaults; each vault's creates go in chain order on one connection.
 *
 *   npm run bench:emulator
 *   BENCH_ITEMS=10000 (the recorded figure; default 2000) BENCH_VAULTS=50 BENCH_CONNECTIONS=8 BENCH_DURATION_MS=5000
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { R4Client } from "../sdk/client";
import { closeAllPools, MACHINE_API_BASE_PATH } from "../sdk/http";
import { spawnEmulator } from "./lib/emulator";
import { rssOf } from "./lib/proc";
import { type LoadRequest, runLoad } from "./lib/load";
import { envInt, log, main, printSamples, printTable, ratio, round, runBenchmark } from "./lib/report";

function dirBytes(dir: string): number {
    return fs.readdirSync(dir).reduce((sum, f) => sum + fs.statSync(path.join(dir, f)).size, 0);
}

main(async () => {
    const items = Math.max(1, envInt("BENCH_ITEMS", 2000));
    const vaultCount = Math.max(1, Math.min(envInt("BENCH_VAULTS", 50), items));
    const connections = Math.max(1, Math.min(envInt("BENCH_CONNECTIONS", 8), vaultCount));
    const durationMs = Math.max(100, envInt("BENCH_DURATION_MS", 5000));
    await runBenchmark("emulator", { items, vaults: vaultCount, connections, durationMs }, async ({ rows, samples, notes }) => {
        const emulator = await spawnEmulator();
        const { baseUrl, apiKey, privateKeyPem } = emulator.credentials;
        const origin = new URL(baseUrl).origin;
        const auth = { "x-api-key": apiKey, accept: "application/json" };
        try {
            await new Promise((r) => setTimeout(r, 500));
            const atStart = rssOf(emulator.pid)!;

            // Setup (not timed): vaults, and every create signed in chain order.
            const client = new R4Client({ baseUrl, apiKey, privateKeyPem });
            const vaultIds: string[] = [];
            for (let v = 0; v < vaultCount; v++) vaultIds.push((await client.createVault({ name: `Load ${v}` })).id);
            const perVault = new Map<string, LoadRequest[]>(vaultIds.map((id) => [id, []]));
            const http = client.http as unknown as { request: (o: { route: string; path: string; body?: unknown }) => Promise<unknown> };
            const realRequest = http.request.bind(http);
            http.request = async (o) => {
                if (o.route !== "POST /vault/:vaultId/items") return realRequest(o);
                const vaultId = o.path.split("/")[2];
                perVault.get(vaultId)!.push({ method: "POST", path: MACHINE_API_BASE_PATH + o.path, headers: { ...auth, "content-type": "application/json" }, body: JSON.stringify(o.body) });
                return {};
            };
            const signStart = performance.now();
            let firstItem: { vaultId: string; itemId: string } | undefined;
            for (let i = 0; i < items; i++) {
                const vaultId = vaultIds[i % vaultCount];
                const made = await client.createItem({
                    vaultId, name: `Service ${i}`, type: "LOGIN",
                    fields: [
                        { name: "Username", type: "TEXT", value: `svc-${i}` },
                        { name: "Password", type: "PASSWORD", value: `pw-${i}-0123456789abcdef` },
                        { name: "Url", type: "URL", value: `https://svc-${i}.example.com` },
                    ],
                });
                firstItem ??= { vaultId, itemId: made.id };
            }
            http.request = realRequest;
            log(`signed ${items} creates in ${round(performance.now() - signStart)} ms (not measured)`);

            // Signed item creates: worker w owns vaults w, w+C, ...; each vault's creates in order.
            const queues = Array.from({ length: connections }, (_, w) => vaultIds.filter((_, v) => v % connections === w).flatMap((id) => perVault.get(id)!));
            const cursor = new Array(connections).fill(0);
            const creates = await runLoad({ origin, connections, next: (w) => queues[w][cursor[w]++] });
            samples["create.perSecond"] = creates.perSecond;
            if ((creates.statuses["201"] ?? 0) + (creates.statuses["200"] ?? 0) !== items) {
                throw new Error(`creates answered ${JSON.stringify(creates.statuses)}; expected ${items} successes`);
            }
            await new Promise((r) => setTimeout(r, 1000));
            const afterItems = rssOf(emulator.pid)!;
            const dbBytes = dirBytes(emulator.dataDir);

            // Authenticated GETs: /me (key lookup, scope) and one item (plus its fields and checkpoint).
            const me: LoadRequest = { method: "GET", path: `${MACHINE_API_BASE_PATH}/me`, headers: auth };
            const getMe = await runLoad({ origin, connections, durationMs, warmupMs: 500, next: () => me });
            samples["get /me.perSecond"] = getMe.perSecond;
            const item: LoadRequest = { method: "GET", path: `${MACHINE_API_BASE_PATH}/vault/${firstItem!.vaultId}/items/${firstItem!.itemId}`, headers: auth };
            const getItem = await runLoad({ origin, connections, durationMs, warmupMs: 500, next: () => item });
            samples["get item.perSecond"] = getItem.perSecond;
            const afterLoad = rssOf(emulator.pid)!;

            const row = (what: string, r: typeof creates) => ({ what, requests: r.requests, rps: r.rps, p50Ms: r.latencyMs.p50, p90Ms: r.latencyMs.p90, p99Ms: r.latencyMs.p99, statuses: JSON.stringify(r.statuses) });
            rows.push(row(`POST item create (signed, ${vaultCount} vaults)`, creates));
            rows.push(row("GET /me", getMe));
            rows.push(row("GET /vault/:id/items/:itemId", getItem));
            rows.push({ what: "emulator RSS at start (MiB)", value: round(atStart.rssMiB, 1) });
            rows.push({ what: `emulator RSS after ${items} items (MiB)`, value: round(afterItems.rssMiB, 1), overStart: ratio(afterItems.rssMiB, atStart.rssMiB) });
            rows.push({ what: "emulator peak RSS (VmHWM, MiB)", value: round(afterLoad.peakMiB, 1) });
            rows.push({ what: "emulator RSS after the GET runs (MiB)", value: round(afterLoad.rssMiB, 1) });
            rows.push({ what: `data dir after ${items} items (MiB)`, value: round(dbBytes / 2 ** 20, 1) });
            notes.push(`create bodies: ${round(creates.bytesSent / items)} bytes on average (they grow with each vault's summary: ${Math.ceil(items / vaultCount)} items per vault at the end)`);
            notes.push(`load generator: ${connections} keep-alive connections, closed loop, in the bench process; emulator in its own process on 127.0.0.1`);
        } finally {
            await closeAllPools();
            await emulator.stop();
        }
        printTable("emulator on loopback", rows);
        printSamples("completed requests per second", samples);
    });
});
