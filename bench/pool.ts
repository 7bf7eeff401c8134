/**
 * Pools bench:engine result files of the same code into one set of reps per N and operation:
 *
 *   npm run -s bench:pool -- bench/results/recorded/engine-n500-a.json bench/results/recorded/engine-n500-b.json
 *
 * Prints, per case, the pooled medians, ours / floor with its 95 % interval (runs resampled, then
 * each run's reps in pairs: bench/lib/stats.ts), the median of the reps' own ratios and, at
 * N = 500, the share of reps at or under the issue's target (up 1.5×, refresh 1.3×). Reads files
 * only; measures nothing.
 */
import * as fs from "node:fs";
import { poolEngineResults } from "./lib/pool";
import { main, printTable } from "./lib/report";

const TARGETS = { up: 1.5, refresh: 1.3, "refresh-again": 1.3 };
const TARGET_N = 500;

main(async () => {
    const files = process.argv.slice(2);
    if (files.length === 0) throw new Error("name the bench:engine result files to pool: npm run -s bench:pool -- FILE...");
    const results = files.map((file) => ({ file, result: JSON.parse(fs.readFileSync(file, "utf8")) }));
    printTable(`pooled: ${files.length} result files`, poolEngineResults(results, TARGETS, TARGET_N));
});
