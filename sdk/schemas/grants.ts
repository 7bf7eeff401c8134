/**
 * Machine permissions from the "API Key Policies" tables. Keys carry atomic permissions only:
 * grouped grants are expanded once, when the key is created, so checks at request time stay
 * atomic. The emulator enforces these; the provider validates agent inputs against them.
 */
import { z } from "zod";

export const MACHINE_PERMISSIONS = [
    "machine.vault.read",
    "machine.vault.secret.read",
    "machine.vault.sync.read",
    "machine.vault.write",
    "machine.me.read",
    "machine.agent.read",
    "machine.agent.write",
    "machine.agent.public_key.write",
    "machine.feedback.write",
    "machine.search.read",
    "machine.project.read",
    "machine.project.write",
    "machine.permissions.read",
    "machine.permissions.write",
    "machine.domain.read",
    "machine.domain.write",
    "machine.dns.read",
    "machine.dns.write",
    "machine.billing.read",
    "machine.billing.write",
    "machine.monitoring.read",
    "machine.webhook.read",
    "machine.webhook.write",
    "machine.wrapped_key.read",
    "machine.wrapped_key.write",
    "machine.user_key_pair.read",
    "machine.user_key_pair.write",
    "machine.integration.read",
    "machine.integration.write",
    "machine.intelligence_provider.read",
    "machine.intelligence_provider.write",
    "machine.user_manager.read",
    "machine.user_manager.write",
    "machine.tenant_admin.read",
    "machine.tenant_admin.write",
    "machine.org_admin.read",
    "machine.org_admin.write",
    "machine.license.read",
    "machine.license.write",
    "machine.contract.read",
    "machine.contract.write",
    "machine.order.read",
    "machine.order.write",
    "machine.product.read",
    "machine.product.write",
] as const;

export type MachinePermission = (typeof MACHINE_PERMISSIONS)[number];

function readWrite(area: string): MachinePermission[] {
    return [`machine.${area}.read`, `machine.${area}.write`] as MachinePermission[];
}

/**
 * Each grouped grant and the atomic permissions it expands to. `machine.all` is every atomic
 * permission; whether the key's scope may use a route is a separate check. `machine.domain.all`
 * covers DNS too ("Domain registration, verification, and DNS reads/writes"); there is no
 * `machine.dns.all`.
 */
export const GROUPED_GRANTS = {
    "machine.all": [...MACHINE_PERMISSIONS],
    "machine.vault.all": ["machine.vault.read", "machine.vault.secret.read", "machine.vault.sync.read", "machine.vault.write"],
    "machine.agent.all": readWrite("agent"),
    "machine.feedback.all": ["machine.feedback.write"],
    "machine.search.all": ["machine.search.read"],
    "machine.project.all": readWrite("project"),
    "machine.permissions.all": readWrite("permissions"),
    "machine.domain.all": [...readWrite("domain"), ...readWrite("dns")],
    "machine.billing.all": readWrite("billing"),
    "machine.monitoring.all": ["machine.monitoring.read"],
    "machine.webhook.all": readWrite("webhook"),
    "machine.wrapped_key.all": readWrite("wrapped_key"),
    "machine.user_key_pair.all": readWrite("user_key_pair"),
    "machine.integration.all": readWrite("integration"),
    "machine.intelligence_provider.all": readWrite("intelligence_provider"),
    "machine.user_manager.all": readWrite("user_manager"),
    "machine.tenant_admin.all": readWrite("tenant_admin"),
    "machine.org_admin.all": readWrite("org_admin"),
    "machine.license.all": readWrite("license"),
    "machine.contract.all": readWrite("contract"),
    "machine.order.all": readWrite("order"),
    "machine.product.all": readWrite("product"),
} as const satisfies Record<string, readonly MachinePermission[]>;

export type GroupedGrant = keyof typeof GROUPED_GRANTS;

export const MachinePermissionSchema = z.enum(MACHINE_PERMISSIONS);
export const GroupedGrantSchema = z.enum(Object.keys(GROUPED_GRANTS) as [GroupedGrant, ...GroupedGrant[]]);
/** What a key-creating request may list: atomic permissions and grouped grants. */
export const PermissionGrant = z.union([MachinePermissionSchema, GroupedGrantSchema]);
export type PermissionGrant = z.infer<typeof PermissionGrant>;

/** Expands grouped grants into a sorted, de-duplicated list of atomic permissions. */
export function expandGrants(grants: readonly PermissionGrant[]): MachinePermission[] {
    const out = new Set<MachinePermission>();
    for (const grant of grants) {
        if (grant in GROUPED_GRANTS) {
            for (const p of GROUPED_GRANTS[grant as GroupedGrant]) out.add(p);
        } else {
            out.add(grant as MachinePermission);
        }
    }
    return [...out].sort();
}
