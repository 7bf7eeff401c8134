/**
 * VaultItem through the real engine: values encrypted client-side and secret in state, in-place
 * edits with stable field ids, a move to another vault (re-encrypted, not replaced), drift found
 * and restored, archive out of band, adoption, and no plaintext anywhere in state or output.
 */
import * as assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { opsByName, type TestStack } from "../harness/pulumi";
import { assertNoLeak, R4World } from "../harness/r4-world";

const secret = (label: string) => `${label}-${randomBytes(9).toString("hex")}`;
const PASSWORD = secret("pw");
const TOKEN = secret("tok");
const ROTATED = secret("pw2");
const OUT_OF_BAND = secret("oob");
const ADOPTED = secret("adopt");

const program = (opts: { vault?: string; fields: string; extra?: string }) => `
import * as r4 from "pulumi-r4";
const a = new r4.Vault("a", { name: "Primary" });
const b = new r4.Vault("b", { name: "Secondary" });
const item = new r4.VaultItem("item", {
    vaultId: ${opts.vault ?? "a"}.id,
    name: "Database",
    type: "LOGIN",
    websites: ["https://db.example.com"],
    fields: ${opts.fields},
});
${opts.extra ?? ""}
export const itemId = item.id;
export const vaultA = a.id;
export const vaultB = b.id;
export const fieldIds = item.fieldIds;
`;

const twoFields = `[
    { name: "Username", type: "TEXT", value: "admin" },
    { name: "Password", type: "PASSWORD", value: "${PASSWORD}" },
]`;

