import { strict as assert } from "node:assert";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { inspect } from "node:util";
import { z } from "zod";
import { HttpClient, type HttpClientOptions, type RetryInfo, closeAllPools, isIdempotent, parseRetryAfter, retryDelay, shouldRetry } from "../../../sdk/http";
import { R4Error } from "../../../sdk/errors";
import { NoContentResponse } from "../../../sdk/schemas";
import { poolFor } from "../../../sdk/pools";
import { Pool } from "undici";

const API_KEY = "rk_testaccess.sup3r-s3cret-value-do-not-leak";
const SECRET = "sup3r-s3cret-value-do-not-leak";

type Action = { status: number; headers?: Record<string, string>; body?: unknown } | "reset" | "hang";
interface Seen {
    method: string;
    url: string;
    headers: http.IncomingHttpHeaders;
    body: string;
}

/** A scripted server: each request takes the next action; the last one repeats. */
async function scripted(actions: Action[]) {
    const seen: Seen[] = [];
    const server = http.createServer((req, res) => {
        let body = "";
        req.on("data", (c) => (body += c));
        req.on("end", () => {
            seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
            const action = actions[Math.min(seen.length - 1, actions.length - 1)];
            if (action === "reset") return req.socket.destroy();
            if (action === "hang") return;
            const payload = action.body === undefined ? "" : typeof action.body === "string" ? action.body : JSON.stringify(action.body);
            res.writeHead(action.status, { ...(payload ? { "content-type": "application/json" } : {}), ...action.headers });
            res.end(payload);
        });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    return {
        seen,
        baseUrl: `http://127.0.0.1:${port}`,
        close: () => {
            server.closeAllConnections();
            return new Promise<void>((resolve) => server.close(() => resolve()));
        },
    };
}

const Ok = z.looseObject({ ok: z.literal(true) });
const ok = { status: 200, body: { ok: true } } as const;

let server: Awaited<ReturnType<typeof scripted>> | undefined;
let sleeps: number[];
let retries: RetryInfo[];

function client(opts: Partial<HttpClientOptions> = {}) {
    return new HttpClient({
        baseUrl: server!.baseUrl,
        apiKey: API_KEY,
        sleep: async (ms) => {
            sleeps.push(ms);
        },
        random: () => 0.5,
        onRetry: (i) => retries.push(i),
        ...opts,
    });
}

async function rejection(p: Promise<unknown>): Promise<R4Error> {
    try {
        await p;
    } catch (e) {
        assert.ok(R4Error.is(e), `expected an R4Error, got ${String(e)}`);
        return e;
    }
    assert.fail("expected the request to fail");
}

function assertNoKey(e: unknown) {
    const text = [String((e as Error).message), String((e as Error).stack), inspect(e, { depth: 8 })].join("\n");
    assert.ok(!text.includes(SECRET), "the API key secret leaked into an error");
}

describe("sdk/http: HttpClient against a scripted server", () => {
    beforeEach(() => {
        sleeps = [];
        retries = [];
    });
    afterEach(async () => {
        await server?.close();
        server = undefined;
        await closeAllPools();
    });

    it("sends the key, JSON body, query and base path; parses the answer", async () => {
        server = await scripted([ok]);
        const c = client();
        const r = await c.request({ method: "POST", path: "/vault", query: { projectId: "p 1", none: undefined }, body: { name: "v" }, schema: Ok, route: "POST /vault" });
        assert.deepEqual(r, { ok: true });
        const [s] = server.seen;
        assert.equal(s.method, "POST");
        assert.equal(s.url, "/api/v1/machine/vault?projectId=p+1");
        assert.equal(s.headers["x-api-key"], API_KEY);
        assert.equal(s.headers["content-type"], "application/json");
        assert.deepEqual(JSON.parse(s.body), { name: "v" });
        assert.equal(c.baseUrl, `${server.baseUrl}/api/v1/machine`);
    });

    it("does not add the base path twice", async () => {
        server = await scripted([ok]);
        const c = client({ baseUrl: `${server.baseUrl}/api/v1/machine/` });
        await c.request({ method: "GET", path: "/me", schema: Ok, route: "GET /me" });
        assert.equal(server.seen[0].url, "/api/v1/machine/me");
    });

    it("204 answers undefined", async () => {
        server = await scripted([{ status: 204 }]);
        const r = await client().request({ method: "DELETE", path: "/vault/v1", body: { summaryCheckpoint: {} }, schema: NoContentResponse, route: "DELETE /vault/:vaultId" });
        assert.equal(r, undefined);
        assert.equal(server.seen[0].method, "DELETE");
        assert.ok(server.seen[0].body.length > 0, "DELETE carries its body");
    });

    it("honours Retry-After seconds on 429", async () => {
        server = await scripted([{ status: 429, headers: { "retry-after": "2" }, body: { error: { code: "rate_limited", message: "slow" } } }, ok]);
        await client().request({ method: "GET", path: "/vault", schema: Ok, route: "GET /vault" });
        assert.equal(server.seen.length, 2);
        assert.deepEqual(sleeps, [2000]);
        assert.deepEqual(retries, [{ route: "GET /vault", attempt: 1, delayMs: 2000, status: 429, code: "rate_limited" }]);
    });

    it("honours a Retry-After HTTP date, and caps a long one", async () => {
        server = await scripted([{ status: 503, headers: { "retry-after": new Date(Date.now() + 5_000).toUTCString() } }, { status: 429, headers: { "retry-after": "3600" } }, ok]);
        await client({ retryAfterCapMs: 10_000 }).request({ method: "GET", path: "/vault", schema: Ok, route: "GET /vault" });
        assert.equal(server.seen.length, 3);
        assert.ok(sleeps[0] > 3_000 && sleeps[0] <= 5_000, `date-based delay ${sleeps[0]}`);
        assert.equal(sleeps[1], 10_000);
    });

    it("backs off exponentially with full jitter on 502/503/504", async () => {
        server = await scripted([{ status: 502 }, { status: 503 }, { status: 504 }, ok]);
        await client({ retryBaseDelayMs: 100 }).request({ method: "PUT", path: "/x", body: {}, schema: Ok, route: "PUT /x" });
        assert.equal(server.seen.length, 4);
        assert.deepEqual(sleeps, [50, 100, 200]); // random() = 0.5 of 100, 200, 400
        assert.deepEqual(retries.map((r) => r.status), [502, 503, 504]);
    });

    it("retries a connection reset on GET", async () => {
        server = await scripted(["reset", ok]);
        await client().request({ method: "GET", path: "/vault", schema: Ok, route: "GET /vault" });
        assert.equal(server.seen.length, 2);
        assert.equal(retries.length, 1);
        assert.equal(retries[0].status, undefined);
    });

    it("does not retry a POST unless it is marked idempotent", async () => {
        server = await scripted([{ status: 503 }, { status: 503 }, ok]);
        const e = await rejection(client().request({ method: "POST", path: "/licenses/purchase", body: {}, schema: Ok, route: "POST /licenses/purchase" }));
        assert.equal(e.status, 503);
        assert.equal(server.seen.length, 1);
        assert.deepEqual(sleeps, []);

        await client().request({ method: "POST", path: "/vault", body: {}, schema: Ok, route: "POST /vault", idempotent: true });
        assert.equal(server.seen.length, 3);
        assert.equal(sleeps.length, 1);
    });

    it("resends a POST refused with 429, which R4 never processed", async () => {
        server = await scripted([{ status: 429, headers: { "retry-after": "1" } }, ok]);
        await client().request({ method: "POST", path: "/project", body: {}, schema: Ok, route: "POST /project" });
        assert.equal(server.seen.length, 2);
        assert.deepEqual(sleeps, [1000]);
    });

    it("a reset POST fails at once and says it may have been applied", async () => {
        server = await scripted(["reset", ok]);
        const e = await rejection(client().request({ method: "POST", path: "/licenses/purchase", body: {}, schema: Ok, route: "POST /licenses/purchase" }));
        assert.equal(e.code, "connection_error");
        assert.equal(server.seen.length, 1);
        assert.match(e.message, /may or may not have been applied/);
        assertNoKey(e);
    });

    it("bounds the attempts and says how many were made", async () => {
        server = await scripted([{ status: 503, body: { error: { code: "service_unavailable", message: "down" } } }]);
        const e = await rejection(client({ maxRetries: 2 }).request({ method: "GET", path: "/vault", schema: Ok, route: "GET /vault" }));
        assert.equal(server.seen.length, 3);
        assert.equal(e.code, "service_unavailable");
        assert.equal(e.retryable, true);
        assert.match(e.message, /^GET \/vault: .*gave up after 3 attempts/);
        assert.equal(sleeps.length, 2);
    });

    it("default budget is 4 retries", async () => {
        server = await scripted([{ status: 429 }]);
        await rejection(client().request({ method: "GET", path: "/vault", schema: Ok, route: "GET /vault" }));
        assert.equal(server.seen.length, 5);
    });

    it("never resends a 409 or a 4xx", async () => {
        server = await scripted([{ status: 409, body: { error: { code: "checkpoint_conflict", message: "stale" } } }]);
        const e = await rejection(client().request({ method: "DELETE", path: "/vault/v", schema: NoContentResponse, route: "DELETE /vault/:vaultId" }));
        assert.equal(e.code, "checkpoint_conflict");
        assert.equal(server.seen.length, 1);
    });

    it("per-attempt timeouts fire and are retried on idempotent requests", async () => {
        server = await scripted(["hang"]);
        const started = Date.now();
        const e = await rejection(client({ timeoutMs: 150, maxRetries: 1 }).request({ method: "GET", path: "/vault", schema: Ok, route: "GET /vault" }));
        assert.equal(e.code, "timeout");
        assert.equal(server.seen.length, 2);
        assert.ok(Date.now() - started < 5_000);
        assert.match(e.message, /within 150 ms/);
        assertNoKey(e);
    });

    it("a caller's abort is not retried", async () => {
        server = await scripted(["hang"]);
        const controller = new AbortController();
        setTimeout(() => controller.abort(), 50);
        const e = await rejection(client({ timeoutMs: 5_000 }).request({ method: "GET", path: "/vault", schema: Ok, route: "GET /vault", signal: controller.signal }));
        assert.equal(e.code, "aborted");
        assert.equal(server.seen.length, 1);
    });

    it("a malformed answer is bad_response naming the route and field", async () => {
        server = await scripted([{ status: 200, body: { vaults: [{ id: "v1", name: 7 }] } }]);
        const Schema = z.looseObject({ vaults: z.array(z.looseObject({ id: z.string(), name: z.string() })) });
        const e = await rejection(client().request({ method: "GET", path: "/vault", schema: Schema, route: "GET /vault" }));
        assert.equal(e.code, "bad_response");
        assert.equal(e.route, "GET /vault");
        assert.match(e.message, /^GET \/vault: .*vaults\[0\]\.name/);
        assert.equal(server.seen.length, 1);
    });

    it("a non-JSON answer is bad_response", async () => {
        server = await scripted([{ status: 200, body: "<html>hello</html>" }]);
        const e = await rejection(client().request({ method: "GET", path: "/vault", schema: Ok, route: "GET /vault" }));
        assert.equal(e.code, "bad_response");
        assert.doesNotMatch(e.message, /hello/);
    });

    it("maps error bodies through the factory", async () => {
        server = await scripted([{ status: 404, body: { error: { code: "project_not_found", message: "The project was not found." } } }]);
        const e = await rejection(client().request({ method: "GET", path: "/project/p", schema: Ok, route: "GET /project/:id" }));
        assert.equal(e.status, 404);
        assert.equal(e.code, "project_not_found");
        assert.match(e.message, /The project was not found/);
    });

    it("refuses bodies over 1 MiB without sending them", async () => {
        server = await scripted([ok]);
        const e = await rejection(client().request({ method: "POST", path: "/x", body: { blob: "x".repeat(1024 * 1024) }, schema: Ok, route: "POST /x" }));
        assert.equal(e.code, "payload_too_large");
        assert.equal(server.seen.length, 0);
        assertNoKey(e);
    });

    it("the API key never appears in any error, even when the server echoes it", async () => {
        server = await scripted([{ status: 401, body: { error: { code: "unauthorized", message: `key ${API_KEY} is revoked; secret ${SECRET}` } } }]);
        const e = await rejection(client().request({ method: "GET", path: "/me", schema: Ok, route: "GET /me" }));
        assert.equal(e.code, "unauthorized");
        assertNoKey(e);
        assert.match(e.message, /\[redacted\]/);
        assert.ok(!inspect(client()).includes(SECRET), "inspecting the client shows the key");
        assert.ok(!JSON.stringify(client()).includes(SECRET));
    });

    it("refuses a missing or malformed key without echoing it", () => {
        for (const apiKey of ["", "no-dot-here", "a.b c"]) {
            assert.throws(() => new HttpClient({ baseUrl: "http://127.0.0.1:1", apiKey }), (e: unknown) => R4Error.is(e) && e.code === "missing_api_key" && !e.message.includes(apiKey || "\u0000"));
        }
        assert.throws(() => new HttpClient({ baseUrl: "ftp://x", apiKey: API_KEY }), (e: unknown) => R4Error.is(e) && e.code === "invalid_base_url");
    });

    it("reads an answer that arrives in many chunks whole", async () => {
        const big = "x".repeat(512 * 1024);
        server = await scripted([{ status: 200, body: { big } }]);
        const c = client();
        const got = await c.request({ method: "GET", path: "/vault", schema: z.object({ big: z.string() }), route: "GET /vault" });
        assert.equal(got.big.length, big.length);
    });

    it("shares undici's own Pool class, loaded without the rest of undici", () => {
        // pools.ts requires undici/lib/dispatcher/pool directly; an undici upgrade that moves it must fail here.
        assert.ok(poolFor("http://127.0.0.1:1", 1_000) instanceof Pool);
    });

    it("counts requests and attempts per route", async () => {
        server = await scripted([{ status: 503 }, ok]);
        const c = client();
        await c.request({ method: "GET", path: "/vault", schema: Ok, route: "GET /vault" });
        await c.request({ method: "GET", path: "/vault", schema: Ok, route: "GET /vault" });
        assert.deepEqual(c.routeStats(), { "GET /vault": { requests: 2, attempts: 3 } });
        c.resetRouteStats();
        assert.deepEqual(c.routeStats(), {});
    });
});

describe("sdk/http: retry policy", () => {
    it("idempotent by method unless told", () => {
        assert.equal(isIdempotent("GET"), true);
        assert.equal(isIdempotent("PUT"), true);
        assert.equal(isIdempotent("DELETE"), true);
        assert.equal(isIdempotent("POST"), false);
        assert.equal(isIdempotent("PATCH"), false);
        assert.equal(isIdempotent("POST", true), true);
        assert.equal(isIdempotent("GET", false), false);
    });

    it("shouldRetry", () => {
        for (const status of [429, 502, 503, 504]) assert.equal(shouldRetry({ status }, true), true, String(status));
        // A 429 was refused unprocessed: resending a non-idempotent request cannot duplicate it.
        assert.equal(shouldRetry({ status: 429 }, false), true);
        for (const status of [502, 503, 504]) assert.equal(shouldRetry({ status }, false), false, String(status));
        for (const status of [400, 401, 403, 404, 409, 413, 500]) assert.equal(shouldRetry({ status }, true), false, String(status));
        for (const errorCode of ["ECONNRESET", "UND_ERR_SOCKET", "timeout", "UND_ERR_HEADERS_TIMEOUT"]) assert.equal(shouldRetry({ errorCode }, true), true);
        assert.equal(shouldRetry({ errorCode: "ENOTFOUND" }, true), false);
        assert.equal(shouldRetry({ errorCode: "ECONNRESET" }, false), false);
    });

    it("parseRetryAfter", () => {
        const now = Date.parse("2026-05-28T08:30:00Z");
        assert.equal(parseRetryAfter("3", now), 3000);
        assert.equal(parseRetryAfter("0.5", now), 500);
        assert.equal(parseRetryAfter("Thu, 28 May 2026 08:30:10 GMT", now), 10_000);
        assert.equal(parseRetryAfter("Thu, 28 May 2026 08:29:00 GMT", now), 0);
        assert.equal(parseRetryAfter("soon", now), undefined);
        assert.equal(parseRetryAfter(undefined, now), undefined);
    });

    it("retryDelay: Retry-After capped, else full jitter under an exponential ceiling", () => {
        const opts = { retryBaseDelayMs: 500, retryMaxDelayMs: 8_000, retryAfterCapMs: 60_000 };
        assert.equal(retryDelay(0, 2_000, () => 0.9, opts), 2_000);
        assert.equal(retryDelay(0, 120_000, () => 0.9, opts), 60_000);
        assert.equal(retryDelay(0, undefined, () => 0, opts), 0);
        assert.equal(retryDelay(0, undefined, () => 0.999, opts), 499);
        assert.equal(retryDelay(3, undefined, () => 0.5, opts), 2_000);
        assert.equal(retryDelay(10, undefined, () => 0.5, opts), 4_000);
    });
});
