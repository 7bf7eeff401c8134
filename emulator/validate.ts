/**
 * Request validation: bodies and queries are parsed with the SDK's zod schemas (one contract for
 * client and server); a failure becomes 400 `validation_error` naming the first offending field.
 * Rules the schemas cannot express (IP syntax, MX preference) live here too, apart from handlers.
 */
import { isIP } from "node:net";
import type { z } from "zod";
import { ApiError } from "./errors";

export function parse<S extends z.ZodType>(schema: S, value: unknown, where = "body"): z.infer<S> {
    const r = schema.safeParse(value ?? (where === "query" ? {} : undefined));
    if (r.success) return r.data;
    const issue = r.error.issues[0];
    const field = issue.path.length ? issue.path.join(".") : where;
    throw new ApiError("validation_error", `${field}: ${issue.message}`);
}

export function validateDnsRecord(record: { type: string; value: string; mxPref?: number }, at = "record"): void {
    if (record.type === "A" && isIP(record.value) !== 4) throw new ApiError("validation_error", `${at}.value: an A record needs an IPv4 address`);
    if (record.type === "AAAA" && isIP(record.value) !== 6) throw new ApiError("validation_error", `${at}.value: an AAAA record needs an IPv6 address`);
    if (record.type === "MX" && record.mxPref === undefined) throw new ApiError("validation_error", `${at}.mxPref: an MX record needs mxPref`);
    if (record.type !== "MX" && record.mxPref !== undefined) throw new ApiError("validation_error", `${at}.mxPref: only MX records carry mxPref`);
}

/**
 * Ciphertext is stored as given and never decrypted; only the v3 envelope's shape is checked
 * (PROTOCOL.md: `{"v":3,"iv":B64,"t":B64,"d":B64}`), so garbage is refused at the door.
 */
export function validateEnvelope(value: string, at: string): void {
    let env: unknown;
    try {
        env = JSON.parse(value);
    } catch {
        throw new ApiError("validation_error", `${at}: not a v3 envelope (not JSON)`);
    }
    const e = env as Record<string, unknown>;
    const b64 = (s: unknown) => typeof s === "string" && /^[A-Za-z0-9+/]*={0,2}$/.test(s);
    if (typeof env !== "object" || env === null || e.v !== 3 || !b64(e.iv) || !b64(e.t) || !b64(e.d)) {
        throw new ApiError("validation_error", `${at}: not a v3 envelope ({"v":3,"iv","t","d"})`);
    }
}
