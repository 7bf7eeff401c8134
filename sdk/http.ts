/**
 * The one place the SDK talks HTTP. Every request goes through `HttpClient.request`, which sends
 * the API key, serialises the JSON body, bounds each attempt with a timeout, retries where it is
 * safe, parses the answer with the route's zod schema and turns failures into `R4Error`s.
 *
 * Retry rules live in `retry.ts` (`shouldRetry`, `retryDelay`): 429 is retried for every
 * request (R4 refused it unprocessed); 502, 503, 504 and connection failures or timeouts are
 * retried, with backoff, only for idempotent requests. A 409
 * is never resent: the checkpoint chain moved, which needs a re-read and a re-sign by the caller.
 *
 * Nothing here logs, and no error message carries the API key or a request or response body.
 */
import type { Dispatcher } from "undici";
import type { z } from "zod";
import { R4Error, errorFromResponse } from "./errors";
import { poolFor } from "./pools";
import { type AttemptOutcome, defaultSleep, isIdempotent, parseRetryAfter, RETRY_DEFAULTS, RETRYABLE_ERROR_CODES, retryDelay, shouldRetry } from "./retry";

export { closeAllPools } from "./pools";
export { isIdempotent, parseRetryAfter, retryDelay, shouldRetry, type AttemptOutcome, type RetryDelayOptions } from "./retry";

export const MACHINE_API_BASE_PATH = "/api/v1/machine";
/** R4 refuses bodies over 1 MiB with 413; refuse them before sending. */
export const MAX_REQUEST_BODY_BYTES = 1024 * 1024;

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
export type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions<S extends z.ZodType> {
    method: HttpMethod;
    /** Path under `/api/v1/machine`, built with the `path` tag. */
    path: string;
    query?: Record<string, QueryValue>;
    body?: unknown;
    /** Schema of the success answer. A 204 answer is parsed as `undefined`. */
    schema: S;
    /** Route name for errors, hooks and counters, e.g. "POST /vault". */
    route: string;
    /** Defaults: true for GET, PUT, DELETE; false for POST and PATCH. */
    idempotent?: boolean;
    headers?: Record<string, string>;
    signal?: AbortSignal;
    /** Overrides the client's per-attempt timeout. */
    timeoutMs?: number;
}

export interface RetryInfo {
    route: string;
    /** The attempt that just failed, from 1. */
    attempt: number;
    delayMs: number;
    /** HTTP status of the failed attempt, when there was an answer. */
    status?: number;
    /** Error code of the failed attempt (e.g. "rate_limited", "connection_error", "timeout"). */
    code: string;
}

export interface HttpClientOptions {
    /** Origin of the R4 deployment, e.g. https://r4.dev; `/api/v1/machine` is appended if missing. */
    baseUrl: string;
    /** `accessKey.secret`. */
    apiKey: string;
    /** Per-attempt timeout, also undici's headersTimeout and bodyTimeout. Default 30 s. */
    timeoutMs?: number;
    /** Retries after the first attempt. Default 4. */
    maxRetries?: number;
    /** First backoff step; attempt n waits up to base * 2^n. Default 500 ms. */
    retryBaseDelayMs?: number;
    /** Largest backoff step. Default 8 s. */
    retryMaxDelayMs?: number;
    /** Largest wait a Retry-After header may impose. Default 60 s. */
    retryAfterCapMs?: number;
    /** Injected for tests. */
    sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
    /** Injected for tests; returns [0, 1). */
    random?: () => number;
    /** Called before each wait; for progress reporting and metrics. Must not throw. */
    onRetry?: (info: RetryInfo) => void;
    /** A dispatcher to use instead of the shared keep-alive pool (e.g. undici MockAgent). */
    dispatcher?: Dispatcher;
    userAgent?: string;
}

export interface RouteStats {
    /** Calls to `request`. */
    requests: number;
    /** HTTP attempts sent (requests + retries). */
    attempts: number;
}

const DEFAULTS = {
    timeoutMs: 30_000,
    maxRetries: 4,
    ...RETRY_DEFAULTS,
};

