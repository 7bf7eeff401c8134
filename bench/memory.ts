/**
 * Memory: peak RSS of the dynamic provider process during `pulumi up` of N R4 resources (1 vault
 * + N−1 items), against the same for N trivial dynamic resources (the engine floor), in the same
 * run. The provider is the `node .../@pulumi/pulumi/cmd/dynamic-provider` process the engine
 * starts (through the pulumi-resource-pulumi-nodejs shim); it is found among the descendants of
 * the `pulumi up` we spawned, and its VmHWM (the kernel's high-water mark of RSS) and VmRSS are
 * sampled from /proc every BENCH_SAMPLE_MS. The program (language host) is reported too.
 *
 *   npm run bench:memory
 *   BENCH_N=500
 */
import * as fs from "node:fs";
import { processTree } from "../tests/harness/processes";
import { spawnEmulator } from "./lib/emulator";
import { rssOf } from "./lib/proc";
import { envInt, envInts, log, main, printTable, ratio, round, runBenchmark } from "./lib/report";
import { benchStack, type Kind } from "./lib/stacks";

function role(pid: number): string | undefined {
    try {
        const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
        if (cmd.includes("cmd/dynamic-provider")) return "provider";
        if (cmd.includes("cmd/run")) return "program";
        return undefined;
    } catch {
        return undefined;
    }
}

interface Peak { role: string; peakMiB: number; lastRssMiB: number; samples: number }

/** Runs `pulumi up` and samples the memory of its provider and program processes until it exits. */
async function sampledUp(stack: Awaited<ReturnType<typeof benchStack>>, everyMs: number): Promise<{ ms: number; peaks: Map<number, Peak>; rssSeries: number[] }> {
    const start = Date.now();
    const child = stack.spawnPulumi(["up", "--yes", "--skip-preview"]);
    let output = "";
    child.stdout!.on("data", (d) => (output += d));
    child.stderr!.on("data", (d) => (output += d));
    const peaks = new Map<number, Peak>();
    const rssSeries: number[] = [];
    const sample = () => {
        for (const pid of processTree(child.pid!)) {
            const r = peaks.get(pid)?.role ?? role(pid);
            if (!r) continue;
            const m = rssOf(pid);
            if (!m) continue;
            const p = peaks.get(pid) ?? { role: r, peakMiB: 0, lastRssMiB: 0, samples: 0 };
            p.peakMiB = Math.max(p.peakMiB, m.peakMiB);
            p.lastRssMiB = m.rssMiB;
            p.samples++;
            peaks.set(pid, p);
            if (r === "provider") rssSeries.push(round(m.rssMiB, 1));
        }
    };
    const timer = setInterval(sample, everyMs);
    const code = await new Promise<number>((resolve) => child.on("close", (c) => resolve(c ?? -1)));
    clearInterval(timer);
    if (code !== 0) throw new Error(`pulumi up exited with ${code}: ${output.slice(-3000)}`);
    return { ms: Date.now() - start, peaks, rssSeries };
}

main(async () => {
    const ns = envInts("BENCH_N", [100]);
    const everyMs = Math.max(10, envInt("BENCH_SAMPLE_MS", 100));
    await runBenchmark("memory", { ns, sampleMs: everyMs }, async ({ rows, samples, notes }) => {
        notes.push("peak = the highest VmHWM read from /proc/PID/status of the dynamic-provider process while `pulumi up` ran (the kernel's own high-water mark, so sparse sampling does not miss the peak)");
        const emulator = await spawnEmulator();
        try {
            for (const n of ns) {
                const result: Record<string, { provider: number; program: number }> = {};
                for (const kind of ["floor", "ours"] as Kind[]) {
                    const stack = await benchStack(kind, n, emulator);
                    try {
                        const run = await sampledUp(stack, everyMs);
                        const of = (r: string) => [...run.peaks.values()].filter((p) => p.role === r);
                        const providers = of("provider");
                        if (providers.length === 0) throw new Error(`no dynamic-provider process was seen during the ${kind} up`);
                        const provider = Math.max(...providers.map((p) => p.peakMiB));
                        const program = Math.max(0, ...of("program").map((p) => p.peakMiB));
                        result[kind] = { provider, program };
                        samples[`n${n}.${kind}.providerRssMiB`] = run.rssSeries;
                        log(`N=${n} ${kind}: provider peak ${round(provider, 1)} MiB (${providers.length} process(es)), program peak ${round(program, 1)} MiB, up ${run.ms} ms`);
                    } finally {
                        await stack.cleanup();
                    }
                }
                rows.push({
                    n, providerPeakMiB_ours: round(result.ours.provider, 1), providerPeakMiB_floor: round(result.floor.provider, 1), providerRatio: ratio(result.ours.provider, result.floor.provider),
                    programPeakMiB_ours: round(result.ours.program, 1), programPeakMiB_floor: round(result.floor.program, 1),
                });
            }
        } finally {
            await emulator.stop();
        }
        printTable("peak RSS during pulumi up (MiB)", rows);
    });
});
