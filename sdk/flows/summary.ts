/**
 * A vault's summary chain from the writer's side: the current trusted summary (cached after the
 * first read, or after our own last write) and the next one, built from it.
 */
import { signCheckpoint, type SignedCheckpoint } from "../crypto";
import type { ItemDetailCheckpoint, VaultSummaryCheckpoint, VaultSummaryItem } from "../schemas";
import type { FlowContext } from "./context";
import { verifySummaryListing } from "./verify";

export type SignedSummary = SignedCheckpoint<VaultSummaryCheckpoint>;

/** The vault's current summary: cached, or read from `GET /vault/:id/items` and verified. */
export async function currentSummary(ctx: FlowContext, vaultId: string): Promise<SignedSummary> {
    const cached = ctx.chain.summary(vaultId);
    if (cached) return cached;
    const listing = await ctx.api.items.list(vaultId);
    const signed = await verifySummaryListing(ctx, vaultId, listing);
    ctx.chain.rememberSummary(signed);
    return signed;
}

/**
 * The next summary: version + 1, with only the documented keys (the server compares the signed
 * content with its state, so nothing else may ride along).
 */
export function nextSummary(prev: VaultSummaryCheckpoint, change: Partial<Pick<VaultSummaryCheckpoint, "name" | "dataClassification" | "items">> = {}): VaultSummaryCheckpoint {
    return {
        vaultId: prev.vaultId,
        version: prev.version + 1,
        name: change.name ?? prev.name,
        dataClassification: change.dataClassification ?? prev.dataClassification,
        currentDekVersion: prev.currentDekVersion,
        items: (change.items ?? prev.items).map(summaryEntry),
        groups: prev.groups.map((g) => ({ id: g.id, name: g.name })),
    };
}

/** An item as the summary lists it. */
export function summaryEntry(item: Pick<VaultSummaryItem, "id" | "name" | "type" | "websites" | "groupId">): VaultSummaryItem {
    return { id: item.id, name: item.name, type: item.type, websites: [...item.websites], groupId: item.groupId ?? null };
}

export function entryOf(detail: Pick<ItemDetailCheckpoint, "vaultItemId" | "name" | "type" | "websites" | "groupId">): VaultSummaryItem {
    return summaryEntry({ id: detail.vaultItemId, name: detail.name, type: detail.type, websites: detail.websites, groupId: detail.groupId });
}

/** Items with `entry` inserted or replaced (by id). */
export function withItem(items: readonly VaultSummaryItem[], entry: VaultSummaryItem): VaultSummaryItem[] {
    return [...items.filter((i) => i.id !== entry.id), entry];
}

export function withoutItem(items: readonly VaultSummaryItem[], itemId: string): VaultSummaryItem[] {
    return items.filter((i) => i.id !== itemId);
}

/** Signs a checkpoint as this caller (registering the key first if needed). */
export async function sign<T>(ctx: FlowContext, kind: Parameters<typeof signCheckpoint>[0], checkpoint: T): Promise<SignedCheckpoint<T>> {
    const own = await ctx.registration.ensureRegistered();
    return signCheckpoint(kind, checkpoint, ctx.privateKey, own.encryptionKeyId);
}
