/**
 * What every benchmark shares: the machine it ran on, environment knobs, timing helpers, a plain
 * text table, and the JSON result file. Benchmarks assert nothing about time: they measure, print
 * medians, ratios against a baseline taken in the same run, and the raw samples.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");

/** Where result files go: bench/results by default, BENCH_RESULTS_DIR to redirect (the smoke tests do). */
export function resultsDir(): string {
    return process.env.BENCH_RESULTS_DIR ?? path.join(REPO_ROOT, "bench", "results");
}

function sh(cmd: string, args: string[]): string {
    try {
        return execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    } catch {
        return "";
    }
}

export interface Machine {
    nproc: number;
    cpuModel: string;
    memTotalGiB: number;
    freeH: string;
    loadAvg: number[];
    node: string;
    pulumi: string;
    kernel: string;
}

/** The machine, as `nproc`, `free -h` and /proc/cpuinfo describe it, with the load average now. */
export function machine(): Machine {
    const cpuinfo = fs.existsSync("/proc/cpuinfo") ? fs.readFileSync("/proc/cpuinfo", "utf8") : "";
    return {
        nproc: Number(sh("nproc", [])) || os.availableParallelism(),
        cpuModel: /model name\s*:\s*(.*)/.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? "unknown",
        memTotalGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
        freeH: sh("free", ["-h"]),
        loadAvg: os.loadavg().map((x) => Math.round(x * 100) / 100),
        node: process.version,
        pulumi: sh("pulumi", ["version"]),
        kernel: `${os.type()} ${os.release()}`,
    };
}

/** An integer from the environment, or the default. */
export function envInt(name: string, fallback: number): number {
    const raw = process.env[name];
    if (raw === undefined || raw.trim() === "") return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number, got ${JSON.stringify(raw)}`);
    return Math.floor(value);
}

/** A comma-separated list of integers from the environment (`BENCH_N=10,100,500`), or the default. */
export function envInts(name: string, fallback: number[]): number[] {
    const raw = process.env[name];
    if (raw === undefined || raw.trim() === "") return fallback;
    const values = raw.split(",").map((s) => Number(s.trim()));
    if (values.some((v) => !Number.isInteger(v) || v < 1)) throw new Error(`${name} must be positive integers separated by commas, got ${JSON.stringify(raw)}`);
    return values;
}

export function median(samples: number[]): number {
    if (samples.length === 0) return NaN;
    const sorted = [...samples].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function percentile(samples: number[], p: number): number {
    if (samples.length === 0) return NaN;
    const sorted = [...samples].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function round(value: number, digits = 2): number {
    if (!Number.isFinite(value)) return value;
    const f = 10 ** digits;
    return Math.round(value * f) / f;
}

export function ratio(ours: number, baseline: number): number {
    return baseline > 0 ? round(ours / baseline, 3) : NaN;
}

/** Milliseconds taken by `fn`, and its result. */
export async function timed<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
    const start = performance.now();
    const value = await fn();
    return { ms: round(performance.now() - start, 1), value };
}

export function log(message: string): void {
    process.stderr.write(`[bench] ${message}\n`);
}

/** Prints rows as an aligned text table on stdout. */
export function printTable(title: string, rows: Array<Record<string, unknown>>): void {
    if (rows.length === 0) return;
    const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
    const cell = (v: unknown) => (v === undefined ? "" : typeof v === "number" ? String(round(v, 3)) : String(v));
    const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
    const line = (values: string[]) => values.map((v, i) => v.padEnd(widths[i])).join("  ");
    process.stdout.write(`\n${title}\n${line(columns)}\n${line(widths.map((w) => "-".repeat(w)))}\n`);
    for (const r of rows) process.stdout.write(line(columns.map((c) => cell(r[c]))) + "\n");
}

export function printSamples(label: string, samples: Record<string, number[]>): void {
    process.stdout.write(`\nraw samples (${label}):\n`);
    for (const [key, values] of Object.entries(samples)) process.stdout.write(`  ${key}: [${values.map((v) => round(v, 2)).join(", ")}]\n`);
}

export interface BenchResult {
    benchmark: string;
    /** Schema of this file, bumped on incompatible changes. */
    format: 1;
    startedAt: string;
    finishedAt: string;
    durationMs: number;
    command: string;
    machine: Machine;
    /** Load average when the run ended (the machine is shared). */
    loadAvgAtEnd: number[];
    params: Record<string, unknown>;
    /** The figures: medians and ratios, one row per case. */
    rows: Array<Record<string, unknown>>;
    /** Every raw sample, by case. */
    samples: Record<string, number[]>;
    notes: string[];
}

/** Runs a benchmark body and writes `<name>-<timestamp>.json` and `<name>-latest.json`. */
export async function runBenchmark(
    name: string,
    params: Record<string, unknown>,
    body: (out: { rows: BenchResult["rows"]; samples: BenchResult["samples"]; notes: string[] }) => Promise<void>,
): Promise<string> {
    const started = new Date();
    const m = machine();
    log(`${name}: ${m.nproc} cores (${m.cpuModel}), ${m.memTotalGiB} GiB, load ${m.loadAvg.join(" ")}; params ${JSON.stringify(params)}`);
    const out = { rows: [] as BenchResult["rows"], samples: {} as BenchResult["samples"], notes: [] as string[] };
    await body(out);
    const finished = new Date();
    const result: BenchResult = {
        benchmark: name,
        format: 1,
        startedAt: started.toISOString(),
        finishedAt: finished.toISOString(),
        durationMs: finished.getTime() - started.getTime(),
        command: `npm run bench:${name}` + (Object.keys(process.env).filter((k) => k.startsWith("BENCH_") && k !== "BENCH_RESULTS_DIR").map((k) => ` (${k}=${process.env[k]})`).join("")),
        machine: m,
        loadAvgAtEnd: os.loadavg().map((x) => round(x)),
        params,
        rows: out.rows,
        samples: out.samples,
        notes: out.notes,
    };
    const dir = resultsDir();
    fs.mkdirSync(dir, { recursive: true });
    const stamp = started.toISOString().replace(/[:.]/g, "-");
    const file = path.join(dir, `${name}-${stamp}.json`);
    fs.writeFileSync(file, JSON.stringify(result, null, 2) + "\n");
    fs.writeFileSync(path.join(dir, `${name}-latest.json`), JSON.stringify(result, null, 2) + "\n");
    for (const note of out.notes) process.stdout.write(`note: ${note}\n`);
    process.stdout.write(`\nmachine: ${m.nproc} cores, ${m.cpuModel}, ${m.memTotalGiB} GiB RAM, load ${m.loadAvg.join(" ")} -> ${result.loadAvgAtEnd.join(" ")}\nresult: ${file}\n`);
    return file;
}

/** Entry point helper: runs `main`, exits non-zero on failure, and closes whatever keeps the loop alive. */
export function main(fn: () => Promise<unknown>): void {
    fn().then(
        () => process.exit(0),
        (err) => {
            process.stderr.write(`[bench] failed: ${err?.stack ?? err}\n`);
            process.exit(1);
        },
    );
}
