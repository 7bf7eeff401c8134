/**
 * `path` builds a route from a template, percent-encoding every interpolated value as one path
 * segment. Values that would change the route's shape are refused: empty, `.`, `..`, anything
 * with a slash or backslash, and anything that is not a string or a finite number.
 *
 *     path`/vault/${vaultId}/items/${itemId}`
 */
import { R4Error } from "./errors";

export type PathParam = string | number;

export function encodePathSegment(value: unknown): string {
    if (typeof value === "number") {
        if (!Number.isFinite(value)) throw invalid("a non-finite number");
        value = String(value);
    }
    if (typeof value !== "string") throw invalid(value === null ? "null" : `a value of type ${typeof value}`);
    if (value.length === 0) throw invalid("an empty string");
    if (value === "." || value === "..") throw invalid(`"${value}"`);
    if (value.includes("/") || value.includes("\\")) throw invalid("a value containing a slash");
    return encodeURIComponent(value);
}

export function path(strings: TemplateStringsArray, ...values: PathParam[]): string {
    let out = strings[0];
    for (let i = 0; i < values.length; i++) {
        out += encodePathSegment(values[i]) + strings[i + 1];
    }
    return out;
}

function invalid(what: string): R4Error {
    return new R4Error({
        code: "invalid_path_param",
        message: `an id in the request path was ${what}. Ids must be non-empty and cannot be "." or ".." or contain "/" or "\\".`,
    });
}