// ---- The client -----------------------------------------------------------------------------

function transportCode(err: unknown): string {
    let e: unknown = err;
    for (let depth = 0; depth < 5 && typeof e === "object" && e !== null; depth++) {
        const code = (e as { code?: unknown }).code;
        if (typeof code === "string" && RETRYABLE_ERROR_CODES.has(code)) return code;
        e = (e as { cause?: unknown }).cause;
    }
    const code = (err as { code?: unknown } | null)?.code;
    return typeof code === "string" ? code : "connection_error";
}

function describeZodPath(path: readonly PropertyKey[]): string {
    let out = "";
    for (const key of path) {
        if (typeof key === "number") out += `[${key}]`;
        else out += out === "" ? String(key) : `.${String(key)}`;
    }
    return out === "" ? "(root)" : out;
}

/** One line naming the first failing field paths; zod's messages carry no received values. */
export function describeZodError(error: z.ZodError): string {
    const shown = error.issues.slice(0, 3).map((i) => `${describeZodPath(i.path)}: ${i.message}`);
    const more = error.issues.length > 3 ? ` (and ${error.issues.length - 3} more)` : "";
    return shown.join("; ") + more;
}

export class HttpClient {
    readonly baseUrl: string;
    private readonly origin: string;
    private readonly basePath: string;
    // A private field: util.inspect and JSON.stringify of the client never show the key.
    readonly #apiKey: string;
    private readonly opts: Required<Omit<HttpClientOptions, "baseUrl" | "apiKey" | "dispatcher" | "onRetry" | "userAgent">>;
    private readonly dispatcherOverride: Dispatcher | undefined;
    private readonly onRetry: ((info: RetryInfo) => void) | undefined;
    private readonly userAgent: string;
    private readonly stats = new Map<string, RouteStats>();

    constructor(options: HttpClientOptions) {
        const key = options.apiKey;
        if (typeof key !== "string" || !/^[^\s.]+\.\S+$/.test(key)) {
            throw new R4Error({
                code: "missing_api_key",
                message:
                    "No usable R4 API key: expected `accessKey.secret`. Set stack config `r4:apiKey` (pulumi config set --secret r4:apiKey ...) or the R4_API_KEY environment variable.",
            });
        }
        let url: URL;
        try {
            url = new URL(options.baseUrl);
        } catch {
            throw new R4Error({ code: "invalid_base_url", message: "The R4 base URL is not a valid URL; expected e.g. https://r4.dev." });
        }
        if ((url.protocol !== "https:" && url.protocol !== "http:") || url.username || url.password || url.search || url.hash) {
            throw new R4Error({ code: "invalid_base_url", message: "The R4 base URL must be an http(s) origin with an optional path, without credentials, query or fragment." });
        }
        const trimmed = url.pathname.replace(/\/+$/, "");
        this.basePath = trimmed.endsWith(MACHINE_API_BASE_PATH) ? trimmed : trimmed + MACHINE_API_BASE_PATH;
        this.origin = url.origin;
        this.baseUrl = this.origin + this.basePath;
        this.#apiKey = key;
        this.opts = {
            timeoutMs: options.timeoutMs ?? DEFAULTS.timeoutMs,
            maxRetries: Math.max(0, Math.floor(options.maxRetries ?? DEFAULTS.maxRetries)),
            retryBaseDelayMs: options.retryBaseDelayMs ?? DEFAULTS.retryBaseDelayMs,
            retryMaxDelayMs: options.retryMaxDelayMs ?? DEFAULTS.retryMaxDelayMs,
            retryAfterCapMs: options.retryAfterCapMs ?? DEFAULTS.retryAfterCapMs,
            sleep: options.sleep ?? defaultSleep,
            random: options.random ?? Math.random,
        };
        this.dispatcherOverride = options.dispatcher;
        this.onRetry = options.onRetry;
        this.userAgent = options.userAgent ?? "pulumi-r4-sdk";
    }

    /** Per-route counters, for benchmarks and tests. */
    routeStats(): Record<string, RouteStats> {
        return Object.fromEntries([...this.stats].map(([route, s]) => [route, { ...s }]));
    }

