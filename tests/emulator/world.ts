/**
 * Each test starts its own world (as s3rver's tests do): a temp data dir, port 0, a real HTTP
 * client, and a signer holding the seeded agent's private key.
 */
import { createPublicKey } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { request } from "undici";
import { encryptField, newDek, randomId, signCheckpoint, wrapKey, type CheckpointKind } from "../../sdk/crypto";
import { Emulator, EmulatorOptions, startEmulator } from "../../emulator";

export interface Reply { status: number; body: any; headers: Record<string, string | string[] | undefined> }

export class World {
    dek = newDek();
    constructor(readonly emu: Emulator, readonly dataDir: string) {}

    get creds() {
        return this.emu.credentials;
    }

    async call(method: string, route: string, body?: unknown, apiKey: string | null = this.creds.apiKey): Promise<Reply> {
        const res = await request(`${this.emu.baseUrl}/api/v1/machine${route}`, {
            method: method as "GET",
            headers: { ...(apiKey ? { "x-api-key": apiKey } : {}), ...(body === undefined ? {} : { "content-type": "application/json" }) },
            body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await res.body.text();
        return { status: res.statusCode, body: text ? JSON.parse(text) : undefined, headers: res.headers };
    }

    sign<T>(kind: CheckpointKind, checkpoint: T, privateKeyPem = this.creds.privateKeyPem, signerId = this.creds.encryptionKeyId) {
        return signCheckpoint(kind, checkpoint, privateKeyPem, signerId);
    }

    summary(vaultId: string, version: number, items: unknown[] = [], name = "Vault") {
        return this.sign("vaultSummary", { vaultId, version, name, dataClassification: "CONFIDENTIAL", currentDekVersion: 1, items, groups: [] });
    }

    /** Creates a vault, its creator's wrapped DEK, and returns its id. */
    async vault(name = "Vault", extra: Record<string, unknown> = {}): Promise<string> {
        const id = randomId();
        const r = await this.call("POST", "/vault", { id, name, dataClassification: "CONFIDENTIAL", summaryCheckpoint: this.summary(id, 1, [], name), ...extra });
        if (r.status !== 201) throw new Error(`vault create: ${r.status} ${JSON.stringify(r.body)}`);
        const w = await this.call("POST", `/wrapped-key/vault/${id}`, { encryptionKeyId: this.creds.encryptionKeyId, dekVersion: 1, wrappedKey: wrapKey(this.dek, loadPub(this.creds.privateKeyPem)) });
        if (w.status !== 201) throw new Error(`wrapped key: ${w.status} ${JSON.stringify(w.body)}`);
        return id;
    }

    /** Builds a signed item-create body for `fields` (name → plaintext). */
    itemBody(vaultId: string, summaryVersion: number, fields: Record<string, string>, opts: { name?: string; priorItems?: unknown[]; vaultName?: string } = {}) {
        const id = randomId();
        const name = opts.name ?? "Item";
        const fs_ = Object.entries(fields).map(([n, v]) => ({ id: randomId(), fieldInstanceId: randomId(), name: n, type: "PASSWORD", value: v }));
        const detail = { vaultItemId: id, vaultId, version: 1, name, type: "LOGIN", websites: [], groupId: null,
            fields: fs_.map((f, i) => ({ id: f.id, name: f.name, type: f.type, order: i, fieldInstanceIds: [f.fieldInstanceId], assetIds: [] })) };
        const items = [...(opts.priorItems ?? []), { id, name, type: "LOGIN", websites: [], groupId: null }];
        return {
            id, items,
            body: {
                id, name, type: "LOGIN", websites: [],
                summaryCheckpoint: this.summary(vaultId, summaryVersion, items, opts.vaultName ?? "Vault"),
                detailCheckpoint: this.sign("vaultItemDetail", detail),
                fields: fs_.map((f) => ({ id: f.id, fieldInstanceId: f.fieldInstanceId, name: f.name, type: f.type, encryptedValue: encryptField(this.dek, f.value, { vaultId, vaultItemId: id, fieldId: f.id }) })),
            },
            detail,
        };
    }

    async close(): Promise<void> {
        await this.emu.close();
    }
}

const loadPub = (privateKeyPem: string): string => createPublicKey(privateKeyPem).export({ type: "spki", format: "pem" }).toString();

export async function startWorld(opts: Partial<EmulatorOptions> = {}, dataDir?: string): Promise<World> {
    const dir = dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "r4-emu-test-"));
    const emu = await startEmulator({ port: 0, dataDir: dir, rsaBits: 2048, ...opts });
    return new World(emu, dir);
}
