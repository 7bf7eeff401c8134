/**
 * Strict decoding of the base64 strings that arrive from the server, and a safe way to quote
 * server-supplied identifiers inside error messages. Internal to `sdk/crypto/`.
 */

/**
 * Decodes canonical standard base64 (standard alphabet, padded, no whitespace, zero padding
 * bits), or returns undefined if `text` is anything else. Buffer.from(s, "base64") alone silently
 * skips characters it does not know and accepts base64url and missing padding, so a mangled value
 * could still decode; re-encoding the bytes gives the one canonical spelling, and only text equal
 * to it is accepted.
 */
export function decodeBase64Strict(text: unknown): Buffer | undefined {
    if (typeof text !== "string") {
        return undefined;
    }
    const bytes = Buffer.from(text, "base64");
    return bytes.toString("base64") === text ? bytes : undefined;
}

/**
 * Quotes an identifier for an error message. Identifiers can come from the server, so they are
 * bounded and JSON-escaped rather than trusted to be short and printable.
 */
export function quoteId(id: unknown): string {
    if (typeof id !== "string") {
        return `<${typeof id}>`;
    }
    const shown = id.length > 64 ? `${id.slice(0, 64)}…` : id;
    return JSON.stringify(shown);
}
