/**
 * Engine floor: `pulumi up`, `preview`, `refresh`, an in-place update of every item, and
 * `destroy`, for N R4 resources (1 vault + N−1 items with 3 fields, against the emulator on
 * loopback) versus the same engine running N trivial dynamic resources that call nothing.
 * Reports `ours / floor` per operation and N.
 *
 *   npm run bench:engine                     # N = 10, 100, one sample each
 *   BENCH_N=10,100,500 npm run bench:engine  # the issue's matrix
 *   BENCH_REPS=3                             # samples per case (stacks destroyed and recreated)
 *   BENCH_OPS=up,preview,refresh             # a subset of up, preview, refresh, refresh-again, update, destroy
 *
 * `refresh` is the first refresh after the stack's `up`: each item's answer is matched against
 * the read receipt its create kept. `refresh-again` is a second refresh right after it, with
 * nothing changed: the same work against a server that has served the reads once already.
 *
 * Beside each time, the CPU the command used (the engine, the language host and the provider
 * together, from the kernel's accounting of finished children), so `cpuRatio` says how much of a
 * time ratio is work rather than waiting. It is no steadier than the time: on a shared machine the
 * same command's CPU moves with its neighbours' load about as much as its time does.
 */
import { countsSince, spawnEmulator } from "./lib/emulator";
import { cpuMsOf, reapedChildrenCpuMs } from "./lib/proc";
import { envInt, envInts, log, main, median, printSamples, printTable, ratio, runBenchmark, timed } from "./lib/report";
import { benchStack, changeSecrets, type Kind, type Op, runOp } from "./lib/stacks";
import { ratioOfMediansInterval } from "./lib/stats";

type EngineOp = Op | "refresh-again";
const ALL_OPS: EngineOp[] = ["up", "preview", "refresh", "refresh-again", "update", "destroy"];

/** ours / floor rep by rep: each pair ran back to back, on the machine as it was at that moment. */
function pairRatios(ours: number[], floor: number[]): number[] {
    return ours.map((value, i) => ratio(value, floor[i]));
}

function opsFromEnv(): EngineOp[] {
    const raw = process.env.BENCH_OPS;
    if (!raw) return ALL_OPS;
    const wanted = raw.split(",").map((s) => s.trim());
    const unknown = wanted.filter((o) => !ALL_OPS.includes(o as EngineOp));
    if (unknown.length || !wanted.includes("up") || (wanted.includes("refresh-again") && !wanted.includes("refresh"))) {
        throw new Error(`BENCH_OPS: a subset of ${ALL_OPS.join(",")} that includes up (and refresh, with refresh-again); got ${raw}`);
    }
    return ALL_OPS.filter((o) => wanted.includes(o));
}

