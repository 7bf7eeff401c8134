/**
 * RFC 8785 JSON Canonicalization Scheme (JCS). Checkpoints are signed over these bytes, so the
 * signer and every verifier (SDK, emulator, other clients) must produce exactly the same text for
 * the same data. Anything JSON cannot represent losslessly is refused instead of being quietly
 * dropped or rewritten the way JSON.stringify would.
 */
import { R4Error } from "../errors";

/** Serialises `value` as RFC 8785 canonical JSON. Throws R4Error `invalid_canonical_json`. */
export function canonicalize(value: unknown): string {
    const parts: string[] = [];
    write(value, "$", parts, new Set());
    return parts.join("");
}

function write(value: unknown, path: string, out: string[], ancestors: Set<object>): void {
    if (value === null) {
        out.push("null");
        return;
    }
    switch (typeof value) {
        case "boolean":
            out.push(value ? "true" : "false");
            return;
        case "number":
            out.push(serializeNumber(value, path));
            return;
        case "string":
            out.push(serializeString(value, path));
            return;
        case "undefined":
            // JSON.stringify drops undefined properties; a signature over "what was left" would
            // let the signer and the verifier disagree about what was signed.
            throw fail(path, "is undefined; use null or omit the property");
        case "object":
            break;
        default:
            throw fail(path, `is a ${typeof value}, which JSON cannot represent`);
    }

    const obj = value as object;
    if (ancestors.has(obj)) {
        throw fail(path, "is a circular reference");
    }
    ancestors.add(obj);
    if (Array.isArray(obj)) {
        out.push("[");
        for (let i = 0; i < obj.length; i++) {
            if (i > 0) out.push(",");
            // Sparse array holes read as undefined and are refused like any undefined.
            write(obj[i], `${path}[${i}]`, out, ancestors);
        }
        out.push("]");
    } else {
        if (!isPlainObject(obj)) {
            // Dates, Buffers, Maps... would go through toJSON or lose their content.
            throw fail(path, `is a ${obj.constructor?.name ?? "non-plain object"}; only plain objects, arrays, strings, finite numbers, booleans and null can be canonicalised`);
        }
        // Default sort compares UTF-16 code units, which is exactly the order RFC 8785 §3.2.3
        // prescribes (not code points, not locale order).
        const keys = Object.keys(obj).sort();
        out.push("{");
        keys.forEach((key, i) => {
            if (i > 0) out.push(",");
            const childPath = /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
            out.push(serializeString(key, childPath), ":");
            write((obj as Record<string, unknown>)[key], childPath, out, ancestors);
        });
        out.push("}");
    }
    ancestors.delete(obj);
}

function isPlainObject(obj: object): boolean {
    const proto = Object.getPrototypeOf(obj);
    return proto === Object.prototype || proto === null;
}

function serializeNumber(n: number, path: string): string {
    if (!Number.isFinite(n)) {
        throw fail(path, `is ${n}, which JSON cannot represent; use a finite number`);
    }
    // ECMAScript Number::toString is the serialisation RFC 8785 §3.2.2.3 adopts (shortest
    // round-trip digits, exponent from 1e21 up and below 1e-6). -0 prints as "0", as required.
    return String(n);
}

function serializeString(s: string, path: string): string {
    let out = '"';
    for (let i = 0; i < s.length; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0xd800 && c <= 0xdfff) {
            // I-JSON (RFC 7493), which JCS requires, forbids lone surrogates: they have no UTF-8.
            const next = s.charCodeAt(i + 1);
            if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
                out += s[i] + s[i + 1];
                i++;
                continue;
            }
            throw fail(path, `contains an unpaired UTF-16 surrogate at index ${i}`);
        }
        switch (c) {
            case 0x22: out += '\\"'; break;
            case 0x5c: out += "\\\\"; break;
            case 0x08: out += "\\b"; break;
            case 0x09: out += "\\t"; break;
            case 0x0a: out += "\\n"; break;
            case 0x0c: out += "\\f"; break;
            case 0x0d: out += "\\r"; break;
            default:
                // Other controls as lowercase \u00hh; everything else, including "/" and
                // non-ASCII, is written as itself (RFC 8785 §3.2.2.2).
                out += c < 0x20 ? `\\u${c.toString(16).padStart(4, "0")}` : s[i];
        }
    }
    return out + '"';
}

function fail(path: string, problem: string): R4Error {
    return new R4Error({ code: "invalid_canonical_json", message: `Cannot canonicalise JSON: value at ${path} ${problem}.` });
}
