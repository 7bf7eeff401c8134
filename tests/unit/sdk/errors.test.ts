import { strict as assert } from "node:assert";
import { R4Error, IntegrityError, errorFromResponse } from "../../../sdk/errors";

const body = (code: string, message: string) => ({ error: { code, message } });

describe("sdk/errors: errorFromResponse", () => {
    it("401 says how to set the key", () => {
        const e = errorFromResponse(401, body("unauthorized", "Invalid or missing API key."), "GET /me");
        assert.equal(e.status, 401);
        assert.equal(e.code, "unauthorized");
        assert.equal(e.route, "GET /me");
        assert.equal(e.retryable, false);
        assert.match(e.message, /^GET \/me: HTTP 401/);
        assert.match(e.message, /r4:apiKey/);
        assert.match(e.message, /R4_API_KEY/);
    });

    it("403 names the missing permission from the message or the body", () => {
        const a = errorFromResponse(403, body("forbidden", "Missing permission machine.vault.write"), "POST /vault");
        assert.match(a.message, /lacks the permission machine\.vault\.write/);
        assert.match(a.message, /machine\.vault\.all/);
        const b = errorFromResponse(403, { error: { code: "forbidden", message: "denied", requiredPermission: "machine.dns.write" } }, "POST /domain-manager/dns-records");
        assert.match(b.message, /machine\.dns\.write/);
        const c = errorFromResponse(403, body("forbidden", "denied"), "GET /agent");
        assert.match(c.message, /scope and permissions/);
    });

    it("403 domain_not_managed keeps its code and gives specific advice", () => {
        const e = errorFromResponse(403, body("domain_not_managed", 'The domain "example.com" is not managed through R4.'), "GET /domain-manager/dns-records");
        assert.equal(e.code, "domain_not_managed");
        assert.match(e.message, /purchased through R4/);
    });

    it("404 and 409 say what to do; 409 says re-read the chain", () => {
        assert.match(errorFromResponse(404, body("vault_not_found", "no"), "GET /vault/:vaultId").message, /Check the id/);
        const c = errorFromResponse(409, body("checkpoint_conflict", "stale version 4, current 5"), "POST /vault/:vaultId/items");
        assert.equal(c.code, "checkpoint_conflict");
        assert.equal(c.retryable, false);
        assert.match(c.message, /Re-read the current checkpoint/);
        assert.match(c.message, /stale version 4, current 5/);
        assert.match(errorFromResponse(409, undefined, "x").message, /Re-read the current state/);
    });

    it("413 and 429 and 5xx", () => {
        const big = errorFromResponse(413, undefined, "POST /vault/:vaultId/items");
        assert.equal(big.code, "payload_too_large");
        assert.match(big.message, /1 MiB/);
        const rl = errorFromResponse(429, body("rate_limited", "slow down"), "GET /vault");
        assert.equal(rl.retryable, true);
        assert.match(rl.message, /--parallel/);
        for (const s of [502, 503, 504]) assert.equal(errorFromResponse(s, undefined, "r").retryable, true);
        assert.equal(errorFromResponse(500, undefined, "r").retryable, false);
        assert.equal(errorFromResponse(500, undefined, "r").code, "server_error");
    });

    it("uses only code and a bounded one-line message from the body", () => {
        const e = errorFromResponse(400, { error: { code: "bad", message: "line1\nline2" + "x".repeat(1000) }, echoed: "SECRET_VALUE" }, "r");
        assert.doesNotMatch(e.message, /SECRET_VALUE/);
        assert.doesNotMatch(e.message, /\n/);
        assert.ok(e.message.length < 1000);
        const weird = errorFromResponse(400, { error: { code: "has spaces and {json}", message: "m" } }, "r");
        assert.equal(weird.code, "bad_request");
        const redacted = errorFromResponse(400, body("bad", "key rk_a.s3cret rejected"), "r", { redact: (s) => s.split("rk_a.s3cret").join("[redacted]") });
        assert.doesNotMatch(redacted.message, /s3cret/);
    });

    it("keeps the brand, and IntegrityError is an R4Error", () => {
        const e = errorFromResponse(404, undefined, "r");
        assert.ok(R4Error.is(e));
        assert.ok(e instanceof R4Error);
        const i = new IntegrityError("bad signature", "GET /vault/:vaultId/items");
        assert.ok(R4Error.is(i));
        assert.equal(i.code, "integrity_error");
        assert.ok(!R4Error.is(new Error("x")));
    });
});
