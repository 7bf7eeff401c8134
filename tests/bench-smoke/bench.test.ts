/**
 * CI slice of the benchmarks: each one runs at a tiny size, end to end (every path: emulator,
 * engine stacks, load generator, /proc sampling, forge baseline), and must write a well-formed
 * result file. Nothing here looks at how long anything took: benchmarks are not tests.
 */
import * as assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..");

function runBench(name: string, env: Record<string, string>, dir: string): Promise<{ code: number; output: string }> {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", path.join("bench", `${name}.ts`)], {
            cwd: ROOT,
            env: { ...process.env, ...env, BENCH_RESULTS_DIR: dir },
            stdio: ["ignore", "pipe", "pipe"],
        });
        let output = "";
        child.stdout.on("data", (d) => (output += d));
        child.stderr.on("data", (d) => (output += d));
        child.on("error", reject);
        child.on("close", (code) => resolve({ code: code ?? -1, output }));
    });
}

function assertWellFormed(result: any, name: string): void {
    assert.equal(result.benchmark, name);
    assert.equal(result.format, 1);
    for (const key of ["startedAt", "finishedAt", "command"]) assert.equal(typeof result[key], "string", key);
    assert.ok(result.machine.nproc >= 1 && typeof result.machine.cpuModel === "string" && result.machine.memTotalGiB > 0, "machine");
    assert.ok(typeof result.params === "object" && result.params !== null, "params");
    assert.ok(Array.isArray(result.rows) && result.rows.length > 0, "rows");
    assert.ok(Array.isArray(result.notes), "notes");
    for (const [key, values] of Object.entries(result.samples as Record<string, unknown>)) {
        assert.ok(Array.isArray(values) && values.length > 0 && values.every((v) => typeof v === "number" && Number.isFinite(v)), `samples ${key}`);
    }
}

