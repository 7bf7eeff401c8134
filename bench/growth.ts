/**
 * Growth: time and bytes sent per item create as one vault grows to M items (default 1,000).
 * The vault's summary checkpoint lists every item, so each create signs and sends a summary one
 * entry longer than the last: its bytes grow linearly with the vault, by protocol. What the
 * client keeps flat: no re-read of the chain before a write (the summary it wrote last is
 * cached), no re-unwrap of the DEK, and field edits that do not touch the summary at all. This
 * also measures a fields-only update and a read near the start and at the end, for comparison.
 *
 * Bytes are what the client's sockets wrote and read on loopback (headers included): every TCP
 * client socket of this process, from Node's `net.client.socket` diagnostics channel, counted
 * across each measured call (only the SDK's requests run during one).
 *
 *   npm run bench:growth
 *   BENCH_ITEMS=1000 BENCH_WINDOW=10
 */
import * as diagnostics from "node:diagnostics_channel";
import type { Socket } from "node:net";
import { performance } from "node:perf_hooks";
import { R4Client } from "../sdk/client";
import { closeAllPools } from "../sdk/http";
import { countsSince, spawnEmulator } from "./lib/emulator";
import { envInt, main, median, printTable, ratio, round, runBenchmark } from "./lib/report";

const sockets = new Set<Socket>();
diagnostics.subscribe("net.client.socket", (message) => {
    sockets.add((message as { socket: Socket }).socket);
});
const wire = () => {
    let written = 0;
    let read = 0;
    for (const s of sockets) {
        written += s.bytesWritten;
        read += s.bytesRead;
    }
    return { written, read };
};

const fields = (i: number, v = "") => [
    { name: "Username", type: "TEXT", value: `svc-${i}` },
    { name: "Password", type: "PASSWORD", value: `pw-${i}-0123456789abcdef${v}` },
    { name: "Url", type: "URL", value: `https://svc-${i}.example.com` },
];

main(async () => {
    const total = Math.max(2, envInt("BENCH_ITEMS", 1000));
    const window = Math.max(1, Math.min(envInt("BENCH_WINDOW", 10), total));
    await runBenchmark("growth", { items: total, window }, async ({ rows, samples, notes }) => {
        const emulator = await spawnEmulator();
        const { baseUrl, apiKey, privateKeyPem } = emulator.credentials;
        try {
            const client = new R4Client({ baseUrl, apiKey, privateKeyPem });
            const vault = await client.createVault({ name: "Growth" });
            const ms: number[] = [];
            const sent: number[] = [];
            const received: number[] = [];
            const ids: string[] = [];
            const measure = async (fn: () => Promise<unknown>) => {
                const w0 = wire();
                const t0 = performance.now();
                await fn();
                const t = performance.now() - t0;
                const w1 = wire();
                return { ms: round(t, 2), sent: w1.written - w0.written, received: w1.read - w0.read };
            };
            const before = await emulator.requests();
            for (let i = 1; i <= total; i++) {
                const m = await measure(async () => ids.push((await client.createItem({ vaultId: vault.id, name: `Service ${i}`, type: "LOGIN", fields: fields(i) })).id));
                ms.push(m.ms);
                sent.push(m.sent);
                received.push(m.received);
            }
            const creates = countsSince(before, await emulator.requests());
            samples["create.ms"] = ms;
            samples["create.bytesSent"] = sent;
            samples["create.bytesReceived"] = received;

            // Report windows of `window` items ending at each size.
            const sizes = [...new Set([window, 10, 100, 250, 500, 750, 1000, total].filter((s) => s >= window && s <= total))].sort((a, b) => a - b);
            const base = { ms: median(ms.slice(0, window)), sent: median(sent.slice(0, window)) };
            for (const size of sizes) {
                const from = size - window;
                const wMs = median(ms.slice(from, size));
                const wSent = median(sent.slice(from, size));
                rows.push({ case: "create", items: `${from + 1}-${size}`, medianMs: wMs, bytesSent: wSent, bytesReceived: median(received.slice(from, size)), msOverFirst: ratio(wMs, base.ms), bytesOverFirst: ratio(wSent, base.sent) });
            }
            // Requests per create over the whole growth: one POST each, no reads of the chain.
            const postCount = creates["POST /vault/:vaultId/items"] ?? 0;
            notes.push(`requests during ${total} creates: ${JSON.stringify(creates)} (${round(postCount / total, 3)} POST per create; anything else is a read of the chain)`);

            // For comparison at the same two sizes: a fields-only update and a read (no summary).
            for (const [label, index] of [["first item", 0], ["last item", total - 1]] as const) {
                const upd: number[] = [];
                const updSent: number[] = [];
                const rd: number[] = [];
                for (let r = 0; r < window; r++) {
                    const u = await measure(() => client.updateItem(vault.id, ids[index], { fields: fields(index + 1, `-v${r}`) }));
                    upd.push(u.ms);
                    updSent.push(u.sent);
                    rd.push((await measure(() => client.readItem(vault.id, ids[index]))).ms);
                }
                samples[`update ${label}.ms`] = upd;
                samples[`update ${label}.bytesSent`] = updSent;
                samples[`read ${label}.ms`] = rd;
                rows.push({ case: `update fields, vault of ${total}`, items: label, medianMs: median(upd), bytesSent: median(updSent) });
                rows.push({ case: `read, vault of ${total}`, items: label, medianMs: median(rd) });
            }
            const slope = (sent[total - 1] - sent[0]) / Math.max(1, total - 1);
            notes.push(`bytes sent per create grow by about ${round(slope, 1)} bytes per item already in the vault (one more summary entry to sign and send); a fields-only update sends no summary`);
        } finally {
            await closeAllPools();
            await emulator.stop();
        }
        printTable("cost per item create as the vault grows", rows);
        process.stdout.write(`\nraw samples: ${Object.keys(samples).join(", ")} (${total} values each for creates) in the result file\n`);
    });
});
