import { strict as assert } from "node:assert";
import { ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createInterface } from "node:readline";
import { DatabaseSync } from "node:sqlite";
import { request } from "undici";
import { vaultSignerKeyIds } from "../../emulator/store/checkpoints";
import { openDb } from "../../emulator/store/db";
import { startWorld } from "./world";

const ROOT = path.resolve(__dirname, "../..");

/** Starts the real bin in a child process and waits for its "listening" line. */
async function spawnEmulator(dataDir: string): Promise<{ child: ChildProcess; baseUrl: string }> {
    const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", path.join(ROOT, "emulator/bin.ts"), "--port", "0", "--data", dataDir, "--rsa-bits", "2048"], { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
    const line = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout! }).once("line", resolve);
        child.once("exit", (code) => reject(new Error(`emulator exited with ${code}`)));
    });
    const msg = JSON.parse(line);
    assert.equal(msg.event, "listening");
    assert.equal(msg.credentials, path.join(dataDir, "credentials.json"));
    return { child, baseUrl: msg.baseUrl };
}

/** Resolves with the exit code, even if the process already exited. */
const exited = (child: ChildProcess): Promise<number | null> =>
    child.exitCode !== null || child.signalCode !== null ? Promise.resolve(child.exitCode) : new Promise((r) => child.once("exit", (code) => r(code)));

async function call(baseUrl: string, apiKey: string, method: "GET" | "POST", route: string, body?: unknown) {
    const res = await request(`${baseUrl}/api/v1/machine${route}`, { method, headers: { "x-api-key": apiKey, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.statusCode, body: (await res.body.json()) as any };
}

describe("emulator: durability (real process)", function () {
    this.timeout(120_000);

    it("SIGKILL mid-burst loses no acknowledged write and leaves nothing half-written; SIGTERM closes cleanly", async () => {
        const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "r4-emu-kill-"));
        const first = await spawnEmulator(dataDir);
        const creds = JSON.parse(fs.readFileSync(path.join(dataDir, "credentials.json"), "utf8"));
        assert.equal(fs.statSync(path.join(dataDir, "credentials.json")).mode & 0o777, 0o600);
        const acked: string[] = [];
        let killed = false;
        // An agent create writes two rows (agent + api key): a half-written one would list without permissions.
        const worker = async (n: number) => {
            for (let i = 0; !killed; i++) {
                try {
                    const r = await call(first.baseUrl, creds.apiKey, "POST", "/agent", { name: `burst-${n}-${i}`, domainTenantId: creds.domainTenantId, permissions: ["machine.me.read"] });
                    if (r.status === 201) acked.push(r.body.id);
                    if (acked.length >= 60 && !killed) {
                        killed = true;
                        first.child.kill("SIGKILL");
                    }
                } catch {
                    return; // the process died under us: this write was never acknowledged
                }
            }
        };
        await Promise.all([0, 1, 2, 3, 4, 5].map(worker));
        await exited(first.child);

        const second = await spawnEmulator(dataDir);
        const agents = (await call(second.baseUrl, creds.apiKey, "GET", "/agent")).body.agents as any[];
        const ids = new Set(agents.map((a) => a.id));
        for (const id of acked) assert.ok(ids.has(id), `acknowledged agent ${id} survived`);
        for (const a of agents.filter((x) => x.name.startsWith("burst-"))) assert.deepEqual(a.permissions, ["machine.me.read"], `agent ${a.id} is whole`);
        second.child.kill("SIGTERM");
        assert.equal(await exited(second.child), 0);
    });

    it("mint-key prints credentials a test can use for refusals", async () => {
        const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "r4-emu-mint-"));
        const emu = await spawnEmulator(dataDir);
        const out = await new Promise<string>((resolve) => {
            const p = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", path.join(ROOT, "emulator/bin.ts"), "mint-key", "--data", dataDir, "--scope", "TENANT", "--permissions", "machine.me.read"], { cwd: ROOT });
            let s = "";
            p.stdout.on("data", (d) => (s += d));
            p.on("exit", () => resolve(s));
        });
        const minted = JSON.parse(out);
        const me = await call(emu.baseUrl, minted.apiKey, "GET", "/me");
        assert.equal(me.body.apiKey.scope, "TENANT");
        assert.equal((await call(emu.baseUrl, minted.apiKey, "GET", "/vault")).status, 403);
        emu.child.kill("SIGTERM");
        await exited(emu.child);
    });

    it("upgrades a data directory written before checkpoints kept their signer, and still lists every signer", async () => {
        const w = await startWorld();
        const dataDir = w.dataDir;
        const vaultId = await w.vault();
        const { body } = w.itemBody(vaultId, 2, { Password: "p" });
        assert.equal((await w.call("POST", `/vault/${vaultId}/items`, body)).status, 201);
        await w.close();

        // The checkpoints table as the first schema made it: no signer column, no index on it.
        const old = new DatabaseSync(path.join(dataDir, "r4-emulator.sqlite"));
        old.exec("DROP INDEX checkpoints_signers; ALTER TABLE checkpoints DROP COLUMN signer_id;");
        old.close();

        const db = openDb(dataDir);
        const rows = db.prepare("SELECT signer_id, json_extract(envelope, '$.signerUserKeyPairId') AS signed_by FROM checkpoints").all() as { signer_id: string; signed_by: string }[];
        assert.equal(rows.length, 3, "the vault's two summaries and the item's detail checkpoint");
        for (const r of rows) assert.equal(r.signer_id, r.signed_by);
        assert.deepEqual(vaultSignerKeyIds(db, vaultId), [w.creds.encryptionKeyId]);
        db.close();

        // Opening it again is a no-op, and the emulator serves the upgraded directory.
        const again = await startWorld({}, dataDir);
        const keys = await again.call("GET", `/vault/${vaultId}/public-keys`);
        assert.deepEqual(keys.body.keys.map((k: any) => k.encryptionKeyId), [w.creds.encryptionKeyId]);
        await again.close();
    });
    it("a GET reads one snapshot without the write lock: it answers while another connection holds a write transaction, and sees none of its uncommitted changes", async () => {
        const w = await startWorld();
        const vaultId = await w.vault("Before");
        const other = new DatabaseSync(path.join(w.dataDir, "r4-emulator.sqlite"));
        try {
            other.exec("BEGIN IMMEDIATE");
            other.prepare("UPDATE vaults SET name = 'Uncommitted' WHERE id = ?").run(vaultId);
            // Taking the write lock here would wait out the busy timeout (5 s) and answer 500.
            const listing = await w.call("GET", `/vault/${vaultId}/items`);
            assert.equal(listing.status, 200, JSON.stringify(listing.body));
            assert.equal(listing.body.vaultName, "Before");
            other.exec("COMMIT");
            assert.equal((await w.call("GET", `/vault/${vaultId}/items`)).body.vaultName, "Uncommitted");
        } finally {
            if (other.isTransaction) other.exec("ROLLBACK");
            other.close();
            await w.close();
        }
    });
});
