/**
 * `check` for every resource: zod validation with one failure per bad property, so mistakes stop
 * at preview. Paths that hold the engine's unknown sentinel are not judged yet.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { unknownPaths } from "./unknowns";

export function checkInputs(schema: z.ZodType, news: Record<string, unknown>): pulumi.dynamic.CheckResult {
    const { __provider, ...inputs } = news;
    const unknown = unknownPaths(inputs);
    const result = schema.safeParse(inputs);
    if (result.success) {
        return { inputs: news };
    }
    const failures: pulumi.dynamic.CheckFailure[] = [];
    const seen = new Set<string>();
    for (const issue of result.error.issues) {
        const path = issue.path.map(String).join(".");
        if (unknown.some((u) => path === u || path.startsWith(u + ".") || u.startsWith(path + "."))) continue;
        const property = issue.path.length > 0 ? String(issue.path[0]) : "";
        const key = `${path}:${issue.message}`;
        if (seen.has(key)) continue;
        seen.add(key);
        failures.push({ property, reason: path && path !== property ? `${path}: ${issue.message}` : issue.message });
    }
    return failures.length > 0 ? { inputs: news, failures } : { inputs: news };
}
