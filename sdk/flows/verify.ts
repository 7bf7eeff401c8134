/**
 * Reading signed state: a checkpoint is trusted only after (1) its signature verifies with the
 * signer's key from the vault's directory, (2) its version is not lower than one this process has
 * seen (rollback), and (3) the metadata the server returned beside it is exactly what it signs.
 * Every failure is an IntegrityError that names ids and versions, never a value.
 */
import { IntegrityError } from "../errors";
import { canonicallyEqual, verifyCheckpointWithSigners, type CheckpointKind, type SignedCheckpoint, type SignerKey } from "../crypto";
import type { GetVaultItemResponse, ItemDetailCheckpoint, ListVaultItemsResponse, VaultSummaryCheckpoint } from "../schemas";
import type { FlowContext } from "./context";

/** The signer keys a checkpoint may verify against; by default the vault's directory. */
export type SignerLookup = (signerId: string) => Promise<readonly SignerKey[]>;

export function vaultSigners(ctx: FlowContext, vaultId: string): SignerLookup {
    return (signerId) => ctx.keys.signersFor(vaultId, signerId);
}

/** Verifies the signature; returns the checkpoint's canonical JSON (for the version tracker). */
export async function verifySignature(kind: CheckpointKind, signed: SignedCheckpoint<object>, signers: SignerLookup, route: string): Promise<string> {
    const keys = await signers(signed.signerUserKeyPairId);
    try {
        return verifyCheckpointWithSigners(kind, signed as SignedCheckpoint, keys);
    } catch (err) {
        if (err instanceof IntegrityError) throw new IntegrityError(err.message, route, err.cause);
        throw err;
    }
}

/** Equality of JSON values as the signature sees them (canonical form); absent counts as null. */
export function sameJson(a: unknown, b: unknown): boolean {
    return canonicallyEqual(a ?? null, b ?? null);
}

function mismatch(what: string, route: string, differs: string[]): IntegrityError {
    return new IntegrityError(`The ${what} returned by the server differs from its signed checkpoint in: ${differs.join(", ")}. Refusing it.`, route);
}

/** Field-by-field comparison; returns the names that differ. */
function differences(pairs: Record<string, [unknown, unknown]>): string[] {
    return Object.entries(pairs).filter(([, [a, b]]) => !sameJson(a, b)).map(([k]) => k);
}

const byId = <T extends { id: string }>(list: readonly T[]): T[] => [...list].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

/** Verifies `GET /vault/:id/items` and returns its summary checkpoint, now trusted. */
export async function verifySummaryListing(ctx: FlowContext, vaultId: string, listing: ListVaultItemsResponse): Promise<SignedCheckpoint<VaultSummaryCheckpoint>> {
    const route = "GET /vault/:vaultId/items";
    const signed = listing.summaryCheckpoint as SignedCheckpoint<VaultSummaryCheckpoint>;
    const canonical = await verifySignature("vaultSummary", signed, vaultSigners(ctx, vaultId), route);
    const cp = signed.checkpoint;
    ctx.chain.observe("vaultSummary", vaultId, cp, canonical);
    const listedItems = listing.items.map((i) => ({ id: i.id, name: i.name, type: i.type, websites: i.websites, groupId: i.groupId }));
    const signedItems = cp.items.map((i) => ({ id: i.id, name: i.name, type: i.type, websites: i.websites, groupId: i.groupId }));
    const differs = differences({
        vaultId: [cp.vaultId, vaultId],
        listingVaultId: [listing.vaultId, vaultId],
        name: [listing.vaultName, cp.name],
        dataClassification: [listing.dataClassification ?? null, cp.dataClassification],
        currentDekVersion: [listing.currentDekVersion, cp.currentDekVersion],
        items: [byId(listedItems), byId(signedItems)],
        groups: [byId(listing.vaultItemGroups.map((g) => ({ id: g.id, name: g.name }))), byId(cp.groups.map((g) => ({ id: g.id, name: g.name })))],
    });
    if (differs.length) throw mismatch(`listing of vault ${JSON.stringify(vaultId)}`, route, differs);
    return signed;
}

/** The signed shape of one field, as both the detail checkpoint and the detail response carry it. */
export function fieldLayout(f: { id: string; name: string; type: string; order: number; fieldInstanceIds: readonly string[]; assetIds: readonly string[] }) {
    return { id: f.id, name: f.name, type: f.type, order: f.order, fieldInstanceIds: [...f.fieldInstanceIds].sort(), assetIds: [...f.assetIds].sort() };
}

/**
 * Verifies an item's detail checkpoint and that the response's metadata and field layout are the
 * signed ones. `vaultId` is where the caller expects the item (the checkpoint binds it).
 */
export async function verifyItemDetail(
    ctx: FlowContext,
    expected: { vaultId: string; itemId: string },
    detail: Pick<GetVaultItemResponse, "id" | "name" | "type" | "websites" | "vaultId" | "groupId" | "fields" | "detailCheckpoint">,
    signers: SignerLookup,
    route: string,
): Promise<SignedCheckpoint<ItemDetailCheckpoint>> {
    const signed = detail.detailCheckpoint as SignedCheckpoint<ItemDetailCheckpoint>;
    const canonical = await verifySignature("vaultItemDetail", signed, signers, route);
    const cp = signed.checkpoint;
    ctx.chain.observe("vaultItemDetail", expected.itemId, cp, canonical);
    const order = (a: { order: number; id: string }, b: { order: number; id: string }) => a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    const differs = differences({
        vaultItemId: [cp.vaultItemId, expected.itemId],
        id: [detail.id, expected.itemId],
        vaultId: [cp.vaultId, expected.vaultId],
        responseVaultId: [detail.vaultId, expected.vaultId],
        name: [detail.name, cp.name],
        type: [detail.type, cp.type],
        websites: [detail.websites, cp.websites],
        groupId: [detail.groupId, cp.groupId],
        fields: [[...detail.fields].sort(order).map(fieldLayout), [...cp.fields].sort(order).map(fieldLayout)],
    });
    if (differs.length) throw mismatch(`vault item ${JSON.stringify(expected.itemId)} of vault ${JSON.stringify(expected.vaultId)}`, route, differs);
    return signed;
}
