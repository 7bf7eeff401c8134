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
    return JSON.stringify(normalise(a)) === JSON.stringify(normalise(b));
}

// Key order must not count as a change; array order does.
function normalise(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(normalise);
    if (value && typeof value === "object") {
        return Object.fromEntries(
            Object.keys(value)
                .sort()
                .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
                .map((k) => [k, normalise((value as Record<string, unknown>)[k])]),
        );
    }
    return value;
}
