/**
 * When the create journal's forgotten notes leave the disk: not during the reads that forget
 * them, but when the provider process ends, whether it exits or the engine stops it with SIGINT
 * (which must still stop it, as Node's default would). A note whose removal a SIGKILL prevented
 * is forgotten again, and removed, by the next process that confirms it.
 */
import * as assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CreateJournal } from "../../../provider/plumbing/create-journal";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const SCOPE = "http://127.0.0.1:1\nak";
const URN_A = "urn:pulumi:test::p::pulumi-nodejs:dynamic/r4:Vault::a";
const URN_B = "urn:pulumi:test::p::pulumi-nodejs:dynamic/r4:Vault::b";

// Forgets both notes, reports whether their files are still there, then ends as R4_END says and
// waits: the parent sees how it stopped.
const CHILD = `
const fs = require("node:fs");
const { CreateJournal } = require("./provider/plumbing/create-journal");
const journal = new CreateJournal(process.env.R4_DIR, ${JSON.stringify(SCOPE)});
journal.forget(${JSON.stringify(URN_A)}, "id-a");
journal.forget(${JSON.stringify(URN_B)}, "id-b");
const gone = journal.read(${JSON.stringify(URN_A)}) === undefined && journal.read(${JSON.stringify(URN_B)}) === undefined;
process.stdout.write(JSON.stringify({ gone, files: fs.readdirSync(process.env.R4_DIR).length }) + "\\n");
const end = process.env.R4_END;
if (end === "exit") process.exit(0);
else process.kill(process.pid, end);
setTimeout(() => {}, 10_000);
`;

async function runChild(dir: string, end: "exit" | "SIGINT" | "SIGTERM" | "SIGKILL") {
    const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", CHILD], {
        cwd: ROOT,
        env: { ...process.env, R4_DIR: dir, R4_END: end },
        stdio: ["ignore", "pipe", "inherit"],
    });
    let stdout = "";
    child.stdout!.on("data", (d) => (stdout += d));
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.once("exit", (c, s) => resolve([c, s])));
    return { code, signal, report: JSON.parse(stdout.trim()) as { gone: boolean; files: number } };
}

describe("create journal: forgotten notes leave the disk when the process ends", function () {
    this.timeout(60_000);
    let dir: string;

    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "r4-journal-unit-"));
        const journal = new CreateJournal(dir, SCOPE);
        journal.write({ urn: URN_A, id: "id-a" });
        journal.write({ urn: URN_B, id: "id-b" });
        assert.equal(fs.readdirSync(dir).length, 2);
    });

    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    for (const end of ["SIGINT", "SIGTERM", "exit"] as const) {
        it(`${end}: forgotten at once, the files removed as the process ends${end === "exit" ? "" : ", which still stops on the signal"}`, async () => {
            const { code, signal, report } = await runChild(dir, end);
            assert.deepEqual(report, { gone: true, files: 2 }, "forgetting touches no file while the process runs");
            if (end === "exit") assert.equal(code, 0);
            else assert.equal(signal, end, "the signal stops the process, as with no handler");
            assert.deepEqual(fs.readdirSync(dir), []);
        });
    }

    it("SIGKILL leaves the files; the next process that confirms the notes forgets and removes them", async () => {
        const killed = await runChild(dir, "SIGKILL");
        assert.equal(killed.signal, "SIGKILL");
        assert.equal(fs.readdirSync(dir).length, 2);
        const next = await runChild(dir, "SIGINT");
        assert.deepEqual(next.report, { gone: true, files: 2 });
        assert.deepEqual(fs.readdirSync(dir), []);
    });

    it("a note this process forgot is not found again, though its file is still there", () => {
        const journal = new CreateJournal(dir, SCOPE);
        journal.forget(URN_A, "id-a");
        assert.equal(journal.read(URN_A), undefined);
        assert.equal(journal.read(URN_B)?.id, "id-b");
        assert.equal(fs.readdirSync(dir).length, 2);
        journal.removeForgotten();
        assert.equal(fs.readdirSync(dir).length, 1);
    });
});
