/**
 * Creates interrupted by a crash, without the engine: the provider's create of a resource whose
 * earlier create reached R4 but never the state (the engine forgot it) finds that object through
 * the create journal and adopts it, for every resource kind; stale or foreign notes never adopt
 * the wrong object; deletes forget their note; the journal holds no secret.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { provider } from "../../provider/dispatch";
import { URN } from "../../provider/plumbing/create-journal";
import { unfolded } from "../../provider/plumbing/record";
import { journal } from "../../provider/plumbing/settings";
import { R4World } from "../harness/r4-world";

const urnOf = (kind: string, name: string) => `urn:pulumi:dev::interrupted::pulumi-nodejs:dynamic/r4:${kind}::${name}`;

describe("reliability: a create interrupted by a crash is found, not repeated", function () {
    this.timeout(120_000);
    let world: R4World;
    let journalDir: string;
    const saved: Record<string, string | undefined> = {};
    const ENV = ["R4_BASE_URL", "R4_API_KEY", "R4_PRIVATE_KEY", "R4_CREATE_JOURNAL_DIR"];

    before(async () => {
        world = await R4World.start();
        journalDir = fs.mkdtempSync(path.join(os.tmpdir(), "r4-journal-"));
        for (const k of ENV) saved[k] = process.env[k];
        Object.assign(process.env, {
            R4_BASE_URL: world.credentials.baseUrl,
            R4_API_KEY: world.credentials.apiKey,
            R4_PRIVATE_KEY: world.credentials.privateKeyPem,
            R4_CREATE_JOURNAL_DIR: journalDir,
        });
    });
    after(async () => {
        for (const k of ENV) if (saved[k] === undefined) delete process.env[k]; else process.env[k] = saved[k];
        fs.rmSync(journalDir, { recursive: true, force: true });
        await world.stop();
    });

    /** Creates, then "crashes": the engine never records the answer and asks again, maybe with edited inputs. */
    async function createTwice(kind: Parameters<typeof provider>[0], name: string, first: Record<string, unknown>, second = first) {
        const p = provider(kind);
        const urn = urnOf(kind, name);
        const a = await p.create!({ ...first, [URN]: urn });
        const b = await p.create!({ ...second, [URN]: urn });
        return { p, urn, a, b };
    }

    it("vault and item: the same object, brought to the inputs of the second try", async () => {
        const v = await createTwice("Vault", "v", { name: "Interrupted" }, { name: "Interrupted, renamed" });
        assert.equal(v.b.id, v.a.id, "the vault is adopted, not made twice");
        const vaults = (await world.client.vaults.list()).vaults.filter((x: any) => x.name.startsWith("Interrupted"));
        assert.deepEqual(vaults.map((x: any) => [x.id, x.name]), [[v.a.id, "Interrupted, renamed"]]);
        assert.equal(unfolded(v.b.outs)[URN], v.urn, "the URN is carried in state, for delete");

        const fields = (value: string) => [{ name: "password", type: "PASSWORD", value }];
        const i = await createTwice("VaultItem", "i", { vaultId: v.a.id, name: "db", type: "LOGIN", fields: fields("first") }, { vaultId: v.a.id, name: "db", type: "LOGIN", fields: fields("second") });
        assert.equal(i.b.id, i.a.id);
        const items = (await world.client.items.list(v.a.id)).items;
        assert.equal(items.length, 1);
        const read = await world.client.readItem(v.a.id, i.a.id);
        assert.equal(read!.fields[0].value, "second", "the adopted item holds the values of the create that won");
    });

    it("vault: a crash between the vault and our wrapped copy of its key is finished by the next create", async () => {
        const urn = urnOf("Vault", "half");
        world.emulator.admin.setFaults({ rules: [{ route: "POST /wrapped-key/vault/*", status500: 1 }] });
        try {
            await assert.rejects(provider("Vault").create!({ name: "Half made", [URN]: urn }));
        } finally {
            world.emulator.admin.setFaults({});
        }
        const noted = journal().read(urn)?.id;
        assert.ok(noted, "the id was noted before the vault was sent");
        const again = await provider("Vault").create!({ name: "Half made", [URN]: urn });
        assert.equal(again.id, noted);
        const item = await provider("VaultItem").create!({ vaultId: again.id, name: "after", type: "LOGIN", fields: [{ name: "p", type: "PASSWORD", value: "after-half" }], [URN]: urnOf("VaultItem", "after") });
        assert.equal((await world.client.readItem(again.id, item.id))!.fields[0].value, "after-half", "the vault's key is usable");
    });

    it("project and DNS record: found by what matches and was not there before the interrupted send", async () => {
        const p = await createTwice("Project", "p", { name: "Interrupted project", externalId: "ip-1" });
        assert.equal(p.b.id, p.a.id);
        assert.equal((await world.client.projects.list()).projects.filter((x) => x.name === "Interrupted project").length, 1);

        const domain = world.credentials.managedDomain;
        const d = await createTwice("DnsRecord", "d", { domain, type: "A", name: "interrupted", value: "192.0.2.10" });
        assert.equal(d.b.id, d.a.id, "a second add would have been refused with 409 on every later up");
        assert.equal((await world.client.dns.list(domain)).records.filter((r) => r.name === "interrupted").length, 1);
    });

    it("a crash between the send and the answer (the note holds only what existed before): the object that appeared is adopted", async () => {
        const urn = urnOf("Project", "lost-answer");
        const inputs = { name: "Lost answer", externalId: "la-1" };
        // What the provider noted before sending, then the server committing with the answer lost.
        journal().write({ urn, before: [] });
        const made = await world.client.projects.create(inputs);
        const again = await provider("Project").create!({ ...inputs, [URN]: urn });
        assert.equal(again.id, made.id);
        assert.equal((await world.client.projects.list()).projects.filter((x) => x.name === "Lost answer").length, 1);
        assert.equal(journal().read(urn)?.id, made.id, "the note now names the object");
    });

    it("agent: adopted with a fresh key, so the key lost with the first answer is void", async () => {
        const inputs = { name: "interrupted-agent", domainTenantId: world.credentials.domainTenantId, permissions: ["machine.vault.read"] };
        const a = await createTwice("Agent", "a", inputs);
        assert.equal(a.b.id, a.a.id);
        assert.notEqual(a.b.outs.apiKey, a.a.outs.apiKey);
        assert.equal((await world.client.agents.list()).agents.filter((x: any) => x.name === "interrupted-agent" && !x.archivedAt).length, 1);
        const { R4Client } = await import("../../sdk/client");
        const lost = new R4Client({ baseUrl: world.credentials.baseUrl, apiKey: a.a.outs.apiKey, privateKeyPem: world.credentials.privateKeyPem });
        await assert.rejects(lost.me.get(), /401|key/i, "the first key no longer works");
    });

    it("a stale note (object archived since), a changed identity or a replacement makes a new object", async () => {
        const p = provider("Project");
        const urn = urnOf("Project", "stale");
        const first = await p.create!({ name: "Stale", [URN]: urn });
        await world.client.projects.archive({ id: first.id });
        const second = await p.create!({ name: "Stale", [URN]: urn });
        assert.notEqual(second.id, first.id);

        // A replacement (create before delete): the old object is live, but differs in what forces a new one.
        const agent = provider("Agent");
        const aUrn = urnOf("Agent", "replaced");
        const base = { name: "replaced-agent", domainTenantId: world.credentials.domainTenantId };
        const old = await agent.create!({ ...base, permissions: ["machine.vault.read"], [URN]: aUrn });
        const replacement = await agent.create!({ ...base, permissions: ["machine.vault.write"], [URN]: aUrn });
        assert.notEqual(replacement.id, old.id);
        // A replacement whose new inputs the old object also satisfies (a project bound to the
        // tenant's default binding, now declared): the diff that calls for it forgets the note.
        const pUrn = urnOf("Project", "rebound");
        const unbound = await p.create!({ name: "Rebound", [URN]: pUrn });
        const rebound = { name: "Rebound", domainTenantId: world.credentials.domainTenantId, [URN]: pUrn };
        assert.deepEqual((await p.diff!(unbound.id, unbound.outs, rebound)).replaces, ["domainTenantId"]);
        assert.notEqual((await p.create!(rebound)).id, unbound.id, "the replacement is a new project");

        // Deleting the old object keeps the replacement's note; deleting the replacement forgets it.
        await agent.delete!(old.id, old.outs);
        assert.equal(journal().read(aUrn)?.id, replacement.id);
        await agent.delete!(replacement.id, replacement.outs);
        assert.equal(journal().read(aUrn), undefined);
    });

    it("a note lives until the engine shows it holds the object; then the same URN elsewhere makes its own", async () => {
        const p = provider("Vault");
        for (const [confirm, call] of [
            ["diff", (id: string, outs: any) => p.diff!(id, outs, { ...outs })],
            ["read", (id: string, outs: any) => p.read!(id, outs)],
            ["update", (id: string, outs: any) => p.update!(id, outs, { ...outs, name: `${outs.name}, updated` })],
        ] as const) {
            const urn = urnOf("Vault", `confirmed-by-${confirm}`);
            const first = await p.create!({ name: `Confirmed by ${confirm}`, [URN]: urn });
            assert.equal(journal().read(urn)?.id, first.id);
            const notes = fs.readdirSync(journalDir).length;
            await call(first.id, first.outs);
            assert.equal(journal().read(urn), undefined, `a ${confirm} forgets the note`);
            // Its file goes when the process ends (tests/unit/provider/create-journal.test.ts): a later process finds no note.
            const naming = () => fs.readdirSync(journalDir).filter((f) => fs.readFileSync(path.join(journalDir, f), "utf8").includes(first.id));
            assert.equal(fs.readdirSync(journalDir).length, notes, `a ${confirm} leaves the note's file to the end of the process`);
            assert.equal(naming().length, 1);
            journal().removeForgotten();
            assert.deepEqual(naming(), [], `the note's file is removed at the end`);
            const other = await p.create!({ name: `Confirmed by ${confirm}`, [URN]: urn });
            assert.notEqual(other.id, first.id, `after a ${confirm}, the same URN makes a new vault`);
        }
    });

    it("the journal holds ids and URNs only", () => {
        const text = fs.readdirSync(journalDir).map((f) => fs.readFileSync(path.join(journalDir, f), "utf8")).join("\n");
        assert.ok(text.length > 0);
        for (const secret of [...world.secrets(), "first", "second"]) assert.ok(!text.includes(secret), "no secret in the journal");
        for (const f of fs.readdirSync(journalDir)) assert.equal(fs.statSync(path.join(journalDir, f)).mode & 0o077, 0, "notes are private to their owner");
    });
});
