/**
 * VaultItem refresh through the provider handler, without the engine: a read whose receipt
 * matches leaves the inputs state holds alone (no `inputs` in the answer), and any change on the
 * server, or in the kept values, sends the inputs read from R4 back for the engine to diff.
 */
import * as assert from "node:assert/strict";
import { vaultItemHandler as h } from "../../../provider/handlers/vault-item";
import { configure } from "../../../provider/plumbing/settings";
import { type FlowWorld, startVaultWorld } from "../flows/world";

const fields = [
    { name: "Username", type: "TEXT", value: "admin" },
    { name: "Password", type: "PASSWORD", value: "pw-before" },
];

describe("VaultItem read: inputs sent back only when R4 has something state does not", () => {
    const env = { ...process.env };
    let w: FlowWorld;
    let vaultId: string;

    before(async () => {
        ({ w, vaultId } = await startVaultWorld("Provider reads"));
        process.env.R4_BASE_URL = w.emu.baseUrl;
        process.env.R4_API_KEY = w.emu.credentials.apiKey;
        process.env.R4_PRIVATE_KEY = w.emu.credentials.privateKeyPem;
        configure({ get: () => undefined });
    });

    after(async () => {
        process.env = env;
        await w?.close();
    });

    async function created() {
        return h.create!({ vaultId, name: "Database", type: "LOGIN", fields });
    }

    it("answers a refresh right after the create without inputs, and with the same props", async () => {
        const { id, outs } = await created();
        const read = await h.read!(id, outs);
        assert.equal(read.id, id);
        assert.equal(read.inputs, undefined);
        assert.deepEqual(read.props, outs);
    });

    it("keeps the key's tag and the receipt in one output value", async () => {
        const { outs } = await created();
        assert.match(outs.__seen, /^[0-9a-f]{16}\.[\w-]{43}$/, "<key tag>.<receipt>");
        assert.equal(outs.__readReceipt, undefined);
        assert.equal(outs.__seenBy, undefined);
    });

    it("reads state written with the tag and the receipt apart, and writes them back as one value", async () => {
        const { id, outs } = await created();
        const [tag, receipt] = outs.__seen.split(".");
        const { __seen: _seen, ...rest } = outs;
        const before = { ...rest, __seenBy: tag, __readReceipt: receipt };
        const read = await h.read!(id, before);
        assert.equal(read.inputs, undefined, "the receipt kept apart still matches");
        assert.deepEqual(read.props, outs);
    });

    it("refuses to drop an item on another key's \"not found\", whichever shape state has", async () => {
        const { id, outs } = await created();
        await w.client().archiveItem(vaultId, id);
        const otherTag = "0123456789abcdef";
        const { __seen: seen, ...rest } = outs;
        const receipt = seen.split(".")[1];
        for (const props of [{ ...rest, __seen: `${otherTag}.${receipt}` }, { ...rest, __seenBy: otherTag, __readReceipt: receipt }]) {
            await assert.rejects(h.read!(id, props), /not the key that last saw it/);
        }
        assert.deepEqual(await h.read!(id, outs), {}, "from the key that saw it, gone is gone");
    });

    it("sends the inputs R4 has after an out-of-band change, then none once state holds them", async () => {
        const { id, outs } = await created();
        await w.client().updateItem(vaultId, id, { fields: [fields[0], { name: "Password", type: "PASSWORD", value: "pw-changed" }] });

        const drifted = await h.read!(id, outs);
        assert.ok(drifted.inputs, "a changed item sends its inputs");
        assert.deepEqual(drifted.inputs.fields.map((f: { value: string }) => f.value), ["admin", "pw-changed"]);
        assert.notEqual(drifted.props.__seen, outs.__seen, "a new receipt");
        assert.equal(drifted.props.version, 2);

        const again = await h.read!(id, drifted.props);
        assert.equal(again.inputs, undefined);
        assert.deepEqual(again.props, drifted.props);
    });

    it("reads in full and sends the inputs when the kept values were edited beside their receipt", async () => {
        const { id, outs } = await created();
        const edited = { ...outs, fields: [fields[0], { name: "Password", type: "PASSWORD", value: "edited-in-state" }] };
        const read = await h.read!(id, edited);
        assert.ok(read.inputs);
        assert.deepEqual(read.inputs.fields.map((f: { value: string }) => f.value), ["admin", "pw-before"]);
        assert.equal(read.props.__seen, outs.__seen, "the full read of the same answer issues the same receipt");
    });

    it("answers the first refresh after an update, or after an update that only read the item, without inputs", async () => {
        const { id, outs } = await created();
        const news = { vaultId, name: "Database", type: "LOGIN", fields: [fields[0], { name: "Password", type: "PASSWORD", value: "pw-updated" }] };
        const updated = (await h.update!(id, outs, news)).outs;
        assert.equal(updated.version, 2);
        const read = await h.read!(id, updated);
        assert.equal(read.inputs, undefined);
        assert.deepEqual(read.props, updated);
        const touched = (await h.update!(id, updated, { ...news })).outs;
        assert.match(touched.__seen, /^[0-9a-f]{16}\.[\w-]{43}$/);
        assert.equal((await h.read!(id, touched)).inputs, undefined);
    });
});
