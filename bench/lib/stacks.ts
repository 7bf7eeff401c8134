/**
 * The two programs every engine benchmark compares, with the same shape: one root resource and
 * N−1 resources that depend on it, each with a name, a type and three fields whose values are
 * secret. `ours` is 1 r4.Vault and N−1 r4.VaultItem against the emulator; `floor` is the same
 * engine driving N trivial dynamic resources whose provider calls nothing (no crypto, no HTTP),
 * so `ours / floor` is what R4 adds on top of what the engine costs anyway.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { TestStack } from "../../tests/harness/pulumi";
import type { EmulatorProcess } from "./emulator";

export type Kind = "floor" | "ours";

const OURS = `
import * as pulumi from "@pulumi/pulumi";
import * as r4 from "pulumi-r4";

const config = new pulumi.Config("bench");
const n = config.requireNumber("n");
const suffix = config.get("suffix") ?? "";
const vault = new r4.Vault("vault", { name: \`Bench vault\${config.get("vaultSuffix") ?? ""}\` });
for (let i = 1; i < n; i++) {
    new r4.VaultItem(\`item-\${i}\`, {
        vaultId: vault.id,
        name: \`Service \${i}\`,
        type: "LOGIN",
        fields: [
            { name: "Username", type: "TEXT", value: \`svc-\${i}\` },
            { name: "Password", type: "PASSWORD", value: \`pw-\${i}-0123456789abcdef\${suffix}\` },
            { name: "Url", type: "URL", value: \`https://svc-\${i}.example.com\` },
        ],
    });
}
export const vaultId = vault.id;
`;

const FLOOR = `
import * as pulumi from "@pulumi/pulumi";

// Calls nothing: every method answers from its arguments.
const provider: pulumi.dynamic.ResourceProvider = {
    async check(_olds: any, news: any) { return { inputs: news }; },
    async diff(_id: string, olds: any, news: any) { return { changes: JSON.stringify(olds) !== JSON.stringify(news) }; },
    async create(inputs: any) { return { id: require("crypto").randomBytes(12).toString("hex"), outs: inputs }; },
    async read(id: string, props: any) { return { id, props }; },
    async update(_id: string, _olds: any, news: any) { return { outs: news }; },
    async delete() {},
};

class Trivial extends pulumi.dynamic.Resource {
    constructor(name: string, props: Record<string, unknown>, opts?: pulumi.CustomResourceOptions) {
        super(provider, name, props, { ...opts, additionalSecretOutputs: ["fields"] }, "bench", "Trivial");
    }
}

const config = new pulumi.Config("bench");
const n = config.requireNumber("n");
const suffix = config.get("suffix") ?? "";
const root = new Trivial("vault", { name: "Bench vault" });
for (let i = 1; i < n; i++) {
    new Trivial(\`item-\${i}\`, {
        vaultId: root.id,
        name: \`Service \${i}\`,
        type: "LOGIN",
        fields: pulumi.secret([
            { name: "Username", type: "TEXT", value: \`svc-\${i}\` },
            { name: "Password", type: "PASSWORD", value: \`pw-\${i}-0123456789abcdef\${suffix}\` },
            { name: "Url", type: "URL", value: \`https://svc-\${i}.example.com\` },
        ]),
    });
}
export const vaultId = root.id;
`;

/** A stack of `kind` with N resources; `ours` points at the emulator with its seeded credentials. */
export async function benchStack(kind: Kind, n: number, emulator?: EmulatorProcess): Promise<TestStack> {
    if (kind === "ours" && !emulator) throw new Error("an R4 stack needs an emulator");
    const config: Record<string, string> = { "bench:n": String(n) };
    const secrets: Record<string, string> = {};
    if (kind === "ours") {
        config["r4:baseUrl"] = emulator!.credentials.baseUrl;
        secrets["r4:apiKey"] = emulator!.credentials.apiKey;
        secrets["r4:privateKey"] = emulator!.credentials.privateKeyPem;
    }
    return TestStack.create({ files: { "index.ts": kind === "ours" ? OURS : FLOOR }, projectName: `r4-bench-${kind}`, config, secrets });
}

/** Renames the vault (an in-place update of one resource on the next `up`). */
export async function renameVault(stack: TestStack, suffix: string): Promise<void> {
    await stack.setConfig("bench:vaultSuffix", suffix);
}

/** Changes every item's password (an in-place update of N−1 resources on the next `up`). */
export async function changeSecrets(stack: TestStack, suffix: string): Promise<void> {
    await stack.setConfig("bench:suffix", suffix);
}

export type Op = "up" | "preview" | "refresh" | "update" | "destroy";

/** Runs one engine operation as a person would (no extra flags beyond non-interactive). */
export async function runOp(stack: TestStack, op: Op): Promise<void> {
    switch (op) {
        case "up":
        case "update":
            await stack.pulumi(["up", "--yes", "--skip-preview"]);
            return;
        case "preview":
            await stack.pulumi(["preview"]);
            return;
        case "refresh":
            await stack.pulumi(["refresh", "--yes", "--skip-preview"]);
            return;
        case "destroy":
            await stack.pulumi(["destroy", "--yes", "--skip-preview"]);
            return;
    }
}

/**
 * Points `stack` at another build of pulumi-r4 (a directory with its package.json and compiled
 * dist/): its program and its serialised providers load the package by name from the stack's
 * node_modules, which otherwise links the whole of this checkout's. Everything else stays linked.
 */
export function pinBuild(stack: TestStack, buildRoot: string): void {
    const modules = path.join(stack.workDir, "node_modules");
    const shared = fs.realpathSync(modules);
    fs.rmSync(modules);
    fs.mkdirSync(modules);
    for (const entry of fs.readdirSync(shared)) {
        fs.symlinkSync(entry === "pulumi-r4" ? buildRoot : path.join(shared, entry), path.join(modules, entry));
    }
}
