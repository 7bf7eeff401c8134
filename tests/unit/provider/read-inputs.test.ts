/**
 * What a refresh's read hands back to the engine: the outputs always, the inputs only when the
 * object is not as state recorded it (drift), so an unchanged resource's inputs are not carried
 * through the engine again. Driven through defineHandler with a scripted R4 object.
 */
import * as assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { z } from "zod";
import { defineHandler } from "../../../provider/handlers/handler";
import { URN } from "../../../provider/plumbing/create-journal";

interface Thing {
    name: string;
    tags: string[];
}

describe("provider read: inputs go back to the engine only on drift", function () {
    this.timeout(60_000);
    const ENV = ["R4_BASE_URL", "R4_API_KEY", "R4_PRIVATE_KEY"];
    const saved: Record<string, string | undefined> = {};
    // What R4 holds now; each test edits it.
    let live: Thing & { version: number };
    const handler = defineHandler<Thing>({
        noun: "thing",
        schema: z.object({ name: z.string(), tags: z.array(z.string()) }),
        diff: { properties: ["name", "tags"] },
        create: async () => ({ id: "t1", outputs: { version: live.version } }),
        read: async () => ({ inputs: { name: live.name, tags: [...live.tags] }, outputs: { version: live.version } }),
        update: async () => ({ version: live.version }),
        delete: async () => undefined,
    });

    before(() => {
        for (const k of ENV) saved[k] = process.env[k];
        // Settings are validated (the key is parsed) though nothing here calls R4.
        const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 3072 });
        Object.assign(process.env, { R4_BASE_URL: "http://127.0.0.1:1", R4_API_KEY: "access.secret", R4_PRIVATE_KEY: privateKey.export({ type: "pkcs8", format: "pem" }).toString() });
    });
    after(() => {
        for (const k of ENV) if (saved[k] === undefined) delete process.env[k]; else process.env[k] = saved[k];
    });
    beforeEach(() => {
        live = { name: "a", tags: ["x", "y"], version: 1 };
    });

    /** State as the engine holds it after a create: the outputs, with the dynamic provider's `__provider`. */
    async function created(): Promise<Record<string, unknown>> {
        const made = await handler.create!({ name: live.name, tags: live.tags, [URN]: "urn:pulumi:dev::p::pulumi-nodejs:dynamic/r4:Thing::t", __provider: "source" });
        return { ...made.outs, __provider: "source" };
    }

    it("an object exactly as recorded: the outputs, and no inputs", async () => {
        const props = await created();
        const read = await handler.read!("t1", props);
        assert.equal(read.id, "t1");
        assert.equal(read.inputs, undefined, "state's inputs are left as they are");
        const { __provider, ...recorded } = props;
        assert.deepEqual(read.props, recorded);
    });

    it("a drifted value, a reordered list or a new version: the inputs too, as R4 holds them", async () => {
        for (const drift of [() => (live.name = "b"), () => live.tags.reverse(), () => live.version++]) {
            const props = await created();
            drift();
            const read = await handler.read!("t1", props);
            assert.deepEqual(read.inputs, { name: live.name, tags: live.tags, [URN]: props[URN] });
            assert.equal((read.props as Record<string, unknown>).version, live.version);
        }
    });

    it("state written before an output existed (an earlier build): the inputs too", async () => {
        const { __seenBy, ...older } = await created();
        const read = await handler.read!("t1", older);
        assert.ok(read.inputs, "the refresh rewrites what an older build recorded");
        assert.ok((read.props as Record<string, unknown>).__seenBy);
    });
});
