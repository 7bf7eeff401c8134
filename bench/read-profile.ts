/**
 * Where a refresh's read CPU goes, without the engine: 1 vault + N−1 items (3 fields each) are
 * created, then (1) BENCH_COLD_RUNS fresh processes each load the compiled SDK and read every
 * item once, BENCH_CONCURRENCY at a time, as a refresh's provider process does; (2) in this
 * process, a new client per pass reads every item once to warm up and BENCH_PASSES more times
 * measured. Prints the client's and the emulator's CPU per read. Not part of `npm run bench`; a
 * profiling aid (docs/performance.md quotes it).
 *
 *   npx tsc -p tsconfig.json && node -r ts-node/register/transpile-only bench/read-profile.ts
 *   BENCH_PROFILE_DIR=/tmp/prof ...   # also writes .cpuprofile files for each cold reader
 *                                     # process, the warm client (measured passes only) and the
 *                                     # emulator (its whole life)
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import { Session } from "node:inspector/promises";
import * as path from "node:path";
import { R4Client } from "../sdk/client";
import { closeAllPools } from "../sdk/http";
import { resetRegistrations } from "../sdk/flows/state/registration";
import { spawnEmulator } from "./lib/emulator";
import { cpuMsOf } from "./lib/proc";
import { envInt, log, main, REPO_ROOT } from "./lib/report";

// What a refresh's provider process does, in a fresh process: load the compiled SDK, then read
// every item once, BENCH_CONCURRENCY at a time (the engine's default parallelism is 4 per core).
const COLD_READER = `
const t0 = process.cpuUsage();
const { R4Client } = require(${JSON.stringify(path.join(REPO_ROOT, "dist", "sdk", "client.js"))});
const loaded = process.cpuUsage(t0);
const [baseUrl, apiKey, privateKeyPem, vaultId, ids, concurrency] = JSON.parse(process.env.R4_COLD_READ);
const client = new R4Client({ baseUrl, apiKey, privateKeyPem });
(async () => {
    const t1 = process.cpuUsage();
    const w0 = performance.now();
    let next = 0;
    await Promise.all(Array.from({ length: concurrency }, async () => {
        while (next < ids.length) {
            const item = await client.readItem(vaultId, ids[next++]);
            if (!item || item.fields.length !== 3) throw new Error("an item did not read back");
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
        for (let run = 0; run < Math.max(0, envInt("BENCH_COLD_RUNS", 3)); run++) {
            const emu0 = cpuMsOf(emulator.pid);
            const out = execFileSync(process.execPath, [...(profileDir ? ["--cpu-prof", "--cpu-prof-dir", profileDir, "--cpu-prof-name", `cold-${run + 1}.cpuprofile`] : []), "-e", COLD_READER], { env: { ...process.env, R4_COLD_READ: JSON.stringify([baseUrl, apiKey, privateKeyPem, vault.id, ids, concurrency]) }, encoding: "utf8" });
            const r = JSON.parse(out) as { loadMs: number; readMs: number; wallMs: number };
            const emuMs = cpuMsOf(emulator.pid) - emu0;
            log(`cold process ${run + 1}: SDK load ${r.loadMs.toFixed(0)} ms CPU; ${ids.length} reads: wall ${r.wallMs.toFixed(0)} ms, client CPU ${(r.readMs / ids.length).toFixed(3)} ms/read, emulator CPU ${(emuMs / ids.length).toFixed(3)} ms/read`);
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
