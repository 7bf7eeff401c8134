/**
 * The emulator in its own process (the compiled `dist/emulator/bin.js`, as users run it), so the
 * server never shares an event loop with what is measured against it and its CPU and RSS can be
 * read from /proc (lib/proc.ts). Counters come from the admin route with the token in DIR/admin.json.
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { request } from "undici";
import { REPO_ROOT } from "./report";

export interface EmulatorProcess {
    baseUrl: string;
    pid: number;
    dataDir: string;
    credentials: { baseUrl: string; apiKey: string; privateKeyPem: string; [key: string]: unknown };
    /** Requests served, by route, since start. */
    requests(): Promise<Record<string, number>>;
    stop(): Promise<void>;
}

/** RSA size of the seeded key: PROTOCOL.md's 3072 unless BENCH_RSA_BITS says otherwise. */
export function rsaBits(): number {
    return Number(process.env.BENCH_RSA_BITS ?? 3072);
}

export async function spawnEmulator(opts: { rsaBits?: number; nodeArgs?: string[] } = {}): Promise<EmulatorProcess> {
    const bin = path.join(REPO_ROOT, "dist", "emulator", "bin.js");
    if (!fs.existsSync(bin)) throw new Error(`${bin} is missing: run \`npx tsc -p tsconfig.json\` first (bench/run.sh does)`);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "r4-bench-emu-"));
    const child: ChildProcess = spawn(process.execPath, [...(opts.nodeArgs ?? []), bin, "--port", "0", "--data", dataDir, "--rsa-bits", String(opts.rsaBits ?? rsaBits())], {
        stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr!.on("data", (d) => (stderr += d));
    const ready = await new Promise<{ baseUrl: string; credentials: string }>((resolve, reject) => {
        let buffer = "";
        child.stdout!.on("data", (d) => {
            buffer += d;
            const line = buffer.split("\n").find((l) => l.includes('"listening"'));
            if (line) resolve(JSON.parse(line));
        });
        child.once("exit", (code) => reject(new Error(`the emulator exited with ${code} before listening: ${stderr.slice(-2000)}`)));
    });
    const credentials = JSON.parse(fs.readFileSync(ready.credentials, "utf8"));
    const adminToken: string = JSON.parse(fs.readFileSync(path.join(dataDir, "admin.json"), "utf8")).token;
    let stopped = false;
    return {
        baseUrl: ready.baseUrl,
        pid: child.pid!,
        dataDir,
        credentials,
        async requests() {
            const res = await request(`${ready.baseUrl}/__admin/counters`, { headers: { "x-admin-token": adminToken } });
            const body = (await res.body.json()) as { requests: Record<string, number> };
            return body.requests;
        },
        async stop() {
            if (stopped) return;
            stopped = true;
            await new Promise<void>((resolve) => {
                child.once("exit", () => resolve());
                child.kill("SIGTERM");
                setTimeout(() => child.kill("SIGKILL"), 5000).unref();
            });
            fs.rmSync(dataDir, { recursive: true, force: true });
        },
    };
}

/** Route counts of `after` minus `before`, without zero entries. */
export function countsSince(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [route, n] of Object.entries(after)) {
        const d = n - (before[route] ?? 0);
        if (d !== 0) out[route] = d;
    }
    return out;
}
