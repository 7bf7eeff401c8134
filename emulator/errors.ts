/**
 * The one error table and the one renderer. Every refusal the emulator makes goes through here,
 * so the wire format (`{ error: { code, message } }`) and the status for a code cannot drift
 * between routes. Codes and statuses come from the published pages and PROTOCOL.md.
 */
import type { FastifyReply } from "fastify";

export const ERROR_TABLE = {
    unauthorized: { status: 401, message: "Invalid or missing API key. Please provide your API key in the X-API-Key header." },
    forbidden: { status: 403, message: "The API key is not allowed to perform this operation." },
    missing_permission: { status: 403, message: "The API key lacks the machine permission this route requires." },
    wrong_scope: { status: 403, message: "This route is not available for the API key's scope." },
    tenant_forbidden: { status: 403, message: "The API key is not allowed to operate on this tenant." },
    agent_manager_required: { status: 403, message: "Agent orchestration requires the TENANT_AGENT_MANAGER role." },
    admin_required: { status: 403, message: "ADMIN access to the target asset is required." },
    signer_not_allowed: { status: 403, message: "The checkpoint signer is not the caller's active encryption key." },
    domain_not_managed: { status: 403, message: "The domain is not managed through R4." },
    not_found: { status: 404, message: "Not found." },
    vault_not_found: { status: 404, message: "The vault was not found or you do not have access to it." },
    vault_item_not_found: { status: 404, message: "The vault item was not found or you do not have access to it." },
    field_not_found: { status: 404, message: "The vault field was not found." },
    wrapped_key_not_found: { status: 404, message: "No wrapped key for the caller's active encryption key." },
    project_not_found: { status: 404, message: "The project was not found in your organization or you do not have access to it." },
    domain_not_found: { status: 404, message: "The domain was not found in your organization or you do not have access to it." },
    dns_record_not_found: { status: 404, message: "No DNS record matches." },
    agent_not_found: { status: 404, message: "The agent was not found." },
    purchase_not_found: { status: 404, message: "The purchase job was not found." },
    license_not_found: { status: 404, message: "The license was not found." },
    encryption_key_not_found: { status: 404, message: "The encryption key was not found." },
    validation_error: { status: 400, message: "The request body is invalid." },
    project_creation_failed: { status: 400, message: "Failed to create the project. Please verify your input and try again." },
    invalid_signature: { status: 400, message: "The checkpoint signature does not verify." },
    checkpoint_mismatch: { status: 400, message: "The checkpoint does not match the state after the operation." },
    invalid_rotation_signature: { status: 400, message: "The rotation signature does not verify against the previous key." },
    checkpoint_conflict: { status: 409, message: "The checkpoint version is not the exact next version." },
    conflict: { status: 409, message: "The resource already exists or changed." },
    purchase_state_conflict: { status: 409, message: "The purchase job is not in a state that allows this operation." },
    payload_too_large: { status: 413, message: "Request bodies are limited to 1 MiB." },
    rate_limited: { status: 429, message: "Too many requests. Retry after the number of seconds in Retry-After." },
    internal_error: { status: 500, message: "Internal error." },
    not_implemented: { status: 501, message: "This route is not implemented by the R4 emulator." },
    service_unavailable: { status: 503, message: "The service is temporarily unavailable." },
} as const;

export type ErrorCode = keyof typeof ERROR_TABLE;

/** Thrown by validators, rules and handlers; rendered once, by `renderError`. */
export class ApiError extends Error {
    readonly status: number;
    constructor(readonly code: ErrorCode, message?: string) {
        super(message ?? ERROR_TABLE[code].message);
        this.status = ERROR_TABLE[code].status;
    }
}

export function errorBody(code: ErrorCode, message?: string): { error: { code: string; message: string } } {
    return { error: { code, message: message ?? ERROR_TABLE[code].message } };
}

/** Maps anything thrown inside a request (ours, fastify's, or a bug) to the pages' error shape. */
export function renderError(err: unknown, reply: FastifyReply): FastifyReply {
    if (err instanceof ApiError) return reply.code(err.status).send(errorBody(err.code, err.message));
    const e = err as { statusCode?: number; code?: string; message?: string };
    if (e?.statusCode === 413 || e?.code === "FST_ERR_CTP_BODY_TOO_LARGE") return reply.code(413).send(errorBody("payload_too_large"));
    if (e?.statusCode === 400 || e?.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE" || e?.code === "FST_ERR_CTP_EMPTY_JSON_BODY") {
        return reply.code(400).send(errorBody("validation_error", e.message ?? undefined));
    }
    if (e?.statusCode === 415) return reply.code(400).send(errorBody("validation_error", "Content-Type must be application/json"));
    reply.log.error({ err }, "unhandled emulator error");
    return reply.code(500).send(errorBody("internal_error"));
}
