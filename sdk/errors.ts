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
