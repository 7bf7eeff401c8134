/**
 * A small harness around the real `pulumi` CLI, for end-to-end suites: one temporary stack with
 * a local file backend and the passphrase secrets provider, commands run as a person would run
 * them, and every byte the engine prints kept for leak scans. Requires the environment from
 * tools/bootstrap.sh (PATH with the engine and the pinned Node, PULUMI_* variables).
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const REPO_ROOT = path.resolve(__dirname, "..", "..");

export interface RunResult {
    code: number;
    stdout: string;
    stderr: string;
}

export interface StackOptions {
    /** A directory holding Pulumi.yaml and the program; it is copied into the temporary stack dir. */
    programDir?: string;
    /** Or the program's files, by relative path. Pulumi.yaml is written for you if absent. */
    files?: Record<string, string>;
    projectName?: string;
    stackName?: string;
    config?: Record<string, string>;
    secrets?: Record<string, string>;
    env?: Record<string, string>;
}

export interface PreviewStep {
    op: string;
    urn: string;
    diffReasons?: string[];
    replaceReasons?: string[];
    detailedDiff?: Record<string, { kind: string; inputDiff?: boolean }>;
}

export interface PreviewJson {
    steps: PreviewStep[];
    changeSummary: Record<string, number>;
}

export class CommandError extends Error {
    constructor(readonly args: string[], readonly result: RunResult) {
        super(`pulumi ${args.join(" ")} exited with ${result.code}\n${tail(result.stdout)}\n${tail(result.stderr)}`);
    }
}

function tail(text: string, lines = 40): string {
    return text.split("\n").slice(-lines).join("\n");
}

export class TestStack {
    /** Everything the engine printed, across all commands, for leak scans. */
    output = "";

    private constructor(
        readonly dir: string,
        readonly workDir: string,
        readonly stackName: string,
        private readonly env: NodeJS.ProcessEnv,
    ) {}