describe("VaultItem end to end", function () {
    let world: R4World;
    let stack: TestStack;
    let out: Record<string, any>;

    before(async () => {
        world = await R4World.start();
        stack = await world.stack({ program: program({ fields: twoFields }) });
    });

    after(async () => {
        await stack?.cleanup();
        await world?.stop();
    });

    async function item(vault: "vaultA" | "vaultB") {
        return world.client.readItem(out[vault], out.itemId);
    }

    it("creates an encrypted item, then previews no changes; the preview confirms the creates, and its provider removes their journal notes as the engine stops it", async () => {
        await stack.up();
        const journal = path.join(stack.dir, "create-journal");
        assert.equal(fs.readdirSync(journal).length, 3, "a note per create: two vaults and the item");
        out = await stack.outputs({ showSecrets: true });
        const read = await item("vaultA");
        assert.deepEqual(read?.fields.map((f) => [f.name, f.value]), [["Username", "admin"], ["Password", PASSWORD]]);
        await stack.expectNoChanges();
        assert.deepEqual(fs.readdirSync(journal), []);
    });

    it("edits fields in place, keeping ids of the fields it keeps", async () => {
        stack.writeProgram(program({ fields: `[
            { name: "Username", type: "TEXT", value: "admin" },
            { name: "Password", type: "PASSWORD", value: "${ROTATED}" },
            { name: "Token", type: "SECRET", value: "${TOKEN}" },
        ]` }));
        assert.equal(opsByName(await stack.preview()).item, "update");
        await stack.up();
        const after: Record<string, any> = await stack.outputs({ showSecrets: true });
        assert.equal(after.itemId, out.itemId);
        assert.equal(after.fieldIds.Username, out.fieldIds.Username);
        assert.equal(after.fieldIds.Password, out.fieldIds.Password);
        out = after;
        const read = await item("vaultA");
        assert.deepEqual(read?.fields.map((f) => f.value), ["admin", ROTATED, TOKEN]);
        await stack.expectNoChanges();
    });

    it("moves to another vault in place (re-encrypted), not by replacement", async () => {
        const fields = `[
            { name: "Username", type: "TEXT", value: "admin" },
            { name: "Password", type: "PASSWORD", value: "${ROTATED}" },
            { name: "Token", type: "SECRET", value: "${TOKEN}" },
        ]`;
        stack.writeProgram(program({ vault: "b", fields }));
        assert.equal(opsByName(await stack.preview()).item, "update");
        await stack.up();
        const after = await stack.outputs({ showSecrets: true });
        assert.equal(after.itemId, out.itemId);
        assert.equal(await world.client.readItem(out.vaultA, out.itemId), null);
        const moved = await world.client.readItem(out.vaultB, out.itemId);
        assert.deepEqual(moved?.fields.map((f) => f.value), ["admin", ROTATED, TOKEN]);
        await stack.expectNoChanges();
    });

    it("finds a value changed out of band and restores it", async () => {
        const current = (await item("vaultB"))!;
        await world.client.updateItem(out.vaultB, out.itemId, {
            name: current.name, type: current.type, websites: current.websites,
            fields: current.fields.map((f) => ({ name: f.name, type: f.type, value: f.name === "Token" ? OUT_OF_BAND : f.value ?? "" })),
        });
        assert.equal((await item("vaultB"))?.fields.find((f) => f.name === "Token")?.value, OUT_OF_BAND);
        assert.deepEqual(await stack.refreshDrift(), { item: "update" }, stack.lastDisplay);
        await stack.refresh();
        assert.equal(opsByName(await stack.preview()).item, "update");
        await stack.up();
        assert.equal((await item("vaultB"))?.fields.find((f) => f.name === "Token")?.value, TOKEN);
        await stack.refresh({ expectNoChanges: true });
        await stack.expectNoChanges();
    });

    it("recreates an item archived out of band", async () => {
        await world.client.archiveItem(out.vaultB, out.itemId);
        assert.deepEqual(await stack.refreshDrift(), { item: "delete" });
        await stack.refresh();
        await stack.up();
        const after = await stack.outputs({ showSecrets: true });
        assert.notEqual(after.itemId, out.itemId);
        out = after;
        await stack.expectNoChanges();
    });

    it("adopts an item created outside Pulumi, with no diff after", async () => {
        const made = await world.client.createItem({
            vaultId: out.vaultB, name: "Hand made", type: "LOGIN",
            fields: [{ name: "Key", type: "SECRET", value: "old value" }],
        });
        const fields = `[
            { name: "Username", type: "TEXT", value: "admin" },
            { name: "Password", type: "PASSWORD", value: "${ROTATED}" },
            { name: "Token", type: "SECRET", value: "${TOKEN}" },
        ]`;
        stack.writeProgram(program({ vault: "b", fields, extra: `
const adopted = new r4.VaultItem("adopted", { vaultId: b.id, name: "Hand made", type: "LOGIN",
    fields: [{ name: "Key", type: "SECRET", value: "${ADOPTED}" }], adoptId: "${made.id}" });
export const adoptedId = adopted.id;` }));
        await stack.up();
        assert.equal((await stack.outputs()).adoptedId, made.id);
        const read = await world.client.readItem(out.vaultB, made.id);
        assert.equal(read?.fields[0].value, ADOPTED);
        assert.equal(read?.fields[0].id, made.fieldIds.Key);
        await stack.expectNoChanges();
        await stack.refresh({ expectNoChanges: true });
    });

    it("holds no plaintext value in state (after an export/import round trip) or output", async () => {
        const { text } = await stack.exportState();
        await stack.importState(text);
        await stack.expectNoChanges();
        const again = (await stack.exportState()).text;
        const plaintexts = [PASSWORD, TOKEN, ROTATED, OUT_OF_BAND, ADOPTED, ...world.secrets()];
        assertNoLeak({ state: text, "state after import": again, "engine output": stack.output }, plaintexts);
        // The values are in state, as Pulumi secrets.
        const stateItem = (await stack.resources()).find((r) => r.urn.endsWith("::item"))!;
        assert.equal(stateItem.outputs.fields["4dabf18193072939515e22adb298388d"], "1b47061264138c4ac30d75fd1eb44270");
        assert.equal(stateItem.inputs.fields["4dabf18193072939515e22adb298388d"], "1b47061264138c4ac30d75fd1eb44270");
    });

    it("destroy archives every item and vault", async () => {
        await stack.destroy();
        assert.equal((await world.client.vaults.list()).vaults.length, 0);
    });
});
