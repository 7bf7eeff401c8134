/**
 * Fault rules: what may go wrong on which routes, and with what probability. Given at start
 * (`--faults JSON|FILE`) or replaced at runtime through `PUT /__admin/faults`.
 */
import { z } from "zod";

const Probability = z.number().min(0).max(1);

export const TAMPER_MODES = ["corruptSignature", "swapCiphertext", "rollbackVersion", "swapSignerKey"] as const;
export type TamperMode = (typeof TAMPER_MODES)[number];

export const FaultRule = z.strictObject({
    /** `METHOD /path` or `/path`; `*` matches one path segment, `**` any rest. Paths are relative to /api/v1/machine. */
    route: z.string().min(1),
    status429: Probability.optional(),
    status500: Probability.optional(),
    status503: Probability.optional(),
    latencyMs: z.number().int().min(0).max(60_000).optional(),
    jitterMs: z.number().int().min(0).max(60_000).optional(),
    dropBeforeCommit: Probability.optional(),
    dropAfterCommit: Probability.optional(),
    tamper: z.partialRecord(z.enum(TAMPER_MODES), Probability).optional(),
});
export type FaultRule = z.infer<typeof FaultRule>;

/** A purchase step forced to fail, `times` times, optionally only for one license slug. */
export const PurchaseFailure = z.strictObject({
    step: z.enum(["domain", "company", "order", "provider_tenant", "browser_activation"]),
    times: z.number().int().min(1).default(1),
    licenseId: z.string().optional(),
    message: z.string().optional(),
});
export type PurchaseFailure = z.infer<typeof PurchaseFailure>;

export const FaultConfig = z.strictObject({
    seed: z.number().int().optional(),
    rules: z.array(FaultRule).default([]),
    purchaseFailures: z.array(PurchaseFailure).default([]),
});
export type FaultConfig = z.infer<typeof FaultConfig>;

export function parseFaultConfig(input: unknown): FaultConfig {
    return FaultConfig.parse(input ?? {});
}

function patternToRegExp(pattern: string): RegExp {
    const escaped = pattern.split("/").map((seg) => (seg === "**" ? ".*" : seg === "*" ? "[^/]+" : seg.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))).join("/");
    return new RegExp(`^${escaped}$`);
}

export function ruleMatches(rule: FaultRule, method: string, path: string): boolean {
    const space = rule.route.indexOf(" ");
    const ruleMethod = space > 0 ? rule.route.slice(0, space).toUpperCase() : null;
    const rulePath = space > 0 ? rule.route.slice(space + 1) : rule.route;
    if (ruleMethod && ruleMethod !== "*" && ruleMethod !== method.toUpperCase()) return false;
    return patternToRegExp(rulePath).test(path);
}
