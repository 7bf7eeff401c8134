import { strict as assert } from "node:assert";
import { poolEngineResults } from "../../../bench/lib/pool";
import type { BenchResult } from "../../../bench/lib/report";
import { ratioOfMediansInterval } from "../../../bench/lib/stats";
import { Prng } from "../../../emulator/faults/prng";

/** Reps whose floor moves with the machine and whose own ratio scatters around `center`. */
function noisyReps(count: number, center: number, seed: number): { ours: number[]; floor: number[] } {
    const random = new Prng(seed);
    const floor = Array.from({ length: count }, () => 1500 + random.next() * 1000);
    const ours = floor.map((f) => f * (center - 0.1 + random.next() * 0.2));
    return { ours, floor };
}

function engineResult(samples: Record<string, number[]>): BenchResult {
    return {
        benchmark: "engine", format: 1, startedAt: "", finishedAt: "", durationMs: 0, command: "", loadAvgAtEnd: [], params: {}, rows: [], notes: [], samples,
        machine: { nproc: 2, cpuModel: "", memTotalGiB: 1, freeH: "", loadAvg: [], node: "", pulumi: "", kernel: "" },
    };
}

describe("bench/lib/stats: the interval of ours / floor", () => {
    it("resamples each rep's ours with its own floor: reps all at 1.2 give 1.2 to 1.2, however far the floors move", () => {
        const floor = [1000, 5000, 1700, 3100, 2200, 4400, 1300];
        const interval = ratioOfMediansInterval([{ ours: floor.map((f) => f * 1.2), floor }]);
        assert.deepEqual([interval.ratio, interval.low, interval.high], [1.2, 1.2, 1.2]);
    });

    it("holds the ratio of the medians, and narrows as reps are added", () => {
        const few = noisyReps(7, 1.25, 3);
        const many = noisyReps(70, 1.25, 3);
        const a = ratioOfMediansInterval([few]);
        const b = ratioOfMediansInterval([many]);
        for (const i of [a, b]) assert.ok(i.low <= i.ratio && i.ratio <= i.high, JSON.stringify(i));
        assert.ok(b.high - b.low < a.high - a.low, `${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
        assert.ok(b.low > 1.1 && b.high < 1.4, JSON.stringify(b));
    });

    it("is the same for the same samples (fixed seed), so a result file's interval can be checked", () => {
        const { ours, floor } = noisyReps(9, 1.2, 5);
        assert.deepEqual(ratioOfMediansInterval([{ ours, floor }]), ratioOfMediansInterval([{ ours, floor }]));
        assert.equal(ratioOfMediansInterval([{ ours, floor }], { resamples: 500 }).resamples, 500);
    });

    it("keeps what moves a whole run: two runs apart give a wider interval than their reps taken as one run", () => {
        const low = noisyReps(7, 1.1, 7);
        const high = noisyReps(7, 1.4, 8);
        const asRuns = ratioOfMediansInterval([low, high]);
        const asOne = ratioOfMediansInterval([{ ours: [...low.ours, ...high.ours], floor: [...low.floor, ...high.floor] }]);
        assert.equal(asRuns.ratio, asOne.ratio);
        assert.ok(asRuns.high - asRuns.low > asOne.high - asOne.low, `${JSON.stringify(asRuns)} vs ${JSON.stringify(asOne)}`);
    });

    it("refuses reps that do not come in pairs, and no runs at all", () => {
        assert.throws(() => ratioOfMediansInterval([{ ours: [1, 2], floor: [1] }]), /one ours and one floor per rep, got 2 and 1/);
        assert.throws(() => ratioOfMediansInterval([{ ours: [], floor: [] }]), /got 0 and 0/);
        assert.throws(() => ratioOfMediansInterval([]), /at least one run/);
    });
});

describe("bench/lib/pool: runs of the same code pooled", () => {
    const first = engineResult({
        "n500.refresh.floor": [1000, 1100, 1200], "n500.refresh.ours": [1200, 1500, 1300],
        "n500.refresh.ours.cpuMs": [9, 9, 9], "n500.refresh.emulatorCpuMs": [1, 1, 1],
        "n10.refresh.floor": [100], "n10.refresh.ours": [200],
    });
    const second = engineResult({ "n500.refresh.floor": [1000, 2000], "n500.refresh.ours": [1250, 2400] });

    it("takes every rep of every file: medians, ratio, pair ratios and the share at or under the target", () => {
        const rows = poolEngineResults([{ file: "a.json", result: first }, { file: "b.json", result: second }], { refresh: 1.3 }, 500);
        const at500 = rows.find((r) => r.n === 500 && r.op === "refresh")!;
        assert.equal(at500.files, 2);
        assert.equal(at500.reps, 5);
        assert.equal(at500.floorMs, 1100);
        assert.equal(at500.oursMs, 1300);
        assert.equal(at500.ratio, 1.182);
        // Pairs 1.2, 1.364, 1.083, 1.25, 1.2: four of five at or under 1.3.
        assert.equal(at500.medianPair, 1.2);
        assert.equal(at500.pairsAtOrUnderTarget, 0.8);
        assert.ok(at500.low <= at500.ratio && at500.ratio <= at500.high);
        // The target is the at N = 500 only; CPU and emulator samples are not reps.
        const at10 = rows.find((r) => r.n === 10)!;
        assert.equal(at10.reps, 1);
        assert.equal(at10.target, undefined);
        assert.equal(rows.length, 2);
    });

    it("refuses other benchmarks' files and unpaired samples, naming the file", () => {
        assert.throws(() => poolEngineResults([{ file: "m.json", result: { ...first, benchmark: "memory" } }]), /m\.json: a result of bench:memory/);
        const broken = engineResult({ "n500.up.floor": [1, 2], "n500.up.ours": [1] });
        assert.throws(() => poolEngineResults([{ file: "x.json", result: broken }]), /x\.json: n500\.up\.ours has 1 samples and its floor 2/);
    });
});
