/**
 * `diff` for every resource: exactly the properties that changed, and which of them R4 cannot
 * change in place. Unknown values during preview count as changes.
 */
import type * as pulumi from "@pulumi/pulumi";
import { isUnknown } from "./unknowns";

export interface DiffRules {
    /** Every property the resource manages. */
    properties: readonly string[];
    /** Properties whose change needs a new object. */
    replaceOn?: readonly string[];
    /** Defaults applied before comparing, so an omitted optional equals its default. */
    defaults?: Record<string, unknown>;
}

export function diffInputs(rules: DiffRules, olds: Record<string, any>, news: Record<string, any>): pulumi.dynamic.DiffResult {
    const changed = rules.properties.filter((p) => !sameValue(withDefault(rules, p, olds[p]), withDefault(rules, p, news[p])));
    const replaces = changed.filter((p) => rules.replaceOn?.includes(p));
    return {
        changes: changed.length > 0,
        replaces,
        stables: rules.properties.filter((p) => !changed.includes(p)),
        deleteBeforeReplace: false,
    };
}

function withDefault(rules: DiffRules, property: string, value: unknown): unknown {
    return value === undefined && rules.defaults && property in rules.defaults ? rules.defaults[property] : value;
}

function sameValue(a: unknown, b: unknown): boolean {
    if (isUnknown(a) || isUnknown(b)) return false;
    return equalUpToKeyOrder(a, b);
}

/**
 * Equality as the values' JSON would have it, up to key order: array order counts, a property
 * set to undefined is one left out, and undefined in an array is null. Compared in place, without
 * building text: every refresh diffs each resource it reads.
 */
function equalUpToKeyOrder(a: unknown, b: unknown): boolean {
    if (a === b) return true;
    if (Array.isArray(a) || Array.isArray(b)) {
        return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => equalUpToKeyOrder(x ?? null, b[i] ?? null));
    }
    if (!isObject(a) || !isObject(b)) return false;
    let defined = 0;
    for (const key of Object.keys(a)) {
        if (a[key] === undefined) continue;
        defined++;
        if (!Object.hasOwn(b, key) || b[key] === undefined || !equalUpToKeyOrder(a[key], b[key])) return false;
    }
    return defined === Object.keys(b).filter((key) => b[key] !== undefined).length;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;
