/**
 * Builds: how far a change to the provider moves an engine operation, measured between builds
 * rather than against the floor. bench:engine's ours / floor moves by several hundredths from run
 * to run of the same code on this shared machine, more than most single changes move it. Here
 * each build has its own stack of the same shape (1 vault + N−1 items) on one emulator; the
 * stacks run the operation in turn, in an order rotated every round, and each build's sample is
 * paired with the first build's of the same round, so what the machine's neighbours do at that
 * moment moves both sides of the pair.
 *
 *   BENCH_REVS=HEAD~1,. npm run bench:builds   # git revisions; "." is this checkout as it is
 *   BENCH_N=500 BENCH_ROUNDS=48                # the size of the recorded runs
 *   BENCH_OP=preview                           # refresh (the default) or preview
 *
 * A revision's build runs its own provider and SDK; the emulator, the engine and the other
 * packages are this checkout's. One unmeasured round comes first: the first refresh after an `up`
 * also confirms each create's journal note, which the later rounds do not repeat.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { build, type Build, roundOrder } from "./lib/builds";
import { spawnEmulator } from "./lib/emulator";
import { reapedChildrenCpuMs } from "./lib/proc";
import { envInt, log, main, median, printSamples, printTable, ratio, runBenchmark, timed } from "./lib/report";
import { benchStack, pinBuild, runOp } from "./lib/stacks";
import { ratioOfMediansInterval } from "./lib/stats";
import type { TestStack } from "../tests/harness/pulumi";

const OPS = ["refresh", "preview"] as const;

function revsFromEnv(): string[] {
    const revs = (process.env.BENCH_REVS ?? "HEAD~1,.").split(",").map((s) => s.trim()).filter(Boolean);
    if (revs.length < 2) throw new Error(`BENCH_REVS: two or more git revisions separated by commas ("." for this checkout), got ${JSON.stringify(process.env.BENCH_REVS)}`);
    return revs;
}

function opFromEnv(): (typeof OPS)[number] {
    const op = process.env.BENCH_OP ?? "refresh";
    if (!(OPS as readonly string[]).includes(op)) throw new Error(`BENCH_OP: one of ${OPS.join(", ")}, got ${JSON.stringify(op)}`);
    return op as (typeof OPS)[number];
}

main(async () => {
    const revs = revsFromEnv();
    const op = opFromEnv();
    const n = Math.max(2, envInt("BENCH_N", 100));
    const rounds = Math.max(2, envInt("BENCH_ROUNDS", 12));
    await runBenchmark("builds", { revs, op, n, rounds, rsaBits: Number(process.env.BENCH_RSA_BITS ?? 3072) }, async ({ rows, samples, notes }) => {
        notes.push(`each build: 1 r4.Vault + ${n - 1} r4.VaultItem, its own stack, on one emulator; ${op} of every stack per round, order rotated each round; one unmeasured round first`);
        notes.push("ratio: median(build) / median(first build); ratioInterval: its 95 % interval, the rounds resampled with both builds' samples together (bench/lib/stats.ts); cpuMs: the pulumi command with everything it started and waited for");
        notes.push("a revision's build runs its own provider and SDK; the emulator, the engine and node_modules are this checkout's");
        const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "r4-bench-builds-"));
        const emulator = await spawnEmulator();
        const stacks: TestStack[] = [];
        try {
            const builds: Build[] = revs.map((rev) => {
                log(`building ${rev}`);
                return build(rev, workDir);
            });
            const label = (b: Build) => (b.rev === "." ? `. (${b.commit} + working tree)` : `${b.rev} (${b.commit})`);
            for (const b of builds) {
                const stack = await benchStack("ours", n, emulator);
                pinBuild(stack, b.root);
                await runOp(stack, "up");
                stacks.push(stack);
            }
            for (let round = -1; round < rounds; round++) {
                for (const i of roundOrder(builds.length, Math.max(round, 0))) {
                    const cpuBefore = reapedChildrenCpuMs();
                    const { ms } = await timed(() => runOp(stacks[i], op));
                    if (round < 0) continue;
                    (samples[`build${i}.${op}.ms`] ??= []).push(ms);
                    (samples[`build${i}.${op}.cpuMs`] ??= []).push(Math.round(reapedChildrenCpuMs() - cpuBefore));
                }
                if (round >= 0) log(`round ${round + 1}/${rounds}: ${builds.map((_, i) => samples[`build${i}.${op}.ms`].at(-1)).join(" / ")} ms`);
            }
            const first = { ms: samples[`build0.${op}.ms`], cpuMs: samples[`build0.${op}.cpuMs`] };
            builds.forEach((b, i) => {
                const ms = samples[`build${i}.${op}.ms`];
                const cpuMs = samples[`build${i}.${op}.cpuMs`];
                const interval = ratioOfMediansInterval([{ ours: ms, floor: first.ms }]);
                const cpuInterval = ratioOfMediansInterval([{ ours: cpuMs, floor: first.cpuMs }]);
                rows.push({
                    build: label(b), n, op, medianMs: median(ms), ratio: ratio(median(ms), median(first.ms)), ratioInterval: [interval.low, interval.high],
                    cpuMs: median(cpuMs), cpuRatio: ratio(median(cpuMs), median(first.cpuMs)), cpuRatioInterval: [cpuInterval.low, cpuInterval.high],
                });
            });
        } finally {
            for (const stack of stacks) await stack.cleanup();
            await emulator.stop();
            fs.rmSync(workDir, { recursive: true, force: true });
        }
        printTable(`${op} by build, against the first (median of ${rounds} rounds; 95 % intervals)`, rows.map((r) => ({
            ...r, ratioInterval: (r.ratioInterval as number[]).join(" – "), cpuRatioInterval: (r.cpuRatioInterval as number[]).join(" – "),
        })));
        printSamples("ms", samples);
    });
});
