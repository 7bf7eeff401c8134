/**
 * API floor: the same N objects (1 vault + N−1 items with 3 fields) created by a plain script
 * with the SDK alone, no engine, sequentially per vault as the checkpoint chain requires; against
 * `pulumi up` of the same objects through the provider, and the engine floor (`up` of N trivial
 * resources), all in the same run against one emulator in its own process.
 *
 *   overhead = up(ours) − api          what the engine and provider add to the API work
 *   provider = up(ours) − api − floor   what is left after the engine's own cost
 *
 *   npm run bench:api
 *   BENCH_N=10,100,500 BENCH_REPS=3
 */
import { R4Client } from "../sdk/client";
import { closeAllPools } from "../sdk/http";
import { resetRegistrations } from "../sdk/flows/state/registration";
import { spawnEmulator } from "./lib/emulator";
import { envInt, envInts, log, main, median, printSamples, printTable, ratio, runBenchmark, timed } from "./lib/report";
import { benchStack, runOp } from "./lib/stacks";

const fields = (i: number) => [
    { name: "Username", type: "TEXT", value: `svc-${i}` },
    { name: "Password", type: "PASSWORD", value: `pw-${i}-0123456789abcdef` },
    { name: "Url", type: "URL", value: `https://svc-${i}.example.com` },
];

main(async () => {
    const ns = envInts("BENCH_N", [10, 100]);
    const reps = Math.max(1, envInt("BENCH_REPS", 1));
    await runBenchmark("api", { ns, reps }, async ({ rows, samples, notes }) => {
        notes.push("api: a fresh R4Client per sample (so key registration is included, as in a provider process); the items are created one after another (one vault = one chain)");
        const emulator = await spawnEmulator();
        const { baseUrl, apiKey, privateKeyPem } = emulator.credentials;
        try {
            for (const n of ns) {
                for (let rep = 0; rep < reps; rep++) {
                    resetRegistrations();
                    const client = new R4Client({ baseUrl, apiKey, privateKeyPem });
                    const { ms } = await timed(async () => {
                        const vault = await client.createVault({ name: `Api bench ${n}.${rep}` });
                        for (let i = 1; i < n; i++) await client.createItem({ vaultId: vault.id, name: `Service ${i}`, type: "LOGIN", fields: fields(i) });
                    });
                    (samples[`n${n}.api`] ??= []).push(ms);
                    log(`N=${n} api: ${ms} ms`);
                    for (const kind of ["floor", "ours"] as const) {
                        const stack = await benchStack(kind, n, emulator);
                        try {
                            const up = await timed(() => runOp(stack, "up"));
                            (samples[`n${n}.up.${kind}`] ??= []).push(up.ms);
                            log(`N=${n} up ${kind}: ${up.ms} ms`);
                        } finally {
                            await stack.cleanup();
                        }
                    }
                }
                const api = median(samples[`n${n}.api`]);
                const ours = median(samples[`n${n}.up.ours`]);
                const floor = median(samples[`n${n}.up.floor`]);
                rows.push({
                    n, apiMs: api, apiPerObjectMs: Math.round((api / n) * 100) / 100, upOursMs: ours, upFloorMs: floor,
                    upOverApi: ratio(ours, api), overheadMs: Math.round(ours - api), providerMs: Math.round(ours - api - floor),
                    providerPerResourceMs: Math.round(((ours - api - floor) / n) * 100) / 100,
                });
            }
        } finally {
            await closeAllPools();
            await emulator.stop();
        }
        printTable("SDK alone vs pulumi up (median ms)", rows);
        printSamples("ms", samples);
    });
});
