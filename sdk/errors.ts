/**
 * The SDK's errors. Every failure a caller can see is an R4Error with a stable `code`, the
 * `route` it concerned, and a message that says what to do. Messages never carry API keys,
 * private keys or plaintext values.
 */

// A brand, not `instanceof`: dynamic providers can load two copies of this package.
const R4_ERROR_BRAND = Symbol.for("pulumi-r4.R4Error");

export interface R4ErrorInit {
    status?: number;
    code: string;
    route?: string;
    message: string;
    retryable?: boolean;
    cause?: unknown;
}

export class R4Error extends Error {
    readonly status: number | undefined;
    readonly code: string;
    readonly route: string | undefined;
    readonly retryable: boolean;

    constructor(init: R4ErrorInit) {
        super(init.route ? `${init.route}: ${init.message}` : init.message, init.cause === undefined ? undefined : { cause: init.cause });
        this.name = "R4Error";
        this.status = init.status;
        this.code = init.code;
        this.route = init.route;
        this.retryable = init.retryable ?? false;
        Object.defineProperty(this, R4_ERROR_BRAND, { value: true });
    }

    static is(value: unknown): value is R4Error {
        return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[R4_ERROR_BRAND] === true;
    }
}

/**
 * Raised when something the client verifies locally does not hold: a checkpoint signature, an
 * envelope's authentication tag, a version that went backwards. Never retryable.
 */
export class IntegrityError extends R4Error {
    constructor(message: string, route?: string, cause?: unknown) {
        super({ code: "integrity_error", message, route, retryable: false, cause });
        this.name = "IntegrityError";
    }
}

// ---- Mapping HTTP answers to errors ---------------------------------------------------------

/** Statuses worth another attempt (on idempotent requests only; see http.ts). */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

const DEFAULT_CODES: Record<number, string> = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    409: "conflict",
    413: "payload_too_large",
    429: "rate_limited",
    500: "server_error",
    502: "bad_gateway",
    503: "service_unavailable",
    504: "gateway_timeout",
};

/** What to do next, by error code first and status second. */
const ADVICE_BY_CODE: Record<string, string> = {
    checkpoint_conflict:
        "Another writer advanced this checkpoint chain first. Re-read the current checkpoint, re-apply the change on top of it and sign again; resending the same request will not help.",
    checkpoint_mismatch:
        "The signed checkpoint does not describe the state after this operation. Rebuild it from the current state and sign it again.",
    invalid_signature: "R4 could not verify the checkpoint signature. Check that the private key matches the registered public key.",
    signer_not_allowed:
        "The checkpoint was signed by a key that is not the caller's active key. Register the key with POST /vault/public-key (or use the active one) and sign again.",
    domain_not_managed: "Only domains purchased through R4 can be managed here; register or transfer the domain through R4 first.",
};

const ADVICE_BY_STATUS: Record<number, string> = {
    400: "R4 rejected the request as invalid. Fix the input named above and try again.",
    401: "The API key is missing, malformed or revoked. Set it as `accessKey.secret` in stack config `r4:apiKey` (pulumi config set --secret r4:apiKey ...) or in the R4_API_KEY environment variable.",
    404: "It does not exist, was archived, or this key cannot see it. Check the id and the key's tenant.",
    409: "The resource changed since it was read. Re-read the current state (for vaults and items, the checkpoint chain), re-apply the change and sign again.",
    413: "The request body is larger than R4 accepts (1 MiB). Split the change or store large content as attachments.",
    429: "R4 is rate limiting this key. Wait and retry later, or lower the parallelism (pulumi up --parallel).",
    500: "R4 failed while handling the request. Retry later; if it persists, contact R4 support.",
    502: "R4 is temporarily unreachable behind its gateway. Retry later.",
    503: "R4 is temporarily unavailable. Retry later.",
    504: "R4 timed out behind its gateway. Retry later; the change may or may not have been applied, so read before writing again.",
};

/** Longest server-supplied message we repeat. */
const MAX_SERVER_MESSAGE = 300;

function permissionFrom(body: Record<string, unknown> | undefined, message: string | undefined): string | undefined {
    for (const key of ["permission", "requiredPermission", "missingPermission"]) {
        const v = body?.[key];
        if (typeof v === "string" && /^machine\.[a-z_.]+$/.test(v)) return v;
    }
    return message?.match(/\bmachine\.[a-z_]+(?:\.[a-z_]+)*\b/)?.[0];
}

function cleanServerMessage(message: unknown): string | undefined {
    if (typeof message !== "string") return undefined;
    // One line, bounded: a server message is repeated to help, never to dump a payload.
    const oneLine = message.replace(/[\u0000-\u001f\u007f]+/g, " ").trim();
    if (oneLine === "") return undefined;
    return oneLine.length > MAX_SERVER_MESSAGE ? `${oneLine.slice(0, MAX_SERVER_MESSAGE)}…` : oneLine;
}

/**
 * Builds the R4Error for a non-2xx answer. `body` is the parsed JSON body, if any; only its
 * `error.code`, a bounded one-line `error.message` and a permission name are used — nothing else
 * from the body reaches the message.
 */
export function errorFromResponse(status: number, body: unknown, route: string, options: { redact?: (text: string) => string } = {}): R4Error {
    const error =
        typeof body === "object" && body !== null && typeof (body as { error?: unknown }).error === "object" && (body as { error: unknown }).error !== null
            ? ((body as { error: Record<string, unknown> }).error)
            : undefined;
    const bodyCode = typeof error?.code === "string" && /^[A-Za-z0-9_.-]{1,64}$/.test(error.code) ? error.code : undefined;
    const code = bodyCode ?? DEFAULT_CODES[status] ?? (status >= 500 ? "server_error" : "http_error");
    const cleaned = cleanServerMessage(error?.message);
    const serverMessage = cleaned !== undefined && options.redact ? options.redact(cleaned) : cleaned;

    let advice: string;
    if (bodyCode && ADVICE_BY_CODE[bodyCode]) {
        advice = ADVICE_BY_CODE[bodyCode];
    } else if (status === 403) {
        const permission = permissionFrom(error, serverMessage);
        advice = permission
            ? `The API key lacks the permission ${permission}. Create a key that includes it (or its grouped grant, e.g. ${permission.replace(/\.[a-z_]+$/, ".all")}), or use a key whose tenant owns the resource.`
            : "The API key is not allowed to do this: a missing machine permission, another tenant, or a resource outside the key's scope. Check the key's scope and permissions (GET /me shows them).";
    } else {
        advice = ADVICE_BY_STATUS[status] ?? (status >= 500 ? ADVICE_BY_STATUS[500] : `R4 answered HTTP ${status}.`);
    }

    const message = `HTTP ${status} ${code}${serverMessage ? ` (R4 said: ${serverMessage})` : ""}. ${advice}`;
    return new R4Error({ status, code, route, message, retryable: RETRYABLE_STATUSES.has(status) });
}
