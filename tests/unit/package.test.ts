/**
 * What `npm pack` would publish: the compiled provider, SDK and emulator with their types, the
 * README and the changelog; never tests, fixtures, tools, examples, credentials or .r4/. Also the
 * exports map resolves and `engines` is set. Compiles first when dist/ is missing.
 */
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..");

describe("the npm package", function () {
    this.timeout(180_000);
    let files: string[];
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));

    before(() => {
        if (!fs.existsSync(path.join(ROOT, "dist", "provider", "index.js"))) {
            execFileSync("npx", ["tsc", "-p", "tsconfig.json"], { cwd: ROOT, stdio: "ignore" });
        }
        const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: ROOT, encoding: "utf8" });
        files = (JSON.parse(out)[0].files as Array<{ path: string }>).map((f) => f.path);
    });

    it("ships compiled JS and types for the provider, the SDK and the emulator bin", () => {
        for (const file of [
            "dist/provider/index.js", "dist/provider/index.d.ts", "dist/provider/dispatch.js", "dist/provider/dispatch.d.ts",
            "dist/sdk/index.js", "dist/sdk/index.d.ts", "dist/emulator/bin.js", "dist/emulator/index.d.ts",
            "package.json", "README.md", "CHANGELOG.md",
        ]) {
            assert.ok(files.includes(file), `${file} is not in the package`);
        }
        assert.equal(pkg.bin["r4-emulator"], "dist/emulator/bin.js");
    });

    it("ships no TypeScript sources, tests, fixtures, tools, examples, credentials or local state", () => {
        const bad = files.filter((f) =>
            /(^|\/)(tests?|fixtures|bench|tools|examples|\.r4|node_modules)\//.test(f)
            || /\.test\.(js|ts)$/.test(f)
            || (f.endsWith(".ts") && !f.endsWith(".d.ts"))
            || /credentials\.json$|seed\.json$|admin\.json$|\.pem$|\.key$|Pulumi\..*\.yaml$|\.sqlite/.test(f),
        );
        assert.deepEqual(bad, []);
        assert.ok(files.every((f) => f.startsWith("dist/") || ["package.json", "README.md", "CHANGELOG.md", "LICENSE"].includes(f)), files.filter((f) => !f.startsWith("dist/")).join(", "));
    });

    it("resolves every entry of the exports map by the package name", () => {
        for (const [spec, file] of [["pulumi-r4", "dist/provider/index.js"], ["pulumi-r4/sdk", "dist/sdk/index.js"], ["pulumi-r4/provider-runtime", "dist/provider/dispatch.js"]]) {
            assert.equal(fs.realpathSync(require.resolve(spec, { paths: [ROOT] })), path.join(ROOT, file), spec);
        }
        for (const entry of Object.values(pkg.exports) as Array<string | { types: string; default: string }>) {
            if (typeof entry === "string") continue;
            assert.ok(files.includes(entry.types.replace(/^\.\//, "")), entry.types);
            assert.ok(files.includes(entry.default.replace(/^\.\//, "")), entry.default);
        }
    });

    it("declares the Node.js versions it supports and has a changelog entry for this version", () => {
        assert.match(pkg.engines?.node ?? "", /^>=\d+/);
        assert.match(fs.readFileSync(path.join(ROOT, "CHANGELOG.md"), "utf8"), new RegExp(`## \\[?${pkg.version.replace(/\./g, "\\.")}`));
    });
});