    static async create(options: StackOptions): Promise<TestStack> {
        if (!process.env.PULUMI_ENGINE_BIN) {
            throw new Error("the engine environment is missing: run through `npm test` or `eval \"$(npm run -s engine:env)\"` first");
        }
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "r4-stack-"));
        const workDir = path.join(dir, "program");
        const backend = path.join(dir, "backend");
        fs.mkdirSync(backend, { recursive: true });
        if (options.programDir) {
            fs.cpSync(options.programDir, workDir, { recursive: true, filter: (src) => !src.includes("node_modules") });
        } else {
            fs.mkdirSync(workDir, { recursive: true });
        }
        for (const [file, text] of Object.entries(options.files ?? {})) {
            fs.mkdirSync(path.dirname(path.join(workDir, file)), { recursive: true });
            fs.writeFileSync(path.join(workDir, file), text);
        }
        if (!fs.existsSync(path.join(workDir, "Pulumi.yaml"))) {
            fs.writeFileSync(
                path.join(workDir, "Pulumi.yaml"),
                `name: ${options.projectName ?? "r4-test"}\nruntime:\n  name: nodejs\n  options:\n    typescript: true\n`,
            );
        }
        // The program, the language host and the dynamic provider resolve packages from here.
        fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(workDir, "node_modules"), "dir");

        const env: NodeJS.ProcessEnv = {
            ...process.env,
            PULUMI_BACKEND_URL: `file://${backend}`,
            PULUMI_CONFIG_PASSPHRASE: process.env.PULUMI_CONFIG_PASSPHRASE ?? "pulumi-r4-local",
            PULUMI_SKIP_UPDATE_CHECK: "true",
            NO_COLOR: "1",
            // Each stack keeps its provider's create journal to itself (the default is under ~).
            R4_CREATE_JOURNAL_DIR: path.join(dir, "create-journal"),
            ...options.env,
        };
        const stack = new TestStack(dir, workDir, options.stackName ?? "test", env);
        await stack.pulumi(["stack", "init", stack.stackName, "--secrets-provider", "passphrase"]);
        for (const [key, value] of Object.entries(options.config ?? {})) {
            await stack.setConfig(key, value);
        }
        for (const [key, value] of Object.entries(options.secrets ?? {})) {
            await stack.setConfig(key, value, { secret: true });
        }
        return stack;
    }

    /** Runs `pulumi ARGS` in the program directory; throws CommandError on a non-zero exit unless allowed. */
    async pulumi(args: string[], opts: { allowFailure?: boolean; stdin?: string; env?: Record<string, string>; unrecorded?: boolean } = {}): Promise<RunResult> {
        const result = await run("pulumi", [...args, "--non-interactive"], this.workDir, { ...this.env, ...opts.env }, opts.stdin);
        // What a test asked to see in plaintext (--show-secrets) is not the engine's own output.
        if (!opts.unrecorded) this.output += result.stdout + result.stderr;
        if (result.code !== 0 && !opts.allowFailure) {
            throw new CommandError(args, result);
        }
        return result;
    }

    /** Replaces the program's index.ts (for steps that change what the program declares). */
    writeProgram(text: string): void {
        fs.writeFileSync(path.join(this.workDir, "index.ts"), text);
    }

    /** Spawns `pulumi ARGS` without waiting, for kill tests. */
    spawnPulumi(args: string[]) {
        return spawn("pulumi", [...args, "--non-interactive"], { cwd: this.workDir, env: this.env, stdio: ["ignore", "pipe", "pipe"] });
    }

    async setConfig(key: string, value: string, opts: { secret?: boolean } = {}): Promise<void> {
        // The value goes through stdin so it never appears in a process list or in our output.
        await this.pulumi(["config", "set", key, ...(opts.secret ? ["--secret"] : ["--plaintext"])], { stdin: value });
    }

    up(extra: string[] = []): Promise<RunResult> {
        return this.pulumi(["up", "--yes", "--skip-preview", ...extra]);
    }

    /** `pulumi preview --json`, parsed. */
    async preview(extra: string[] = []): Promise<PreviewJson> {
        const result = await this.pulumi(["preview", "--json", "--diff", ...extra]);
        return JSON.parse(result.stdout) as PreviewJson;
    }

    /** Fails (CommandError) when the program would change anything. */
    expectNoChanges(): Promise<RunResult> {
        return this.pulumi(["preview", "--expect-no-changes"]);
    }

    /** What a refresh would change, by resource name ("update" or "delete"), without writing state. */
    async refreshDrift(): Promise<Record<string, string>> {
        const result = await this.pulumi(["refresh", "--preview-only"]);
        this.lastDisplay = result.stdout;
        return driftedNames(result.stdout);
    }

    /** The display of the last refreshDrift, for assertion messages. */
    lastDisplay = "";

    refresh(opts: { expectNoChanges?: boolean } = {}): Promise<RunResult> {
        return this.pulumi(["refresh", "--yes", "--skip-preview", ...(opts.expectNoChanges ? ["--expect-no-changes"] : [])]);
    }

    destroy(): Promise<RunResult> {
        return this.pulumi(["destroy", "--yes", "--skip-preview"]);
    }

    /** The state; with showSecrets, decrypted (kept out of `output`, which is scanned for leaks). */
    async exportState(opts: { showSecrets?: boolean } = {}): Promise<{ text: string; json: any }> {
        const result = await this.pulumi(["stack", "export", ...(opts.showSecrets ? ["--show-secrets"] : [])], { unrecorded: opts.showSecrets });
        return { text: result.stdout, json: JSON.parse(result.stdout) };
    }

    async importState(text: string): Promise<void> {
        const file = path.join(this.dir, "import.json");
        fs.writeFileSync(file, text);
        await this.pulumi(["stack", "import", "--file", file]);
    }

    async outputs(opts: { showSecrets?: boolean } = {}): Promise<Record<string, unknown>> {
        const result = await this.pulumi(["stack", "output", "--json", ...(opts.showSecrets ? ["--show-secrets"] : [])], { unrecorded: opts.showSecrets });
        return JSON.parse(result.stdout) as Record<string, unknown>;
    }

    /** Resources of the stack's state (excluding the stack and provider resources). */
    async resources(): Promise<any[]> {
        const { json } = await this.exportState();
        return (json.deployment.resources ?? []).filter(
            (r: any) => r.type !== "pulumi:pulumi:Stack" && !r.type.startsWith("pulumi:providers:"),
        );
    }

    async cleanup(): Promise<void> {
        await this.pulumi(["stack", "rm", "--yes", "--force", this.stackName], { allowFailure: true });
        fs.rmSync(this.dir, { recursive: true, force: true });
    }
}

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, stdin?: string): Promise<RunResult> {
    return new Promise((resolve, reject) => {
        const child = spawn(cmd, args, { cwd, env, stdio: ["pipe", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d) => (stdout += d));
        child.stderr.on("data", (d) => (stderr += d));
        child.on("error", reject);
        child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
        child.stdin.end(stdin ?? "");
    });
}

/** The operation kinds of a preview, by resource name (the last URN segment). */
export function opsByName(preview: PreviewJson): Record<string, string> {
    const ops: Record<string, string> = {};
    for (const step of preview.steps) {
        const name = step.urn.split("::").pop()!;
        ops[name] = step.op;
    }
    return ops;
}

/**
 * The resources a refresh would change, by name. The engine's refresh JSON reports every step
 * as "refresh" with identical states (v3.276), so this reads the progress display instead: a
 * drifted resource ends with a line "~  TYPE NAME update" (or "delete" when it is gone).
 */
export function driftedNames(displayOutput: string): Record<string, string> {
    const drift: Record<string, string> = {};
    for (const match of displayOutput.matchAll(/^\s*[~+-]+\s+[\w-]+:\S+\s+(\S+)\s+(update|delete)\b.*$/gm)) {
        drift[match[1]] = match[2];
    }
    return drift;
}