    resetRouteStats(): void {
        this.stats.clear();
    }

    async request<S extends z.ZodType>(options: RequestOptions<S>): Promise<z.output<S>> {
        const { method, route } = options;
        const idempotent = isIdempotent(method, options.idempotent);
        const stats = this.stats.get(route) ?? { requests: 0, attempts: 0 };
        this.stats.set(route, stats);
        stats.requests++;

        let payload: string | undefined;
        if (options.body !== undefined) {
            payload = JSON.stringify(options.body);
            if (Buffer.byteLength(payload) > MAX_REQUEST_BODY_BYTES) {
                throw new R4Error({
                    code: "payload_too_large",
                    route,
                    message: `The request body is larger than R4 accepts (1 MiB); it was not sent. Split the change or store large content as attachments.`,
                });
            }
        }
        const headers: Record<string, string> = {
            ...options.headers,
            accept: "application/json",
            "user-agent": this.userAgent,
            "x-api-key": this.#apiKey,
        };
        if (payload !== undefined) headers["content-type"] = "application/json";
        const fullPath = this.basePath + options.path + queryString(options.query);
        const dispatcher = this.dispatcherOverride ?? poolFor(this.origin, this.opts.timeoutMs);
        const timeoutMs = options.timeoutMs ?? this.opts.timeoutMs;

        for (let attempt = 0; ; attempt++) {
            stats.attempts++;
            const outcome = await this.attempt(dispatcher, { method, path: fullPath, headers, body: payload, timeoutMs, signal: options.signal });

            let failure: R4Error;
            let retryAfterMs: number | undefined;
            if ("status" in outcome) {
                if (outcome.status >= 200 && outcome.status < 300) return this.parse(options.schema, outcome.status, outcome.text, route);
                failure = errorFromResponse(outcome.status, safeJson(outcome.text), route, { redact: (s) => this.redact(s) });
                retryAfterMs = parseRetryAfter(outcome.retryAfter);
            } else {
                if (options.signal?.aborted) {
                    throw new R4Error({ code: "aborted", route, message: "The request was cancelled by the caller.", cause: outcome.error });
                }
                failure = this.transportError(outcome.code, route, idempotent, timeoutMs, outcome.error);
            }

            const decision: AttemptOutcome = "status" in outcome ? { status: outcome.status } : { errorCode: outcome.code };
            if (!shouldRetry(decision, idempotent) || attempt >= this.opts.maxRetries) {
                if (attempt > 0 && failure.retryable) {
                    throw new R4Error({
                        status: failure.status,
                        code: failure.code,
                        route,
                        retryable: true,
                        message: `${stripRoute(failure.message, route)} (gave up after ${attempt + 1} attempts)`,
                        cause: (failure as { cause?: unknown }).cause,
                    });
                }
                throw failure;
            }
            const delayMs = retryDelay(attempt, retryAfterMs, this.opts.random, this.opts);
            try {
                this.onRetry?.({ route, attempt: attempt + 1, delayMs, status: failure.status, code: failure.code });
            } catch {
                // A hook must not change whether a request succeeds.
            }
            try {
                await this.opts.sleep(delayMs, options.signal);
            } catch (err) {
                throw new R4Error({ code: "aborted", route, message: "The request was cancelled by the caller while waiting to retry.", cause: err });
            }
        }
    }

