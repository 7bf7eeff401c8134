/**
 * VaultItem refresh through the provider handler, without the engine: a read whose receipt
 * matches leaves the inputs state holds alone (no `inputs` in the answer), and any change on the
 * server, or in the kept values, sends the inputs read from R4 back for the engine to diff.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
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
    let journalDir: string;

    before(async () => {
        ({ w, vaultId } = await startVaultWorld("Provider reads"));
        process.env.R4_BASE_URL = w.emu.baseUrl;
        process.env.R4_API_KEY = w.emu.credentials.apiKey;
        process.env.R4_PRIVATE_KEY = w.emu.credentials.privateKeyPem;
        // Creates given a URN note themselves in the create journal: a directory of this test's own.
        journalDir = fs.mkdtempSync(path.join(os.tmpdir(), "r4-item-read-"));
        process.env.R4_CREATE_JOURNAL_DIR = journalDir;
        configure({ get: () => undefined });
    });

    after(async () => {
        process.env = env;
        fs.rmSync(journalDir, { recursive: true, force: true });
        await w?.close();
    });

    const urn = "urn:pulumi:test::unit::pulumi-nodejs:dynamic/r4:VaultItem::db item";
    async function created() {
        return h.create!({ vaultId, name: "Database", type: "LOGIN", fields, __urn: urn });
    }
    const withoutRecord = ({ __r4: _record, ...rest }: Record<string, any>) => rest;
    const tagOf = (outs: Record<string, any>) => outs.__r4.split(".")[0];
    const receiptOf = (outs: Record<string, any>) => outs.__r4.split(" ")[0].split(".")[1];

    it("answers a refresh right after the create without inputs, and with the same props", async () => {
        const { id, outs } = await created();
        const read = await h.read!(id, outs);
        assert.equal(read.id, id);
        assert.equal(read.inputs, undefined);
        assert.deepEqual(read.props, outs);
    });

    it("keeps the key's tag, the receipt and the URN in one output value", async () => {
        const { outs } = await created();
        assert.match(outs.__r4, /^[0-9a-f]{16}\.[\w-]{43} urn:pulumi:test::unit::pulumi-nodejs:dynamic\/r4:VaultItem::db item$/, "<key tag>.<receipt> <URN>");
        for (const before of ["__seenBy", "__readReceipt", "__urn"]) assert.equal(outs[before], undefined, before);
    });

    it("reads state written with the tag, the receipt and the URN apart, and writes them back as one value", async () => {
        const { id, outs } = await created();
        const before = { ...withoutRecord(outs), __seenBy: tagOf(outs), __readReceipt: receiptOf(outs), __urn: urn };
        const read = await h.read!(id, before);
        assert.equal(read.inputs, undefined, "the receipt kept apart still matches");
        assert.deepEqual(read.props, outs);
    });

    it("refuses to drop an item on another key's \"not found\", whichever shape state has, naming the URN", async () => {
        const { id, outs } = await created();
        await w.client().archiveItem(vaultId, id);
        const otherTag = "0123456789abcdef";
        const shapes = [
            { ...withoutRecord(outs), __r4: `${otherTag}.${receiptOf(outs)} ${urn}` },
            { ...withoutRecord(outs), __seenBy: otherTag, __readReceipt: receiptOf(outs), __urn: urn },
        ];
        for (const props of shapes) {
            await assert.rejects(h.read!(id, props), (err: Error) => /not the key that last saw it/.test(err.message) && err.message.includes(`pulumi state delete '${urn}'`));
        }
        assert.deepEqual(await h.read!(id, outs), {}, "from the key that saw it, gone is gone");
    });

    it("sends the inputs R4 has after an out-of-band change, then none once state holds them", async () => {
        const { id, outs } = await created();
        await w.client().updateItem(vaultId, id, { fields: [fields[0], { name: "Password", type: "PASSWORD", value: "pw-changed" }] });

        const drifted = await h.read!(id, outs);
        assert.ok(drifted.inputs, "a changed item sends its inputs");
        assert.deepEqual(drifted.inputs.fields.map((f: { value: string }) => f.value), ["admin", "pw-changed"]);
        assert.notEqual(receiptOf(drifted.props), receiptOf(outs), "a new receipt");
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
        assert.equal(read.props.__r4, outs.__r4, "the full read of the same answer issues the same receipt");
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
        assert.ok(receiptOf(touched));
        assert.equal((await h.read!(id, touched)).inputs, undefined);
    });
});
