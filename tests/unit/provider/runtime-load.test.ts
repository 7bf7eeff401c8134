/**
 * What the provider runtime loads for a refresh of vaults and items: every provider process loads
 * it before its first read, and every read waits for that. The other resources' handlers and the
 * SDK areas only they use (with their zod schemas, most of the SDK's load) come in on first use.
 */
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { TEST_PRIVATE_PEM } from "../crypto/helpers";

const ROOT = path.resolve(__dirname, "..", "..", "..");

// Runs in a fresh process (this one has loaded everything): loads the runtime as a refresh of
// vaults and items does, then the kinds and areas named in R4_ALSO_USE, and prints the
// project's modules it loaded.
const CHILD = `
const path = require("node:path");
const { handler } = require("./provider/dispatch");
const { client, configure } = require("./provider/plumbing/settings");
const settings = { "r4:baseUrl": "http://127.0.0.1:1", "r4:apiKey": "ak.secret", "r4:privateKey": process.env.R4_TEST_KEY };
configure({ get: (key) => settings[key] });
handler("Vault");
handler("VaultItem");
const r4 = client();
void [r4.items, r4.vaults, r4.keys];
const [kind, area] = (process.env.R4_ALSO_USE || ",").split(",");
if (kind) handler(kind);
if (area) void r4[area];
const mine = Object.keys(require.cache).filter((f) => !f.includes("node_modules") && /\\/(provider|sdk)\\//.test(f));
process.stdout.write(JSON.stringify(mine.map((f) => path.relative(process.cwd(), f).replace(/\\.[jt]s$/, ""))));
`;

function loadedModules(alsoUse = ","): string[] {
    const out = execFileSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", CHILD], {
        cwd: ROOT,
        env: { ...process.env, R4_TEST_KEY: TEST_PRIVATE_PEM, R4_ALSO_USE: alsoUse },
        encoding: "utf8",
    });
    return JSON.parse(out);
}

describe("provider runtime: what a refresh of vaults and items loads", function () {
    this.timeout(60_000);

    it("loads the vault and item handlers and the SDK areas they use, nothing of the other resources", () => {
        const loaded = loadedModules();
        for (const needed of ["provider/handlers/vault", "provider/handlers/vault-item", "sdk/schemas/common", "sdk/schemas/items", "sdk/schemas/vaults", "sdk/schemas/keys"]) {
            assert.ok(loaded.includes(needed), `${needed} is not loaded`);
        }
        const unneeded = ["agent", "dns-record", "project", "license-purchase"].map((k) => `provider/handlers/${k}`)
            .concat(["agents", "dns", "grants", "licenses", "me", "permissions", "projects", "purchases"].map((a) => `sdk/schemas/${a}`));
        assert.deepEqual(unneeded.filter((m) => loaded.includes(m)), [], "loaded for nothing");
        assert.equal(loaded.filter((m) => m.startsWith("provider/purchase/")).length, 0, "the purchase driver is loaded for nothing");
    });

    it("loads another kind's handler, and an SDK area's schemas, the first time they are used", () => {
        const loaded = loadedModules("Agent,projects");
        for (const needed of ["provider/handlers/agent", "sdk/schemas/grants", "sdk/resources/projects", "sdk/schemas/projects"]) {
            assert.ok(loaded.includes(needed), `${needed} is not loaded`);
        }
    });
});
