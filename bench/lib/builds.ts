/**
 * Builds of pulumi-r4 at given git revisions, for benchmarks that compare one build of the
 * provider with another: each revision's tracked files are exported (`git archive`, so the
 * checkout's working tree and index are left alone) and compiled under a temporary directory
 * whose node_modules links this checkout's. "." is the checkout itself, as it is (compiled by
 * `npm run bench:*` unless BENCH_SKIP_BUILD=1).
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "./report";

export interface Build {
    /** As asked for: a revision, or "." for the checkout. */
    rev: string;
    /** The commit it names (the checkout's HEAD for "."). */
    commit: string;
    /** Holds package.json and dist/, as the package's root. */
    root: string;
}

function git(args: string[]): string {
    return execFileSync("git", args, { cwd: REPO_ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
}

/** Exports and compiles `rev` under `workDir`; "." returns the checkout. */
export function build(rev: string, workDir: string): Build {
    if (rev === ".") return { rev, commit: git(["rev-parse", "--short", "HEAD"]), root: REPO_ROOT };
    let commit: string;
    try {
        commit = git(["rev-parse", "--short", "--verify", `${rev}^{commit}`]);
    } catch {
        throw new Error(`BENCH_REVS: "${rev}" is not a commit of this repository`);
    }
    const root = path.join(workDir, `build-${commit}`);
    // Asked for twice (two names of one commit): one build serves both.
    if (fs.existsSync(root)) return { rev, commit, root };
    fs.mkdirSync(root, { recursive: true });
    execFileSync("sh", ["-c", 'git archive --format=tar "$1" | tar -x -C "$2"', "sh", commit, root], { cwd: REPO_ROOT, stdio: ["ignore", "ignore", "pipe"] });
    fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(root, "node_modules"), "dir");
    execFileSync(process.execPath, [path.join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.json"], { cwd: root, stdio: ["ignore", "ignore", "pipe"] });
    return { rev, commit, root };
}

/**
 * Round `round`'s order of `count` builds: rotated by one each round and reversed every other
 * cycle, so over whole cycles each build runs as often right after each other build as before it.
 */
export function roundOrder(count: number, round: number): number[] {
    const rotated = Array.from({ length: count }, (_, i) => (i + round) % count);
    return Math.floor(round / count) % 2 === 0 ? rotated : rotated.reverse();
}
