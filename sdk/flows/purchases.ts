/**
 * Completing a purchase's vault handoff: the temporary plaintext setup fields become a standard
 * encrypted vault item, then the item is linked to the purchase. Safe to call again after a
 * crash at any point: the item id is derived from the purchase, so a second call finds the item
 * it created before instead of creating another, and linking the same item twice is one link.
 */
import { createHash } from "node:crypto";
import { R4Error } from "../errors";
import type { VaultItemHandoff } from "../schemas";
import type { FlowContext } from "./context";
import { createItem, readItem } from "./items";

export interface CompleteHandoffInput {
    /** Destination vault. */
    vaultId: string;
    /** The `vaultItemHandoff` of the purchase status; fetched when omitted. */
    handoff?: VaultItemHandoff;
}

/**
 * The vault-item id used for a purchase's handoff: 24 hex of SHA-256 over a labelled purchase
 * and vault id. Deterministic, so a retry addresses the same item; reveals nothing secret.
 */
export function handoffItemId(purchaseId: string, vaultId: string): string {
    return createHash("sha256").update(`r4.purchase-handoff.v1|${purchaseId}|${vaultId}`, "utf8").digest("hex").slice(0, 24);
}

/** Encrypts the handoff into a vault item, links it to the purchase, and returns the item id. */
export async function completePurchaseHandoff(ctx: FlowContext, purchaseId: string, input: CompleteHandoffInput): Promise<string> {
    const { vaultId } = input;
    const itemId = handoffItemId(purchaseId, vaultId);
    let handoff = input.handoff;
    if (!handoff) {
        const status = await ctx.api.purchases.status(purchaseId);
        if (status.status === "succeeded" && status.vaultItemId) return status.vaultItemId;
        if (!status.vaultItemHandoff) {
            throw new R4Error({ code: "no_handoff", route: "GET /licenses/purchases/:purchaseId/status", message: `Purchase ${purchaseId} has no pending vault handoff (status ${status.status}); poll until it is awaiting_vault_item.` });
        }
        handoff = status.vaultItemHandoff;
    }
    const existing = await readItem(ctx, vaultId, itemId);
    if (!existing) {
        await createItem(ctx, {
            vaultId,
            id: itemId,
            name: handoff.itemName,
            type: handoff.itemType,
            websites: handoff.websites ?? [],
            fields: handoff.fields.map((f) => ({ name: f.name, type: f.type, value: f.value })),
        });
    }
    await ctx.api.purchases.completeVaultItem(purchaseId, { vaultItemId: itemId });
    return itemId;
}
