/**
 * What Linux's /proc says about processes the benchmarks measure: CPU time and RSS of one process,
 * and the CPU time of this process's finished children (a `pulumi` command with everything it
 * started: the engine, the language host and the dynamic provider).
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import { statFields } from "../../tests/harness/processes";

const CLOCK_TICKS_PER_SECOND = (() => {
    try {
        return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
    } catch {
        return 100;
    }
})();

const ticksToMs = (...ticks: string[]): number => (ticks.reduce((sum, t) => sum + Number(t), 0) * 1000) / CLOCK_TICKS_PER_SECOND;

/** CPU time (user + system) a process has used so far, in ms; NaN if unknown. */
export function cpuMsOf(pid: number): number {
    try {
        const fields = statFields(pid);
        // utime is field 14, stime 15.
        return ticksToMs(fields[11], fields[12]);
    } catch {
        return NaN;
    }
}

/**
 * CPU time (user + system) of this process's children that have exited and been waited for, in
 * ms, each with its own reaped descendants (cutime and cstime, fields 16 and 17). The difference
 * across one awaited `pulumi` command is what that command cost on this machine, whatever else
 * shared the cores: the engine, the language host and the provider, which the engine waits for.
 */
export function reapedChildrenCpuMs(): number {
    const fields = statFields("self");
    return ticksToMs(fields[13], fields[14]);
}

/** VmRSS and VmHWM (peak) of a process, in MiB, or undefined once it is gone. */
export function rssOf(pid: number): { rssMiB: number; peakMiB: number } | undefined {
    try {
        const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
        const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN);
        const rss = kib("VmRSS");
        const peak = kib("VmHWM");
        // A zombie (exited, not yet reaped) has no Vm lines.
        if (Number.isNaN(rss) || Number.isNaN(peak)) return undefined;
        return { rssMiB: rss / 1024, peakMiB: peak / 1024 };
    } catch {
        return undefined;
    }
}
