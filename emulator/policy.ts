/**
 * Key policy. The permission names and grouped grants are the SDK's (sdk/schemas/grants.ts); this
 * file adds what only a server decides: which atomics a key of each scope may actually hold.
 * Grants are expanded once, at key creation (the pages: "so runtime authorization checks stay
 * atomic and auditable").
 */
import { expandGrants as expandSdkGrants, PermissionGrant } from "../sdk/schemas/grants";
import { ApiError } from "./errors";

export type Scope = "AGENT" | "USER" | "TENANT" | "ORG";
export const SCOPES: readonly Scope[] = ["AGENT", "USER", "TENANT", "ORG"];

// Public-key registration and feedback are AGENT-only routes (pages); org/tenant administration
// is not for AGENT keys. `machine.all` means "all endpoints allowed for the key scope".
const AGENT_ONLY = new Set(["machine.agent.public_key.write", "machine.feedback.write"]);
const NOT_FOR_AGENT = new Set(["machine.org_admin.read", "machine.org_admin.write", "machine.tenant_admin.read", "machine.tenant_admin.write"]);

const allowedFor = (scope: Scope, p: string): boolean => (scope === "AGENT" ? !NOT_FOR_AGENT.has(p) : !AGENT_ONLY.has(p));

/** Expands grouped grants into the atomics a key of `scope` holds; unknown names are a 400. */
export function expandGrants(scope: Scope, grants: readonly string[]): string[] {
    grants.forEach((g, i) => {
        if (!PermissionGrant.safeParse(g).success) throw new ApiError("validation_error", `permissions[${i}]: unknown permission or grant "${g}"`);
    });
    const atomics: string[] = expandSdkGrants(grants as PermissionGrant[]);
    // machine.agent.all covers the agent's own public-key registration for AGENT keys.
    if (scope === "AGENT" && grants.includes("machine.agent.all")) atomics.push("machine.agent.public_key.write");
    return [...new Set(atomics.filter((p) => allowedFor(scope, p)))].sort();
}

export const TENANT_AGENT_MANAGER = "TENANT_AGENT_MANAGER";
export const TENANT_ROLES = ["TENANT_ADMIN", "TENANT_AGENT_MANAGER", "TENANT_MEMBER"] as const;
