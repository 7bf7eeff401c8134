import { strict as assert } from "node:assert";
import { IntegrityError, R4Error } from "../../../sdk";
import { ChainState } from "../../../sdk/flows/state/chain";
import { VaultWriteQueue } from "../../../sdk/flows/state/write-queue";

const conflict = () => new R4Error({ status: 409, code: "checkpoint_conflict", route: "POST /vault/:vaultId/items", message: "stale" });
const tick = () => new Promise((r) => setImmediate(r));

describe("flows: VaultWriteQueue", () => {
    it("runs writes to one vault one at a time, in call order; other vaults run alongside", async () => {
        const q = new VaultWriteQueue();
        const log: string[] = [];
        const write = (vault: string, name: string) => q.run([vault], name, async () => {
            log.push(`start ${name}`);
            await tick();
            log.push(`end ${name}`);
        });
        await Promise.all([write("a", "a1"), write("a", "a2"), write("b", "b1")]);
        assert.ok(log.indexOf("end a1") < log.indexOf("start a2"), "a2 waits for a1");
        assert.ok(log.indexOf("start b1") < log.indexOf("end a1"), "b1 does not wait for vault a");
    });

    it("re-runs a write after a checkpoint conflict, telling the caller which vaults to re-read", async () => {
        const forgotten: string[][] = [];
        const q = new VaultWriteQueue(5, (ids) => forgotten.push(ids));
        let attempts = 0;
        const result = await q.run(["v"], "Creating item x", async ({ attempt }) => {
            attempts++;
            if (attempt < 2) throw conflict();
            return "done";
        });
        assert.equal(result, "done");
        assert.equal(attempts, 3);
        assert.deepEqual(forgotten, [["v"], ["v"]]);
    });

    it("gives up after N re-reads with a clear checkpoint_conflict, and never retries other errors", async () => {
        const q = new VaultWriteQueue(2);
        let attempts = 0;
        await assert.rejects(q.run(["v"], "Updating item x", async () => {
            attempts++;
            throw conflict();
        }), (e: any) => R4Error.is(e) && e.code === "checkpoint_conflict" && /after 3 attempts/.test(e.message));
        assert.equal(attempts, 3);
        let other = 0;
        await assert.rejects(q.run(["v"], "x", async () => {
            other++;
            throw new R4Error({ status: 400, code: "checkpoint_mismatch", message: "no" });
        }), (e: any) => e.code === "checkpoint_mismatch");
        assert.equal(other, 1);
    });

    it("a failed write releases the vault for the next one", async () => {
        const q = new VaultWriteQueue(0);
        await assert.rejects(q.run(["v"], "x", async () => { throw new Error("boom"); }));
        assert.equal(await q.run(["v"], "y", async () => 1), 1);
    });

    it("moves in opposite directions cannot deadlock (locks taken in sorted order)", async () => {
        const q = new VaultWriteQueue();
        const done = await Promise.race([
            Promise.all([
                q.run(["a", "b"], "move a→b", async () => { await tick(); return 1; }),
                q.run(["b", "a"], "move b→a", async () => { await tick(); return 2; }),
            ]),
            new Promise((_, reject) => setTimeout(() => reject(new Error("deadlock")), 1000)),
        ]);
        assert.deepEqual(done, [1, 2]);
    });
});

describe("flows: ChainState", () => {
    const summary = (version: number, name = "v") => ({
        checkpoint: { vaultId: "v1", version, name, dataClassification: "CONFIDENTIAL" as const, currentDekVersion: 1, items: [], groups: [] },
        signerUserKeyPairId: "k", signature: "s",
    });

    it("keeps the last summary, and refuses a lower version than seen (rollback)", () => {
        const chain = new ChainState();
        chain.rememberSummary(summary(3));
        assert.equal(chain.summary("v1")?.checkpoint.version, 3);
        chain.forgetSummary("v1");
        assert.equal(chain.summary("v1"), undefined);
        assert.throws(() => chain.rememberSummary(summary(2)), IntegrityError);
        chain.rememberSummary(summary(3));
        chain.rememberSummary(summary(4));
        assert.equal(chain.highestSeen("vaultSummary", "v1"), 4);
    });

    it("refuses two different contents under one version", () => {
        const chain = new ChainState();
        chain.rememberSummary(summary(5, "a"));
        assert.throws(() => chain.rememberSummary(summary(5, "b")), IntegrityError);
    });
});
