/**
 * Process trees from /proc: a `pulumi` command with everything it started (the language host,
 * the program, the dynamic provider), for the tests that kill one and the benchmark that samples
 * its memory.
 */
import * as fs from "node:fs";

/** The fields of /proc/PID/stat after the command name (which may hold spaces), so that fields[k - 3] is field k of man 5 proc. */
export function statFields(pid: number | "self"): string[] {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
}

/** `root` and every descendant of it alive now, parents before their children. */
export function processTree(root: number): number[] {
    const children = new Map<number, number[]>();
    for (const entry of fs.readdirSync("/proc")) {
        if (!/^\d+$/.test(entry)) continue;
        try {
            // ppid is field 4.
            const ppid = Number(statFields(Number(entry))[1]);
            children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
        } catch {
            // exited between the listing and the read
        }
    }
    const out: number[] = [];
    const walk = (pid: number) => {
        out.push(pid);
        (children.get(pid) ?? []).forEach(walk);
    };
    walk(root);
    return out;
}
