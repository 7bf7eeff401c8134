/**
 * A fresh emulator per test file (port 0, temp data dir, 2048-bit seeded key for speed) and
 * SDK clients built from its seeded credentials.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type Emulator, type EmulatorOptions } from "../../../emulator";
import { R4Client, type R4ClientOptions } from "../../../sdk";
import { resetRegistrations } from "../../../sdk/flows/state/registration";

export interface FlowWorld {
    emu: Emulator;
    dataDir: string;
    client(extra?: Partial<R4ClientOptions>): R4Client;
    /** Requests the emulator has served, per `METHOD /route`. */
    requests(): Record<string, number>;
    close(): Promise<void>;
}

export async function startFlowWorld(opts: Partial<EmulatorOptions> = {}): Promise<FlowWorld> {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "r4-flows-"));
    const emu = await startEmulator({ port: 0, dataDir, rsaBits: 2048, ...opts });
    resetRegistrations();
    return {
        emu,
        dataDir,
        client: (extra = {}) => new R4Client({ baseUrl: emu.baseUrl, apiKey: emu.credentials.apiKey, privateKeyPem: emu.credentials.privateKeyPem, maxRetries: 0, ...extra }),
        requests: () => emu.admin.counters().requests,
        close: async () => {
            await emu.close();
            fs.rmSync(dataDir, { recursive: true, force: true });
        },
    };
}

/** Difference of two request-counter snapshots (only routes that changed). */
export function delta(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [k, v] of Object.entries(after)) if (v !== (before[k] ?? 0)) out[k] = v - (before[k] ?? 0);
    return out;
}

/** A fresh world, a client of it and one vault in it, for tests that work inside a vault. */
export async function startVaultWorld(vaultName: string): Promise<{ w: FlowWorld; r4: R4Client; vaultId: string }> {
    const w = await startFlowWorld();
    const r4 = w.client();
    return { w, r4, vaultId: (await r4.createVault({ name: vaultName })).id };
}
