/**
 * When a failed attempt is worth sending again, and how long to wait first. The HTTP client
 * (`http.ts`) applies these rules; nothing else in the SDK decides about retries.
 */
import { RETRYABLE_STATUSES } from "./errors";

export const RETRY_DEFAULTS = {
    retryBaseDelayMs: 500,
    retryMaxDelayMs: 8_000,
    retryAfterCapMs: 60_000,
};

/** Error codes of transport failures that are worth another attempt. */
export const RETRYABLE_ERROR_CODES: ReadonlySet<string> = new Set([
    "timeout",
    "ECONNRESET",
    "ECONNREFUSED",
    "ECONNABORTED",
    "EPIPE",
    "ETIMEDOUT",
    "EAI_AGAIN",
    "UND_ERR_SOCKET",
    "UND_ERR_CONNECT_TIMEOUT",
    "UND_ERR_HEADERS_TIMEOUT",
    "UND_ERR_BODY_TIMEOUT",
]);

export type AttemptOutcome = { status: number } | { errorCode: string };

export function isIdempotent(method: string, idempotent?: boolean): boolean {
    if (idempotent !== undefined) return idempotent;
    return method === "GET" || method === "PUT" || method === "DELETE";
}

/**
 * Whether a failed attempt may be sent again. A 429 is refused before the request is processed,
 * so it is resent whatever the method; anything else only for idempotent requests (a 503 or a
 * dropped connection may follow a commit).
 */
export function shouldRetry(outcome: AttemptOutcome, idempotent: boolean): boolean {
    if ("status" in outcome && outcome.status === 429) return true;
    if (!idempotent) return false;
    if ("status" in outcome) return RETRYABLE_STATUSES.has(outcome.status);
    return RETRYABLE_ERROR_CODES.has(outcome.errorCode);
}

/** Parses Retry-After (delta seconds or an HTTP date) into milliseconds from `now`. */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
    if (value === undefined) return undefined;
    const trimmed = value.trim();
    if (trimmed === "") return undefined;
    if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
    const date = Date.parse(trimmed);
    if (Number.isNaN(date)) return undefined;
    return Math.max(0, date - now);
}

export interface RetryDelayOptions {
    retryBaseDelayMs: number;
    retryMaxDelayMs: number;
    retryAfterCapMs: number;
}

/**
 * Delay before retry number `retry` (0 for the first retry): the server's Retry-After when it
 * gave one (capped), else exponential backoff with full jitter.
 */
export function retryDelay(retry: number, retryAfterMs: number | undefined, random: () => number, opts: RetryDelayOptions = RETRY_DEFAULTS): number {
    if (retryAfterMs !== undefined) return Math.min(Math.max(0, retryAfterMs), opts.retryAfterCapMs);
    const ceiling = Math.min(opts.retryMaxDelayMs, opts.retryBaseDelayMs * 2 ** retry);
    return Math.floor(random() * ceiling);
}

export function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        const timer = setTimeout(() => {
            signal?.removeEventListener("abort", onAbort);
            resolve();
        }, ms);
        const onAbort = () => {
            clearTimeout(timer);
            reject(signal?.reason);
        };
        signal?.addEventListener("abort", onAbort, { once: true });
    });
}
