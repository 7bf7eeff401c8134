import { strict as assert } from "node:assert";
import { request } from "undici";
import { verifyCheckpoint } from "../../sdk/crypto";
import { startWorld, World } from "./world";

describe("emulator: fault injection", () => {
    let w: World;
    afterEach(() => w.close());

    const admin = async (method: "GET" | "PUT", path: string, body?: unknown, token = w.emu.adminToken) => {
        const res = await request(`${w.emu.baseUrl}${path}`, { method, headers: { "x-admin-token": token, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
        return { status: res.statusCode, body: await res.body.json() as any };
    };

    it("a seeded schedule gives the same faults twice, with Retry-After on 429", async () => {
        const config = { seed: 7, rules: [{ route: "GET /me", status429: 0.3, status503: 0.2 }] };
        w = await startWorld({ faults: config });
        const run = async () => {
            const out: number[] = [];
            for (let i = 0; i < 40; i++) {
                const r = await w.call("GET", "/me");
                if (r.status === 429) assert.equal(r.headers["retry-after"], "1");
                out.push(r.status);
            }
            return out;
        };
        const first = await run();
        assert.equal((await admin("PUT", "/__admin/faults", config)).status, 200);
        const second = await run();
        assert.deepEqual(first, second);
        assert.ok(first.includes(429) && first.includes(503) && first.includes(200), first.join(","));
        assert.equal((await admin("GET", "/__admin/counters", undefined, "wrong-token-wrong-token-wrong-token-wrong-")).status, 401);
        const counters = (await admin("GET", "/__admin/counters")).body;
        assert.equal(counters.requests["GET /me"], 80);
        assert.ok(counters.faults.status429 > 0);
    });

    it("drop after commit: the connection dies but the write landed", async () => {
        w = await startWorld({ faults: { rules: [{ route: "POST /project", dropAfterCommit: 1 }] } });
        await assert.rejects(w.call("POST", "/project", { name: "landed" }));
        w.emu.admin.setFaults({ rules: [{ route: "POST /project", dropBeforeCommit: 1 }] });
        await assert.rejects(w.call("POST", "/project", { name: "never" }));
        w.emu.admin.setFaults({});
        assert.deepEqual((await w.call("GET", "/project")).body.projects.map((p: any) => p.name), ["landed"]);
    });

    it("added latency delays the answer", async () => {
        w = await startWorld({ faults: { rules: [{ route: "GET /me", latencyMs: 150, jitterMs: 10 }] } });
        const t = Date.now();
        assert.equal((await w.call("GET", "/me")).status, 200);
        assert.ok(Date.now() - t >= 150);
    });

    it("tamper modes visibly change responses", async () => {
        w = await startWorld();
        const vaultId = await w.vault();
        const { id, body } = w.itemBody(vaultId, 2, { A: "a", B: "b" });
        await w.call("POST", `/vault/${vaultId}/items`, body);
        const pub = (await w.call("GET", `/vault/${vaultId}/public-keys`)).body.keys[0].publicKey;
        const honest = (await w.call("GET", `/vault/${vaultId}/items/${id}`)).body;

        w.emu.admin.setFaults({ rules: [{ route: "GET /vault/*/items", tamper: { corruptSignature: 1 } }] });
        const corrupted = (await w.call("GET", `/vault/${vaultId}/items`)).body;
        assert.throws(() => verifyCheckpoint("vaultSummary", corrupted.summaryCheckpoint, pub));

        w.emu.admin.setFaults({ rules: [{ route: "GET /vault/*/items/*", tamper: { swapCiphertext: 1 } }] });
        const swapped = (await w.call("GET", `/vault/${vaultId}/items/${id}`)).body;
        assert.deepEqual(swapped.fields.map((f: any) => f.value), [honest.fields[1].value, honest.fields[0].value]);

        w.emu.admin.setFaults({ rules: [{ route: "GET /vault/*/items", tamper: { rollbackVersion: 1 } }] });
        const rolled = (await w.call("GET", `/vault/${vaultId}/items`)).body;
        assert.equal(rolled.summaryCheckpoint.checkpoint.version, 1);
        verifyCheckpoint("vaultSummary", rolled.summaryCheckpoint, pub); // genuinely signed, just old

        w.emu.admin.setFaults({ rules: [{ route: "GET /vault/*/public-keys", tamper: { swapSignerKey: 1 } }] });
        const keys = (await w.call("GET", `/vault/${vaultId}/public-keys`)).body.keys;
        assert.notEqual(keys[0].publicKey, pub);
        const counters = w.emu.admin.counters().faults;
        for (const m of ["corruptSignature", "swapCiphertext", "rollbackVersion", "swapSignerKey"]) assert.equal(counters[`tamper.${m}`], 1);
    });
});
