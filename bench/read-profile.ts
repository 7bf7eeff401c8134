/**
 * Where a refresh's read CPU goes, without the engine: 1 vault + N−1 items (3 fields each) are
 * created, then (1) BENCH_COLD_RUNS rounds of fresh processes, each loading what it needs and
 * reading every item once, BENCH_CONCURRENCY at a time, as a refresh's provider process does:
 *   - `bare`: the SDK's undici Pool alone, a GET per item and `JSON.parse` of the answer, nothing checked:
 *     the HTTP exchanges themselves, which any client making one request per item pays;
 *   - `receipt`: the SDK's `readItemWithReceipt` given what an earlier read kept, as a refresh of
 *     an unchanged stack reads (every answer matches its receipt);
 *   - `full`: the SDK's `readItem`, every answer verified and decrypted;
 * the three alternate, in a rotating order; (2) in this process, a new client per pass reads
 * every item once to warm up and BENCH_PASSES more times measured. Prints the client's and the
 * emulator's CPU per read. Not part of `npm run bench`; a profiling aid (docs/performance.md
 * quotes it).
 *
 *   npx tsc -p tsconfig.json && node -r ts-node/register/transpile-only bench/read-profile.ts
 *   BENCH_PROFILE_DIR=/tmp/prof ...   # also writes .cpuprofile files for each cold reader
 *                                     # process, the warm client (measured passes only) and the
 *                                     # emulator (its whole life)
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import { Session } from "node:inspector/promises";
import * as os from "node:os";
import * as path from "node:path";
import { R4Client } from "../sdk/client";
import type { ReceiptedItem } from "../sdk/flows";
import { closeAllPools, MACHINE_API_BASE_PATH } from "../sdk/http";
import { resetRegistrations } from "../sdk/flows/state/registration";
import { spawnEmulator } from "./lib/emulator";
import { cpuMsOf } from "./lib/proc";
import { envInt, log, main, median, REPO_ROOT } from "./lib/report";

type ColdKind = "bare" | "receipt" | "full";
const COLD_KINDS: readonly ColdKind[] = ["bare", "receipt", "full"];

// What a refresh's provider process does, in a fresh process: load what reading needs, then read
// every item once, R4_COLD_READ's `concurrency` at a time (the engine's default parallelism is
// 4 per core). Its input is a file: the kept items of 500 reads are more than an environment holds.
const COLD_READER = `
const { kind, baseUrl, apiKey, privateKeyPem, vaultId, ids, kept, concurrency } = JSON.parse(require("node:fs").readFileSync(process.env.R4_COLD_READ, "utf8"));
const t0 = process.cpuUsage();
let readOne;
if (kind === "bare") {
    // The SDK's own keep-alive pool (undici's Pool, configured as the SDK configures it), and nothing else of the SDK.
    const pool = require(${JSON.stringify(path.join(REPO_ROOT, "dist", "sdk", "pools.js"))}).poolFor(baseUrl, 30_000);
    readOne = (i) => new Promise((resolve, reject) => {
        const chunks = [];
        pool.dispatch({ method: "GET", path: ${JSON.stringify(MACHINE_API_BASE_PATH)} + "/vault/" + vaultId + "/items/" + ids[i], headers: { "x-api-key": apiKey, accept: "application/json" } }, {
            onRequestStart() {},
            onResponseStart(_c, status) { if (status !== 200) reject(new Error("GET answered " + status)); },
            onResponseData(_c, chunk) { chunks.push(chunk); },
            onResponseEnd() { resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")).fields); },
            onResponseError(_c, err) { reject(err); },
        });
    });
} else {
    const { R4Client } = require(${JSON.stringify(path.join(REPO_ROOT, "dist", "sdk", "client.js"))});
    const client = new R4Client({ baseUrl, apiKey, privateKeyPem });
    readOne = kind === "full"
        ? async (i) => (await client.readItem(vaultId, ids[i])).fields
        : async (i) => {
            const read = await client.readItemWithReceipt(vaultId, ids[i], kept[i]);
            if (read !== kept[i]) throw new Error("an answer did not match its receipt");
            return read.item.fields;
        };
}
const loaded = process.cpuUsage(t0);
(async () => {
    const t1 = process.cpuUsage();
    const w0 = performance.now();
    let next = 0;
    await Promise.all(Array.from({ length: concurrency }, async () => {
        while (next < ids.length) {
            const fields = await readOne(next++);
            if (fields.length !== 3) throw new Error("an item did not read back");
        }
    }));
    const ms = (u) => (u.user + u.system) / 1000;
    process.stdout.write(JSON.stringify({ loadMs: ms(loaded), readMs: ms(process.cpuUsage(t1)), wallMs: performance.now() - w0 }));
    process.exit(0);
})();
`;

main(async () => {
    const n = envInt("BENCH_N", 500);
    const concurrency = Math.max(1, envInt("BENCH_CONCURRENCY", 8));
    const passes = Math.max(1, envInt("BENCH_PASSES", 2));
    const profileDir = process.env.BENCH_PROFILE_DIR;
    if (profileDir) fs.mkdirSync(profileDir, { recursive: true });
    const emulator = await spawnEmulator({ nodeArgs: profileDir ? ["--cpu-prof", "--cpu-prof-dir", profileDir, "--cpu-prof-name", "emulator.cpuprofile"] : [] });
    try {
        const { baseUrl, apiKey, privateKeyPem } = emulator.credentials;
        const writer = new R4Client({ baseUrl, apiKey, privateKeyPem });
        const vault = await writer.createVault({ name: "Read profile" });
        const ids: string[] = [];
        for (let i = 1; i < n; i++) {
            const item = await writer.createItem({
                vaultId: vault.id, name: `Service ${i}`, type: "LOGIN",
                fields: [
                    { name: "Username", type: "TEXT", value: `svc-${i}` },
                    { name: "Password", type: "PASSWORD", value: `pw-${i}-0123456789abcdef` },
                    { name: "Url", type: "URL", value: `https://svc-${i}.example.com` },
                ],
            });
            ids.push(item.id);
        }
        log(`created 1 vault + ${ids.length} items`);
        // What a refresh keeps in state: each item as read, with its receipt.
        const keeper = new R4Client({ baseUrl, apiKey, privateKeyPem });
        const kept: ReceiptedItem[] = [];
        for (const id of ids) kept.push((await keeper.readItemWithReceipt(vault.id, id))!);
        const inputDir = fs.mkdtempSync(path.join(os.tmpdir(), "r4-read-profile-"));
        const cold: Record<ColdKind, { loadMs: number; readMs: number; emuMs: number }[]> = { bare: [], receipt: [], full: [] };
        try {
            for (let round = 0; round < Math.max(0, envInt("BENCH_COLD_RUNS", 3)); round++) {
                // Rotated, so no kind always runs right after another.
                for (const kind of [...COLD_KINDS.slice(round % 3), ...COLD_KINDS.slice(0, round % 3)]) {
                    const input = path.join(inputDir, `${kind}.json`);
                    fs.writeFileSync(input, JSON.stringify({ kind, baseUrl, apiKey, privateKeyPem, vaultId: vault.id, ids, kept: kind === "receipt" ? kept : [], concurrency }), { mode: 0o600 });
                    const emu0 = cpuMsOf(emulator.pid);
                    const profile = profileDir ? ["--cpu-prof", "--cpu-prof-dir", profileDir, "--cpu-prof-name", `cold-${kind}-${round + 1}.cpuprofile`] : [];
                    const out = execFileSync(process.execPath, [...profile, "-e", COLD_READER], { env: { ...process.env, R4_COLD_READ: input }, encoding: "utf8" });
                    const r = JSON.parse(out) as { loadMs: number; readMs: number; wallMs: number };
                    const emuMs = cpuMsOf(emulator.pid) - emu0;
                    cold[kind].push({ loadMs: r.loadMs, readMs: r.readMs, emuMs });
                    log(`cold ${kind.padEnd(7)} round ${round + 1}: load ${r.loadMs.toFixed(0)} ms CPU; ${ids.length} reads: wall ${r.wallMs.toFixed(0)} ms, client CPU ${(r.readMs / ids.length).toFixed(3)} ms/read, emulator CPU ${(emuMs / ids.length).toFixed(3)} ms/read`);
                }
            }
        } finally {
            fs.rmSync(inputDir, { recursive: true, force: true });
        }
        for (const kind of COLD_KINDS) {
            if (cold[kind].length === 0) continue;
            const m = (f: (r: (typeof cold)[ColdKind][number]) => number) => median(cold[kind].map(f)).toFixed(0);
            log(`cold ${kind.padEnd(7)} medians over ${cold[kind].length} processes: load ${m((r) => r.loadMs)} ms, reads ${m((r) => r.readMs)} ms of client CPU, ${m((r) => r.emuMs)} ms of the emulator's`);
        }
        // A refresh runs in a new provider process: nothing registered, nothing cached. Each pass
        // reads with a new client, so every pass pays what a refresh pays (the JIT is warm, though).
        let reader: R4Client;
        const readAll = async () => {
            resetRegistrations();
            reader = new R4Client({ baseUrl, apiKey, privateKeyPem });
            let next = 0;
            await Promise.all(Array.from({ length: concurrency }, async () => {
                while (next < ids.length) {
                    const id = ids[next++];
                    const item = await reader.readItem(vault.id, id);
                    if (!item || item.fields.length !== 3) throw new Error(`item ${id} did not read back`);
                }
            }));
        };
        await readAll();
        const session = profileDir ? new Session() : undefined;
        if (session) {
            session.connect();
            await session.post("Profiler.enable");
            await session.post("Profiler.setSamplingInterval", { interval: 100 });
            await session.post("Profiler.start");
        }
        for (let pass = 0; pass < passes; pass++) {
            const cpu0 = process.cpuUsage();
            const emu0 = cpuMsOf(emulator.pid);
            const t0 = performance.now();
            await readAll();
            const wall = performance.now() - t0;
            const cpu = process.cpuUsage(cpu0);
            const clientMs = (cpu.user + cpu.system) / 1000;
            const emuMs = cpuMsOf(emulator.pid) - emu0;
            log(`pass ${pass + 1}: ${ids.length} reads, wall ${wall.toFixed(0)} ms; client CPU ${(clientMs / ids.length).toFixed(3)} ms/read, emulator CPU ${(emuMs / ids.length).toFixed(3)} ms/read`);
        }
        if (session && profileDir) {
            const { profile } = await session.post("Profiler.stop");
            fs.writeFileSync(path.join(profileDir, "client.cpuprofile"), JSON.stringify(profile));
            session.disconnect();
        }
    } finally {
        await closeAllPools();
        await emulator.stop();
    }
});