    /**
     * One HTTP exchange. It goes through undici's `dispatch` with a handler that only collects the
     * body: `dispatcher.request` would wrap every answer in a Readable stream and an abort
     * listener, which a refresh pays once per item in a process whose JIT is still cold.
     */
    private attempt(
        dispatcher: Dispatcher,
        req: { method: HttpMethod; path: string; headers: Record<string, string>; body: string | undefined; timeoutMs: number; signal: AbortSignal | undefined },
    ): Promise<Exchange> {
        return new Promise((resolve) => {
            let abort: ((reason: Error) => void) | undefined;
            let timedOut = false;
            let settled = false;
            const timer = setTimeout(() => {
                timedOut = true;
                abort?.(new Error("per-attempt timeout"));
            }, req.timeoutMs);
            const onCallerAbort = () => abort?.(new Error("cancelled by the caller"));
            req.signal?.addEventListener("abort", onCallerAbort, { once: true });
            const settle = (outcome: Exchange) => {
                if (settled) return;
                settled = true;
                clearTimeout(timer);
                req.signal?.removeEventListener("abort", onCallerAbort);
                resolve(outcome);
            };
            let status = 0;
            let retryAfter: string | undefined;
            const chunks: Buffer[] = [];
            const handler: Dispatcher.DispatchHandler = {
                onRequestStart(controller) {
                    abort = (reason) => controller.abort(reason);
                    if (req.signal?.aborted || timedOut) controller.abort(new Error("cancelled before it was sent"));
                },
                onResponseStart(_controller, statusCode, headers) {
                    status = statusCode;
                    const ra = headers["retry-after"];
                    retryAfter = Array.isArray(ra) ? ra[0] : ra;
                },
                onResponseData(_controller, chunk) {
                    chunks.push(chunk);
                },
                onResponseEnd() {
                    settle({ status, text: Buffer.concat(chunks).toString("utf8"), retryAfter });
                },
                onResponseError(_controller, error) {
                    settle({ code: timedOut ? "timeout" : transportCode(error), error });
                },
            };
            try {
                dispatcher.dispatch(
                    { origin: this.origin, method: req.method, path: req.path, headers: req.headers, body: req.body, headersTimeout: req.timeoutMs, bodyTimeout: req.timeoutMs },
                    handler,
                );
            } catch (error) {
                settle({ code: transportCode(error), error });
            }
        });
    }

    private parse<S extends z.ZodType>(schema: S, status: number, text: string, route: string): z.output<S> {
        let data: unknown = undefined;
        if (status !== 204 && text.trim() !== "") {
            const parsed = safeJson(text);
            if (parsed === NOT_JSON) {
                throw new R4Error({ status, code: "bad_response", route, message: "R4 answered with a body that is not JSON. Check that the base URL points at the R4 machine API." });
            }
            data = parsed;
        }
        const result = schema.safeParse(data);
        if (!result.success) {
            throw new R4Error({
                status,
                code: "bad_response",
                route,
                message: `R4's answer does not have the expected shape: ${describeZodError(result.error)}. The server may be newer or older than this SDK; upgrade pulumi-r4 or report it.`,
            });
        }
        return result.data;
    }

    private transportError(code: string, route: string, idempotent: boolean, timeoutMs: number, cause: unknown): R4Error {
        const applied = idempotent ? "" : " The request may or may not have been applied; read the current state before trying again.";
        if (code === "timeout" || code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT" || code === "UND_ERR_CONNECT_TIMEOUT" || code === "ETIMEDOUT") {
            return new R4Error({ code: "timeout", route, retryable: true, cause, message: `R4 did not answer within ${timeoutMs} ms.${applied}` });
        }
        return new R4Error({
            code: "connection_error",
            route,
            retryable: RETRYABLE_ERROR_CODES.has(code),
            cause,
            message: `Could not reach R4 at ${this.origin} (${code}). Check the base URL and the network.${applied}`,
        });
    }

    private redact(text: string): string {
        const secret = this.#apiKey.slice(this.#apiKey.indexOf(".") + 1);
        return text.split(this.#apiKey).join("[redacted]").split(secret).join("[redacted]");
    }
}

/** What one attempt ended with: an answer (any status), or a transport failure and its code. */
type Exchange = { status: number; text: string; retryAfter: string | undefined } | { code: string; error: unknown };

const NOT_JSON = Symbol("not-json");

function safeJson(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return NOT_JSON;
    }
}

function stripRoute(message: string, route: string): string {
    return message.startsWith(`${route}: `) ? message.slice(route.length + 2) : message;
}

function queryString(query: Record<string, QueryValue> | undefined): string {
    if (!query) return "";
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
        if (v !== undefined && v !== null) params.append(k, String(v));
    }
    const s = params.toString();
    return s === "" ? "" : `?${s}`;
}
