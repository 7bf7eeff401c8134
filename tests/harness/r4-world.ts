/**
 * A fresh R4 world for an end-to-end suite: an emulator on a free loopback port with its own
 * data directory, its seeded credentials, an SDK client for out-of-band changes, and stacks
 * configured to reach it (the API key and private key as secret config).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type Emulator, type EmulatorOptions, startEmulator } from "../../emulator";
import { R4Client } from "../../sdk/client";
import { type StackOptions, TestStack } from "./pulumi";

export class R4World {
    private constructor(readonly emulator: Emulator, readonly dataDir: string, readonly client: R4Client) {}

    /** `options`: emulator settings such as `stepLatencyMs` (time between purchase job steps). */
    static async start(options: Pick<EmulatorOptions, "stepLatencyMs" | "faults"> = {}): Promise<R4World> {
        const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "r4-world-"));
        const emulator = await startEmulator({ port: 0, dataDir, rsaBits: 2048, ...options });
        const { baseUrl, apiKey, privateKeyPem } = emulator.credentials;
        return new R4World(emulator, dataDir, new R4Client({ baseUrl, apiKey, privateKeyPem }));
    }

    get credentials() {
        return this.emulator.credentials;
    }

    /** A stack whose provider settings point at this world. */
    stack(options: StackOptions & { program: string }): Promise<TestStack> {
        return TestStack.create({
            ...options,
            files: { "index.ts": options.program, ...options.files },
            config: { "r4:baseUrl": this.credentials.baseUrl, ...options.config },
            secrets: { "r4:apiKey": this.credentials.apiKey, "r4:privateKey": this.credentials.privateKeyPem, ...options.secrets },
        });
    }

    /** Every secret of the world, for leak scans. */
    secrets(): string[] {
        return [this.credentials.apiKey, this.credentials.apiKey.split(".")[1], ...pemBodyLines(this.credentials.privateKeyPem)];
    }

    async stop(): Promise<void> {
        await this.emulator.close();
        fs.rmSync(this.dataDir, { recursive: true, force: true });
    }
}

/** A PEM's base64 lines: any of them appearing anywhere means the key leaked. */
function pemBodyLines(pem: string): string[] {
    return pem.split("\n").filter((line) => line.length >= 40 && !line.startsWith("-----"));
}

/** Asserts none of the secrets appears in any of the texts; names where it was found, never the secret. */
export function assertNoLeak(texts: Record<string, string>, secrets: string[]): void {
    for (const [where, text] of Object.entries(texts)) {
        secrets.forEach((secret, index) => {
            if (secret && text.includes(secret)) {
                throw new Error(`secret #${index} (${secret.length} chars) appears in plaintext in ${where}`);
            }
        });
    }
}
