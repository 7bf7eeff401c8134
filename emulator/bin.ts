#!/usr/bin/env node
/**
 * r4-emulator --port N --data DIR [--seed N] [--faults JSON|FILE] [--step-latency-ms N]
 * r4-emulator mint-key --data DIR --scope AGENT|USER|TENANT|ORG --permissions a,b [--tenant ID] [--roles R1,R2]
 *
 * Prints one JSON line when ready: {"event":"listening","port":…,"baseUrl":…,"credentials":"DIR/credentials.json"}.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { mintCredentials } from "./admin";
import { systemClock } from "./clock";
import { FaultEngine } from "./faults/engine";
import { startEmulator } from "./index";
import type { Scope } from "./policy";
import { inTransaction, openDb } from "./store/db";
import { isSeeded } from "./store/seed";

function fail(message: string): never {
    process.stderr.write(`r4-emulator: ${message}\n`);
    process.exit(2);
}

function readFaults(value: string | undefined): unknown {
    if (!value) return undefined;
    const text = value.trim().startsWith("{") ? value : fs.readFileSync(value, "utf8");
    return JSON.parse(text);
}

async function serve(argv: string[]): Promise<void> {
    const { values } = parseArgs({ args: argv, options: {
        port: { type: "string", default: "0" }, data: { type: "string" }, seed: { type: "string" }, faults: { type: "string" },
        "step-latency-ms": { type: "string" }, "rsa-bits": { type: "string" },
    } });
    if (!values.data) fail("--data DIR is required");
    const dataDir = path.resolve(values.data);
    const emu = await startEmulator({
        port: Number(values.port), dataDir, seed: values.seed ? Number(values.seed) : undefined, faults: readFaults(values.faults),
        stepLatencyMs: values["step-latency-ms"] ? Number(values["step-latency-ms"]) : undefined,
        rsaBits: values["rsa-bits"] ? Number(values["rsa-bits"]) : undefined,
    });
    process.stdout.write(JSON.stringify({ event: "listening", port: emu.port, baseUrl: emu.baseUrl, credentials: emu.credentialsPath }) + "\n");
    const stop = () => void emu.close().then(() => process.exit(0));
    process.once("SIGTERM", stop);
    process.once("SIGINT", stop);
}

function mint(argv: string[]): void {
    const { values } = parseArgs({ args: argv, options: {
        data: { type: "string" }, scope: { type: "string" }, permissions: { type: "string", default: "" }, tenant: { type: "string" }, roles: { type: "string" },
    } });
    if (!values.data || !values.scope) fail("mint-key needs --data DIR and --scope");
    const db = openDb(path.resolve(values.data));
    if (!isSeeded(db)) fail("the data directory has not been started yet");
    const svc = { db, clock: systemClock, faults: new FaultEngine({}, 1), stepLatencyMs: 0 };
    const split = (s: string | undefined) => (s ? s.split(",").map((x) => x.trim()).filter(Boolean) : []);
    const out = inTransaction(db, () => mintCredentials(svc, { scope: values.scope as Scope, permissions: split(values.permissions), tenantId: values.tenant, roles: split(values.roles) }));
    db.close();
    process.stdout.write(JSON.stringify(out) + "\n");
}

const [first, ...rest] = process.argv.slice(2);
(first === "mint-key" ? Promise.resolve(mint(rest)) : serve(process.argv.slice(2))).catch((err: Error) => fail(err.message));
