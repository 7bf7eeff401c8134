/**
 * During preview, an input that is not known yet (an output of a resource not created) reaches
 * the dynamic provider as this sentinel string. Validation and diffs must let it through.
 */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function isUnknown(value: unknown): boolean {
    return value === UNKNOWN;
}

/** The paths (as dotted strings) at which the value holds the unknown sentinel. */
export function unknownPaths(value: unknown, prefix: (string | number)[] = []): string[] {
    if (isUnknown(value)) return [prefix.join(".")];
    if (Array.isArray(value)) return value.flatMap((v, i) => unknownPaths(v, [...prefix, i]));
    if (value && typeof value === "object") {
        return Object.entries(value).flatMap(([k, v]) => unknownPaths(v, [...prefix, k]));
    }
    return [];
}

export function containsUnknown(value: unknown): boolean {
    return unknownPaths(value).length > 0;
}
