/**
 * Strict decoding of the base64 strings that arrive from the server, and a safe way to quote
 * server-supplied identifiers inside error messages. Internal to `sdk/crypto/`.
 */

// Standard alphabet, padded, no whitespace. Buffer.from(s, "base64") alone silently skips
// characters it does not know and accepts base64url, so a mangled value could still decode.
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Decodes canonical standard base64, or returns undefined if `text` is anything else. */
export function decodeBase64Strict(text: unknown): Buffer | undefined {
    if (typeof text !== "string" || !BASE64.test(text)) {
        return undefined;
    }
    const bytes = Buffer.from(text, "base64");
    // Re-encoding catches non-zero padding bits: one byte string, one accepted spelling.
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
