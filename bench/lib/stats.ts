/**
 * How far a ratio of medians can be trusted. On this shared machine one run's ours / floor moves
 * by ±0.07 between runs of the same code, so a single figure near a target says little; the reps
 * resampled give an interval around it. Each rep's ours and floor ran back to back, on the machine
 * as it was at that moment, so they are resampled together, as a pair; and runs of the same code
 * are resampled as runs, since a whole run can sit high or low.
 */
import { Prng } from "../../emulator/faults/prng";
import { median, round } from "./report";

export interface RatioInterval {
    /** median(ours) / median(floor) over the reps given. */
    ratio: number;
    /** The interval's ends: percentiles (1 − confidence) / 2 and (1 + confidence) / 2 of the resampled ratios. */
    low: number;
    high: number;
    confidence: number;
    resamples: number;
}

export interface IntervalOptions {
    confidence?: number;
    resamples?: number;
    /** Fixed by default, so the interval printed for a result file can be computed again from its samples. */
    seed?: number;
}

/** One run's reps: the i-th ours and the i-th floor ran back to back. */
export interface Reps {
    ours: readonly number[];
    floor: readonly number[];
}

/**
 * A percentile bootstrap of median(ours) / median(floor) over the reps of one or more runs of the
 * same code. Each of `resamples` rounds draws as many runs as were given, with replacement, and
 * from each drawn run as many reps as it has, with replacement, each rep bringing its ours and its
 * floor. Drawing runs first keeps what moves a whole run (the machine's neighbours that quarter of
 * an hour) in the interval, which pooling every rep as one run would narrow away.
 */
export function ratioOfMediansInterval(runs: readonly Reps[], opts: IntervalOptions = {}): RatioInterval {
    if (runs.length === 0) throw new Error("a ratio interval needs at least one run");
    for (const { ours, floor } of runs) {
        if (ours.length !== floor.length || ours.length === 0) {
            throw new Error(`a ratio interval needs one ours and one floor per rep, got ${ours.length} and ${floor.length}`);
        }
    }
    const confidence = opts.confidence ?? 0.95;
    const resamples = opts.resamples ?? 10_000;
    const random = new Prng(opts.seed ?? 1);
    const draw = (count: number) => Math.floor(random.next() * count);
    const ratios = new Array<number>(resamples);
    for (let r = 0; r < resamples; r++) {
        const drawnOurs: number[] = [];
        const drawnFloor: number[] = [];
        for (let k = 0; k < runs.length; k++) {
            const { ours, floor } = runs[draw(runs.length)];
            for (let i = 0; i < ours.length; i++) {
                const rep = draw(ours.length);
                drawnOurs.push(ours[rep]);
                drawnFloor.push(floor[rep]);
            }
        }
        ratios[r] = median(drawnOurs) / median(drawnFloor);
    }
    ratios.sort((a, b) => a - b);
    const at = (q: number) => ratios[Math.min(resamples - 1, Math.max(0, Math.floor(q * resamples)))];
    return {
        ratio: round(median(runs.flatMap((run) => run.ours)) / median(runs.flatMap((run) => run.floor)), 3),
        low: round(at((1 - confidence) / 2), 3),
        high: round(at((1 + confidence) / 2), 3),
        confidence,
        resamples,
    };
}
