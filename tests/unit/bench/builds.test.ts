/**
 * bench:builds' parts that need no engine: the order in which it runs its builds each round (over
 * whole cycles, every build takes every position equally often, and runs right after each other
 * build as often as before it), and the stack's node_modules that makes a stack load one build.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import { roundOrder } from "../../../bench/lib/builds";
import { pinBuild } from "../../../bench/lib/stacks";
import type { TestStack } from "../../harness/pulumi";

const ROOT = path.resolve(__dirname, "..", "..", "..");

describe("bench:builds round order", () => {
    for (const count of [2, 3, 4]) {
        it(`balances positions and neighbours over two cycles of ${count} builds`, () => {
            const rounds = Array.from({ length: 2 * count }, (_, r) => roundOrder(count, r));
            for (const order of rounds) assert.deepEqual([...order].sort((a, b) => a - b), Array.from({ length: count }, (_, i) => i), "each build once per round");
            for (let position = 0; position < count; position++) {
                for (let b = 0; b < count; b++) {
                    assert.equal(rounds.filter((order) => order[position] === b).length, 2, `build ${b} at position ${position}`);
                }
            }
            const adjacent = (a: number, b: number) => rounds.filter((order) => order.some((x, i) => x === a && order[i + 1] === b)).length;
            for (let a = 0; a < count; a++) for (let b = 0; b < count; b++) if (a !== b) assert.equal(adjacent(a, b), adjacent(b, a), `${a} before ${b}`);
        });
    }
});

describe("bench:builds pinning a stack to a build", () => {
    it("resolves pulumi-r4 from the stack to the build, and every other package to the checkout's", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "r4-pin-build-"));
        try {
            const workDir = path.join(dir, "program");
            const buildRoot = path.join(dir, "build");
            fs.mkdirSync(workDir);
            fs.mkdirSync(buildRoot);
            fs.writeFileSync(path.join(buildRoot, "package.json"), JSON.stringify({ name: "pulumi-r4", main: "index.js" }));
            fs.writeFileSync(path.join(buildRoot, "index.js"), "");
            // As the test harness makes a stack: node_modules links the checkout's.
            fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(workDir, "node_modules"), "dir");

            pinBuild({ workDir } as TestStack, buildRoot);

            // Resolved as the stack's program and its providers resolve it: from the program's directory.
            const from = (name: string) => fs.realpathSync(createRequire(path.join(workDir, "index.js")).resolve(name));
            assert.equal(from("pulumi-r4"), fs.realpathSync(path.join(buildRoot, "index.js")));
            assert.ok(from("zod").startsWith(fs.realpathSync(path.join(ROOT, "node_modules"))), from("zod"));
            assert.ok(fs.existsSync(path.join(ROOT, "node_modules", "zod")), "the checkout's node_modules is left as it was");
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