main(async () => {
    const ns = envInts("BENCH_N", [10, 100]);
    const reps = Math.max(1, envInt("BENCH_REPS", 1));
    const OPS = opsFromEnv();
    await runBenchmark("engine", { ns, reps, ops: OPS, rsaBits: Number(process.env.BENCH_RSA_BITS ?? 3072) }, async ({ rows, samples, notes }) => {
        notes.push("floor: the same engine and program shape with a dynamic provider that calls nothing; ours: r4.Vault + r4.VaultItem against the emulator (own process, loopback)");
        notes.push("emulatorCpuMs: CPU time the emulator process used during the operation (it shares the machine's cores); ratioLessEmulatorCpu = (ours − emulatorCpuMs) / floor estimates the ratio against a remote server");
        notes.push("floorCpuMs, oursCpuMs: CPU time (user + system) of the pulumi command and every process it started and waited for (engine, language host, provider), median of the samples; cpuRatio = oursCpuMs / floorCpuMs. The emulator's CPU is not in oursCpuMs (it is emulatorCpuMs)");
        notes.push("pairRatios, cpuPairRatios: ours / floor for each rep, time and CPU; ratio and cpuRatio are ratios of the medians");
        notes.push("ratioInterval: 95 % interval of ratio, from the reps resampled in pairs (bench/lib/stats.ts); npm run -s bench:pool -- FILE... pools runs of the same code");
        notes.push("update: every item's Password changes (N−1 in-place updates); preview: no changes; refresh: the first after up (each item matched against its create's read receipt); refresh-again: a second refresh, nothing changed");
        for (const n of ns) {
            const emulator = await spawnEmulator();
            const stacks = { floor: await benchStack("floor", n), ours: await benchStack("ours", n, emulator) };
            const requests: Record<string, Record<string, number>> = {};
            try {
                for (let rep = 0; rep < reps; rep++) {
                    // Alternate which kind goes first, so neither always runs on a warmer machine.
                    const order: Kind[] = rep % 2 === 0 ? ["floor", "ours"] : ["ours", "floor"];
                    for (const op of OPS) {
                        for (const kind of order) {
                            if (op === "update") await changeSecrets(stacks[kind], `-r${rep}`);
                            const before = kind === "ours" ? await emulator.requests() : {};
                            const cpuBefore = cpuMsOf(emulator.pid);
                            const commandCpuBefore = reapedChildrenCpuMs();
                            const { ms } = await timed(() => runOp(stacks[kind], op === "refresh-again" ? "refresh" : op));
                            (samples[`n${n}.${op}.${kind}`] ??= []).push(ms);
                            (samples[`n${n}.${op}.${kind}.cpuMs`] ??= []).push(Math.round(reapedChildrenCpuMs() - commandCpuBefore));
                            if (kind === "ours") (samples[`n${n}.${op}.emulatorCpuMs`] ??= []).push(Math.round(cpuMsOf(emulator.pid) - cpuBefore));
                            if (kind === "ours") requests[op] = countsSince(before, await emulator.requests());
                            log(`N=${n} rep ${rep + 1}/${reps} ${op} ${kind}: ${ms} ms`);
                        }
                    }
                    // The next sample's up starts from an empty stack.
                    if (!OPS.includes("destroy") && rep + 1 < reps) for (const kind of order) await runOp(stacks[kind], "destroy");
                }
            } finally {
                await stacks.floor.cleanup();
                await stacks.ours.cleanup();
                await emulator.stop();
            }
            for (const op of OPS) {
                const floor = median(samples[`n${n}.${op}.floor`]);
                const ours = median(samples[`n${n}.${op}.ours`]);
                const total = Object.values(requests[op] ?? {}).reduce((a, b) => a + b, 0);
                // The emulator runs on the same cores; its CPU time is what a remote R4 would not cost here.
                const emulatorCpuMs = median(samples[`n${n}.${op}.emulatorCpuMs`]);
                const floorCpuMs = median(samples[`n${n}.${op}.floor.cpuMs`]);
                const oursCpuMs = median(samples[`n${n}.${op}.ours.cpuMs`]);
                const interval = ratioOfMediansInterval([{ ours: samples[`n${n}.${op}.ours`], floor: samples[`n${n}.${op}.floor`] }]);
                rows.push({
                    n, op, floorMs: floor, oursMs: ours, ratio: ratio(ours, floor), ratioInterval: [interval.low, interval.high], oursMinusFloorMs: Math.round(ours - floor), perResourceExtraMs: Math.round(((ours - floor) / n) * 100) / 100,
                    floorCpuMs, oursCpuMs, cpuRatio: ratio(oursCpuMs, floorCpuMs),
                    pairRatios: pairRatios(samples[`n${n}.${op}.ours`], samples[`n${n}.${op}.floor`]),
                    cpuPairRatios: pairRatios(samples[`n${n}.${op}.ours.cpuMs`], samples[`n${n}.${op}.floor.cpuMs`]),
                    requests: total, emulatorCpuMs, ratioLessEmulatorCpu: ratio(ours - emulatorCpuMs, floor), requestsByRoute: JSON.stringify(requests[op] ?? {}),
                });
            }
        }
        printTable("ours / floor (median ms)", rows.map(({ requestsByRoute, pairRatios, cpuPairRatios, ratioInterval, ...r }) => r));
        printTable("ours / floor, rep by rep (time; CPU), and the ratio's 95 % interval", rows.map((r) => ({
            n: r.n, op: r.op, pairs: (r.pairRatios as number[]).join(" "), cpuPairs: (r.cpuPairRatios as number[]).join(" "), interval: (r.ratioInterval as number[]).join(" – "),
        })));
        printSamples("ms", samples);
    });
});
