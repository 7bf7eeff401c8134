/**
 * Pools engine result files (bench/engine.ts) taken of the same code: per N and operation, the
 * reps of every file together. A run of seven reps moves by about ±0.07 in ours / floor on this
 * machine; pooled runs give a steadier ratio, and an interval that also counts how far whole runs
 * of the same code sit apart.
 */
import type { BenchResult } from "./report";
import { median, round } from "./report";
import { ratioOfMediansInterval, type Reps } from "./stats";

// A type, not an interface: rows go to printTable, which takes plain records.
export type PooledRow = {
    n: number;
    op: string;
    files: number;
    reps: number;
    floorMs: number;
    oursMs: number;
    /** median(ours) / median(floor) over every pooled rep, with its 95 % interval (runs and reps resampled). */
    ratio: number;
    low: number;
    high: number;
    /** The median of the reps' own ours / floor. */
    medianPair: number;
    target?: number;
    /** Share of reps whose own ratio is at or under the target. */
    pairsAtOrUnderTarget?: number;
};

/** A case's ours samples (its floor's key ends in "floor"; CPU and emulator samples end otherwise). */
const OURS_KEY = /^n(\d+)\.([a-z-]+)\.ours$/;

/** `targets` by operation name (at every N given in `targetN`). */
export function poolEngineResults(results: ReadonlyArray<{ file: string; result: BenchResult }>, targets: Record<string, number> = {}, targetN?: number): PooledRow[] {
    const cases = new Map<string, { n: number; op: string; runs: Reps[] }>();
    for (const { file, result } of results) {
        if (result.benchmark !== "engine") throw new Error(`${file}: a result of bench:${result.benchmark}; only bench:engine results can be pooled`);
        for (const [key, values] of Object.entries(result.samples)) {
            const match = OURS_KEY.exec(key);
            if (!match) continue;
            const floor = result.samples[`n${match[1]}.${match[2]}.floor`];
            if (!floor || floor.length !== values.length) throw new Error(`${file}: ${key} has ${values.length} samples and its floor ${floor?.length ?? 0}; reps must come in pairs`);
            const id = `${match[1]} ${match[2]}`;
            let pooled = cases.get(id);
            if (!pooled) cases.set(id, (pooled = { n: Number(match[1]), op: match[2], runs: [] }));
            pooled.runs.push({ ours: values, floor });
        }
    }
    return [...cases.values()].map(({ n, op, runs }) => {
        const interval = ratioOfMediansInterval(runs);
        const ours = runs.flatMap((run) => run.ours);
        const floor = runs.flatMap((run) => run.floor);
        const pairs = ours.map((o, i) => o / floor[i]);
        const target = targetN === undefined || targetN === n ? targets[op] : undefined;
        return {
            n, op, files: runs.length, reps: ours.length, floorMs: round(median(floor), 1), oursMs: round(median(ours), 1),
            ratio: interval.ratio, low: interval.low, high: interval.high, medianPair: round(median(pairs), 3),
            ...(target === undefined ? {} : { target, pairsAtOrUnderTarget: round(pairs.filter((p) => p <= target).length / pairs.length, 2) }),
        };
    });
}
