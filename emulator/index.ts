/**
 * The R4 emulator, in process.
 *
 * @example
 * const emu = await startEmulator({ port: 0, dataDir: fs.mkdtempSync(path.join(os.tmpdir(), "r4-")) });
 * // emu.credentials.apiKey, emu.credentials.privateKeyPem, emu.baseUrl ...
 * await emu.close();
 */
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { Admin, createAdmin, registerAdminRoutes } from "./admin";
import { Clock, iso, systemClock } from "./clock";
import type { Services } from "./context";
import { FaultEngine } from "./faults/engine";
import { PurchaseRunner } from "./purchases/machine";
import { ROUTES } from "./routes";
import { BASE_PATH, buildServer, RequestCounters } from "./server";
import { openDb } from "./store/db";
import { isSeeded, seed, SeedResult } from "./store/seed";

export { ManualClock } from "./clock";
export type { Admin } from "./admin";

export interface EmulatorOptions {
    port?: number;
    dataDir: string;
    /** Seeds the fault PRNG (default 1). */
    seed?: number;
    /** Fault rules: `{ seed?, rules: [...], purchaseFailures: [...] }` (see faults/rules.ts). */
    faults?: unknown;
    /** Time between purchase job steps, on `clock` (default 0). */
    stepLatencyMs?: number;
    clock?: Clock;
    /** RSA size for the seeded agent key (default 3072, as PROTOCOL.md; tests may pass 2048). */
    rsaBits?: number;
}

export interface Credentials extends SeedResult { baseUrl: string }

export interface Emulator {
    baseUrl: string;
    port: number;
    credentials: Credentials;
    credentialsPath: string;
    adminToken: string;
    admin: Admin;
    close(): Promise<void>;
}

function writePrivate(file: string, value: unknown): void {
    fs.writeFileSync(file, JSON.stringify(value, null, 2) + "\n", { mode: 0o600 });
    fs.chmodSync(file, 0o600); // writeFileSync's mode only applies when the file is created
}

export async function startEmulator(opts: EmulatorOptions): Promise<Emulator> {
    fs.mkdirSync(opts.dataDir, { recursive: true });
    const clock = opts.clock ?? systemClock;
    const db = openDb(opts.dataDir);
    const svc: Services = { db, clock, faults: new FaultEngine(opts.faults ?? {}, opts.seed ?? 1), stepLatencyMs: opts.stepLatencyMs ?? 0 };
    const seedFile = path.join(opts.dataDir, "seed.json");
    if (!isSeeded(db)) writePrivate(seedFile, await seed(db, iso(clock.now()), opts.rsaBits ?? 3072));
    const seeded: SeedResult = JSON.parse(fs.readFileSync(seedFile, "utf8"));
    const adminFile = path.join(opts.dataDir, "admin.json");
    if (!fs.existsSync(adminFile)) writePrivate(adminFile, { token: randomBytes(24).toString("hex") });
    const adminToken: string = JSON.parse(fs.readFileSync(adminFile, "utf8")).token;

    const requests: RequestCounters = { perRoute: {} };
    const runner = new PurchaseRunner(svc);
    const admin = createAdmin(svc, runner, requests);
    const app = buildServer(svc, ROUTES, requests, () => runner.wake());
    registerAdminRoutes(app, admin, svc, adminToken);
    await app.listen({ host: "127.0.0.1", port: opts.port ?? 0 });
    const port = (app.server.address() as { port: number }).port;
    const baseUrl = `http://127.0.0.1:${port}`;
    const credentials: Credentials = { baseUrl, ...seeded };
    const credentialsPath = path.join(opts.dataDir, "credentials.json");
    writePrivate(credentialsPath, credentials);
    runner.start(); // picks up jobs that were in flight when the last process stopped

    let closed = false;
    return {
        baseUrl, port, credentials, credentialsPath, adminToken, admin,
        async close() {
            if (closed) return;
            closed = true;
            runner.stop();
            await app.close();
            db.close();
        },
    };
}

export { BASE_PATH };
