/**
 * Proves the engine, our language host and the dynamic-provider shim work on this machine:
 * a tiny dynamic resource goes through up, a no-change preview, an in-place update, a
 * replacement, drift found by refresh, and destroy.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { opsByName, TestStack } from "../harness/pulumi";

const PROGRAM = `
import * as fs from "fs";
import * as pulumi from "@pulumi/pulumi";

const provider: pulumi.dynamic.ResourceProvider = {
    async create(inputs) {
        return { id: inputs.key + "-" + Date.now(), outs: inputs };
    },
    async diff(_id, olds, news) {
        const replaces = olds.key !== news.key ? ["key"] : [];
        return { changes: replaces.length > 0 || olds.value !== news.value, replaces };
    },
    async update(_id, _olds, news) {
        return { outs: news };
    },
    async read(id, props) {
        // Drift is simulated by a file the test writes beside the program.
        const drift = process.cwd() + "/drift.json";
        const current = fs.existsSync(drift) ? { ...props, ...JSON.parse(fs.readFileSync(drift, "utf8")) } : props;
        return { id, props: current };
    },
};

class Thing extends pulumi.dynamic.Resource {
    declare readonly value: pulumi.Output<string>;
    constructor(name: string, args: { key: string; value: string }) {
        super(provider, name, { ...args, value: args.value }, {}, "smoke", "Thing");
    }
}

const config = new pulumi.Config();
const thing = new Thing("thing", { key: config.require("key"), value: config.require("value") });
export const value = thing.value;
export const secret = config.requireSecret("token");
`;

describe("engine smoke: a dynamic resource through the real CLI", function () {
    let stack: TestStack;

    before(async () => {
        stack = await TestStack.create({
            files: { "index.ts": PROGRAM },
            config: { key: "a", value: "1" },
            secrets: { token: "smoke-secret-4b9e1f" },
        });
    });

    after(async () => {
        await stack?.cleanup();
    });

    it("creates, then previews no changes", async () => {
        await stack.up();
        assert.equal((await stack.outputs()).value, "1");
        await stack.expectNoChanges();
        const resources = await stack.resources();
        assert.equal(resources.length, 1);
        assert.equal(resources[0].type, "pulumi-nodejs:dynamic/smoke:Thing");
    });

    it("updates in place when a plain input changes", async () => {
        await stack.setConfig("value", "2");
        const preview = await stack.preview();
        assert.equal(opsByName(preview).thing, "update");
        const idBefore = (await stack.resources())[0].id;
        await stack.up();
        const after = (await stack.resources())[0];
        assert.equal(after.id, idBefore);
        assert.equal(after.outputs.value, "2");
    });

    it("replaces when the key changes", async () => {
        await stack.setConfig("key", "b");
        const preview = await stack.preview();
        assert.equal(opsByName(preview).thing, "replace");
        const idBefore = (await stack.resources())[0].id;
        await stack.up();
        const after = (await stack.resources())[0];
        assert.notEqual(after.id, idBefore);
        assert.match(after.id, /^b-/);
    });

    it("refresh is clean, then finds drift written out of band", async () => {
        await stack.refresh({ expectNoChanges: true });
        assert.deepEqual(await stack.refreshDrift(), {});
        fs.writeFileSync(path.join(stack.workDir, "drift.json"), JSON.stringify({ value: "drifted" }));
        assert.deepEqual(await stack.refreshDrift(), { thing: "update" });
        await stack.refresh();
        assert.equal((await stack.resources())[0].outputs.value, "drifted");
        fs.rmSync(path.join(stack.workDir, "drift.json"));
        // The program still says "2": the next preview wants to put it back.
        assert.equal(opsByName(await stack.preview()).thing, "update");
        await stack.up();
        await stack.expectNoChanges();
    });

    it("keeps the secret config out of state and output, and destroys", async () => {
        const { text } = await stack.exportState();
        assert.ok(!text.includes("smoke-secret-4b9e1f"), "the secret appears in plaintext in state");
        assert.ok(!stack.output.includes("smoke-secret-4b9e1f"), "the secret appears in the engine's output");
        await stack.destroy();
        assert.equal((await stack.resources()).length, 0);
    });
});
