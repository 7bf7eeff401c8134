/**
 * RFC 8785 JSON Canonicalization Scheme (JCS). Checkpoints are signed over these bytes, so the
 * signer and every verifier (SDK, emulator, other clients) must produce exactly the same text for
 * the same data. Anything JSON cannot represent losslessly is refused instead of being quietly
 * dropped or rewritten the way JSON.stringify would.
 */
import { R4Error } from "../errors";

/** Serialises `value` as RFC 8785 canonical JSON. Throws R4Error `invalid_canonical_json`. */
export function canonicalize(value: unknown): string {
    // Checkpoints are signed and verified on every write and read, so this is a hot path: the
    // text is built in one string, and the path of the value being written (only needed for an
    // error message) is kept as a stack of segments and formatted only when something fails.
    return new Writer().write(value);
}

/**
 * Whether `a` and `b` canonicalise to the same text, found by walking the two values where the
 * walk gives the canonical answer: strings, finite numbers, booleans and null compare as
 * themselves, arrays element by element, plain objects key by key in any order (the canonical
 * form sorts keys). Signed metadata is compared on every item read, so this builds no text;
 * anything else (undefined inside, a non-finite number, a class instance) is compared as
 * canonical text, which throws for what JSON cannot represent, as `canonicalize` does. Strings
 * are not checked for lone surrogates: two equal strings are equal here even where
 * `canonicalize` would refuse them.
 */
export function canonicallyEqual(a: unknown, b: unknown): boolean {
    if (typeof a === "string" || typeof b === "string" || typeof a === "boolean" || typeof b === "boolean" || a === null || b === null) return a === b;
    if (typeof a === "number" && typeof b === "number" && Number.isFinite(a) && Number.isFinite(b)) return a === b;
    if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => canonicallyEqual(x, b[i]));
    if (isRecord(a) && isRecord(b)) {
        const keys = Object.keys(a);
        return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && canonicallyEqual(a[k], b[k]));
    }
    return canonicalize(a) === canonicalize(b);
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
    typeof value === "object" && value !== null && !Array.isArray(value) && isPlainObject(value);

class Writer {
    private out = "";
    private readonly segments: Array<string | number> = [];
    private readonly ancestors: object[] = [];

    write(value: unknown): string {
        this.value(value);
        return this.out;
    }

    /** The path of the value being written, e.g. `$.fields[0].name`, for an error message. */
    where(): string {
        let path = "$";
        for (const seg of this.segments) {
            path += typeof seg === "number" ? `[${seg}]` : /^[A-Za-z_$][\w$]*$/.test(seg) ? `.${seg}` : `[${JSON.stringify(seg)}]`;
        }
        return path;
    }

    private value(value: unknown): void {
        if (value === null) {
            this.out += "null";
            return;
        }
        switch (typeof value) {
            case "boolean":
                this.out += value ? "true" : "false";
                return;
            case "number":
                this.out += serializeNumber(value, this);
                return;
            case "string":
                this.out += serializeString(value, this);
                return;
            case "undefined":
                // JSON.stringify drops undefined properties; a signature over "what was left" would
                // let the signer and the verifier disagree about what was signed.
                throw fail(this.where(), "is undefined; use null or omit the property");
            case "object":
                break;
            default:
                throw fail(this.where(), `is a ${typeof value}, which JSON cannot represent`);
        }

        const obj = value as object;
        if (this.ancestors.includes(obj)) {
            throw fail(this.where(), "is a circular reference");
        }
        this.ancestors.push(obj);
        const segments = this.segments;
        if (Array.isArray(obj)) {
            this.out += "[";
            for (let i = 0; i < obj.length; i++) {
                if (i > 0) this.out += ",";
                // Sparse array holes read as undefined and are refused like any undefined.
                segments.push(i);
                this.value(obj[i]);
                segments.pop();
            }
            this.out += "]";
        } else {
            if (!isPlainObject(obj)) {
                // Dates, Buffers, Maps... would go through toJSON or lose their content.
                throw fail(this.where(), `is a ${obj.constructor?.name ?? "non-plain object"}; only plain objects, arrays, strings, finite numbers, booleans and null can be canonicalised`);
            }
            // Default sort compares UTF-16 code units, which is exactly the order RFC 8785 §3.2.3
            // prescribes (not code points, not locale order).
            const keys = Object.keys(obj).sort();
            this.out += "{";
            for (let i = 0; i < keys.length; i++) {
                const key = keys[i];
                if (i > 0) this.out += ",";
                segments.push(key);
                this.out += serializeString(key, this) + ":";
                this.value((obj as Record<string, unknown>)[key]);
                segments.pop();
            }
            this.out += "}";
        }
        this.ancestors.pop();
    }
}

function isPlainObject(obj: object): boolean {
    const proto = Object.getPrototypeOf(obj);
    return proto === Object.prototype || proto === null;
}

function serializeNumber(n: number, at: Writer): string {
    if (!Number.isFinite(n)) {
        throw fail(at.where(), `is ${n}, which JSON cannot represent; use a finite number`);
    }
    // ECMAScript Number::toString is the serialisation RFC 8785 §3.2.2.3 adopts (shortest
    // round-trip digits, exponent from 1e21 up and below 1e-6). -0 prints as "0", as required.
    return String(n);
}

// Characters a JCS string cannot copy as themselves: '"', '\\', controls, and surrogates (which
// must be checked for pairing). Most strings have none and are copied whole.
const NEEDS_ESCAPE_OR_CHECK = /["\\\u0000-\u001f\ud800-\udfff]/;

function serializeString(s: string, at: Writer): string {
    if (!NEEDS_ESCAPE_OR_CHECK.test(s)) return `"${s}"`;
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
            throw fail(at.where(), `contains an unpaired UTF-16 surrogate at index ${i}`);
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
