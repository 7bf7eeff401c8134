import * as assert from "node:assert/strict";
import { R4Error } from "../../../sdk/errors";
import { createOnce, mayHaveApplied } from "../../../provider/plumbing/create-once";

const dropped = () => new R4Error({ code: "connection_error", route: "POST /project", retryable: true, message: "dropped" });
const noSleep = async () => undefined;

describe("createOnce: non-idempotent creates after a lost answer", () => {
    it("a create committed with its answer lost is found, not sent again", async () => {
        const server: string[] = ["old"];
        let sends = 0;
        const id = await createOnce({
            noun: "project",
            matching: async () => [...server],
            create: async () => {
                sends++;
                server.push("new");
                throw dropped();
            },
            recover: async (found) => found,
            sleep: noSleep,
        });
        assert.equal(id, "new");
        assert.equal(sends, 1);
        assert.deepEqual(server, ["old", "new"]);
    });

    it("a create that never landed is sent again", async () => {
        const server: string[] = [];
        let sends = 0;
        const id = await createOnce({
            noun: "project",
            matching: async () => [...server],
            create: async () => {
                if (++sends === 1) throw new R4Error({ status: 503, code: "service_unavailable", message: "down" });
                server.push("p1");
                return "p1";
            },
            recover: async (found) => found,
            sleep: noSleep,
        });
        assert.equal(id, "p1");
        assert.equal(sends, 2);
    });

    it("a definite refusal is not resent, and an ambiguous lookup fails naming the candidates", async () => {
        let sends = 0;
        await assert.rejects(
            createOnce({ noun: "project", matching: async () => [], create: async () => { sends++; throw new R4Error({ status: 403, code: "forbidden", message: "no" }); }, recover: async (x) => x, sleep: noSleep }),
            /no/,
        );
        assert.equal(sends, 1);
        const server: string[] = [];
        await assert.rejects(
            createOnce({ noun: "project", matching: async () => [...server], create: async () => { server.push("a", "b"); throw dropped(); }, recover: async (x) => x, sleep: noSleep }),
            /2 new projects matching it appeared meanwhile \(a, b\).*adoptId/,
        );
    });

    it("gives up after the resend budget, saying nothing was written", async () => {
        await assert.rejects(
            createOnce({ noun: "agent", matching: async () => [], create: async () => { throw dropped(); }, recover: async (x) => x, sleep: noSleep, resends: 2 }),
            /failed 3 times .*R4 holds no such agent, so nothing was written\. Run `pulumi up` again/,
        );
        assert.equal(mayHaveApplied(new R4Error({ status: 409, code: "conflict", message: "x" })), false);
        assert.equal(mayHaveApplied(new R4Error({ status: 500, code: "internal_error", message: "x" })), true);
    });
});