const CASES: Array<{ name: string; env: Record<string, string>; check: (r: any) => void }> = [
    {
        name: "crypto",
        env: { BENCH_RSA_BITS: "2048", BENCH_ROUNDS: "1", BENCH_CRYPTO_MS: "5", BENCH_KEYGEN_REPS: "1", BENCH_FORGE_KEYGEN_BITS: "512" },
        check: (r) => {
            const ops = r.rows.map((row: any) => row.op);
            for (const op of ["sign", "verify", "envelope encrypt", "envelope decrypt", "wrap", "unwrap"]) assert.ok(ops.some((o: string) => o.startsWith(op)), op);
            assert.deepEqual(r.rows.filter((row: any) => row.op.startsWith("RSA keygen")).map((row: any) => row.bits), [2048, 3072]);
            for (const row of r.rows.filter((row: any) => !row.op.startsWith("RSA keygen"))) assert.ok(row.nodeOpsPerSec > 0 && row.forgeOpsPerSec > 0 && row.nodeOverForge > 0);
        },
    },
    {
        name: "requests",
        env: { BENCH_N: "2", BENCH_RSA_BITS: "2048" },
        check: (r) => {
            assert.ok(r.rows.some((row: any) => row.view === "sdk" && row.op === "create item" && row.requests >= 1));
            const provider = r.rows.filter((row: any) => String(row.view).startsWith("provider"));
            assert.deepEqual(provider.map((row: any) => row.op), ["create (up)", "preview (no changes)", "read (refresh)", "read (refresh again, nothing changed)", "update fields (up)", "rename vault (up)", "delete (destroy)"]);
            for (const row of provider) assert.equal(typeof row.perItem, "number");
        },
    },
    {
        // preview, refresh and destroy go through the same runOp in bench:requests above.
        name: "engine",
        env: { BENCH_N: "2", BENCH_RSA_BITS: "2048", BENCH_OPS: "up,update" },
        check: (r) => {
            assert.deepEqual(r.rows.map((row: any) => row.op), ["up", "update"]);
            for (const row of r.rows) assert.ok(row.floorMs > 0 && row.oursMs > 0 && row.ratio > 0 && row.n === 2);
            // The engine, language host and provider each use CPU: a zero would mean the children went unaccounted.
            for (const row of r.rows) assert.ok(row.floorCpuMs > 0 && row.oursCpuMs > 0 && row.cpuRatio > 0, JSON.stringify(row));
            // One ratio per rep, each that rep's ours over its floor.
            for (const row of r.rows) {
                const ours = r.samples[`n2.${row.op}.ours`], floor = r.samples[`n2.${row.op}.floor`];
                assert.deepEqual(row.pairRatios, ours.map((v: number, i: number) => Math.round((v / floor[i]) * 1000) / 1000));
                assert.equal(row.cpuPairRatios.length, ours.length);
                for (const c of row.cpuPairRatios) assert.ok(c > 0);
                const [low, high] = row.ratioInterval;
                assert.ok(low <= row.ratio && row.ratio <= high, JSON.stringify(row));
            }
        },
    },
    {
        // HEAD exported and compiled beside the checkout as it is: the path a comparison of two builds takes.
        name: "builds",
        env: { BENCH_N: "2", BENCH_ROUNDS: "2", BENCH_REVS: "HEAD,.", BENCH_RSA_BITS: "2048" },
        check: (r) => {
            assert.equal(r.rows.length, 2);
            assert.match(r.rows[0].build, /^HEAD \([0-9a-f]+\)$/);
            assert.match(r.rows[1].build, /^\. \([0-9a-f]+ \+ working tree\)$/);
            assert.equal(r.rows[0].ratio, 1, "the first build against itself");
            for (const row of r.rows) {
                assert.ok(row.medianMs > 0 && row.cpuMs > 0 && row.ratio > 0, JSON.stringify(row));
                const [low, high] = row.ratioInterval;
                assert.ok(low <= row.ratio && row.ratio <= high, JSON.stringify(row));
            }
            for (const i of [0, 1]) assert.equal(r.samples[`build${i}.refresh.ms`].length, 2, "one sample per measured round");
        },
    },
    {
        name: "api",
        env: { BENCH_N: "2", BENCH_RSA_BITS: "2048" },
        check: (r) => {
            const [row] = r.rows;
            assert.ok(row.apiMs > 0 && row.upOursMs > 0 && row.upFloorMs > 0 && row.upOverApi > 0);
        },
    },
    {
        name: "growth",
        env: { BENCH_ITEMS: "4", BENCH_WINDOW: "2", BENCH_RSA_BITS: "2048" },
        check: (r) => {
            assert.equal(r.samples["create.ms"].length, 4);
            assert.ok(r.samples["create.bytesSent"].every((b: number) => b > 0));
            assert.ok(r.rows.some((row: any) => String(row.case).startsWith("update fields")));
        },
    },
    {
        name: "memory",
        env: { BENCH_N: "2", BENCH_RSA_BITS: "2048", BENCH_SAMPLE_MS: "20" },
        check: (r) => {
            const [row] = r.rows;
            assert.ok(row.providerPeakMiB_ours > 0 && row.providerPeakMiB_floor > 0);
        },
    },
    {
        name: "emulator",
        env: { BENCH_ITEMS: "12", BENCH_VAULTS: "3", BENCH_CONNECTIONS: "2", BENCH_DURATION_MS: "200", BENCH_RSA_BITS: "2048" },
        check: (r) => {
            const rps = r.rows.filter((row: any) => row.rps !== undefined);
            assert.equal(rps.length, 3);
            for (const row of rps) assert.ok(row.rps > 0 && row.requests > 0);
            assert.ok(r.rows.some((row: any) => String(row.what).startsWith("emulator RSS after 12 items") && row.value > 0));
        },
    },
];

describe("benchmarks (smoke: tiny sizes, result files only)", function () {
    this.timeout(180_000);
    let dir: string;

    before(() => {
        if (!process.env.PULUMI_ENGINE_BIN) throw new Error("the engine environment is missing: run through `npm test` or `eval \"$(npm run -s engine:env)\"` first");
        if (!fs.existsSync(path.join(ROOT, "dist", "emulator", "bin.js"))) throw new Error("dist/ is missing: compile first (npx tsc -p tsconfig.json)");
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "r4-bench-smoke-"));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    for (const c of CASES) {
        it(`bench:${c.name} writes a well-formed result`, async () => {
            const { code, output } = await runBench(c.name, c.env, dir);
            assert.equal(code, 0, output.slice(-3000));
            const file = path.join(dir, `${c.name}-latest.json`);
            assert.ok(fs.existsSync(file), `no ${file}`);
            const result = JSON.parse(fs.readFileSync(file, "utf8"));
            assertWellFormed(result, c.name);
            c.check(result);
            // The timestamped copy exists too.
            assert.ok(fs.readdirSync(dir).some((f) => f.startsWith(`${c.name}-`) && f !== `${c.name}-latest.json`));
        });
    }
});
