/**
 * Process trees from /proc: a `pulumi` command with everything it started (the language host,
 * the program, the dynamic provider), for the tests that kill one and the benchmark that samples
 * its memory.
 */
import * as fs from "node:fs";

/** `root` and every descendant of it alive now, parents before their children. */
export function processTree(root: number): number[] {
    const children = new Map<number, number[]>();
    for (const entry of fs.readdirSync("/proc")) {
        if (!/^\d+$/.test(entry)) continue;
        try {
            const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
            // The parent pid is the second field after the command name, which may hold spaces.
            const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
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
