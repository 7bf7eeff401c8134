/**
 * Vault-item flows. Values are encrypted into v3 envelopes bound to (vault, item, field); the
 * item's layout is signed in its detail checkpoint and its listing in the vault's summary. Field
 * and field-instance ids are chosen here, so a create can be resent safely and an edit keeps a
 * field's id for life (only a changed value gets a new instance).
 */
import { R4Error } from "../errors";
import { canonicalize, decryptField, encryptField, fingerprint, issueReceipt, randomId, receiptMatches, type SignedCheckpoint } from "../crypto";
import type { CreateItemField, FieldUpdate, GetVaultItemResponse, ItemDetailCheckpoint, ItemDetailField } from "../schemas";
import type { FlowContext } from "./context";
import { invalidArgument, isNotFound, isStatus } from "./errors";
import { currentSummary, entryOf, nextSummary, sign, withItem, withoutItem } from "./summary";
import { sameJson, vaultSigners, verifyItemDetail } from "./verify";

export interface ItemFieldInput {
    name: string;
    /** TEXT, PASSWORD, SECRET, URL, ... (controls masking, not encryption: every value is encrypted). */
    type: string;
    /** The plaintext; `null` stores the field without a value. */
    value: string | null;
}

export interface CreateItemInput {
    vaultId: string;
    /** Client-chosen id (24 lowercase hex); generated when omitted. Pass the same id to retry safely. */
    id?: string;
    name: string;
    type: string;
    websites?: string[];
    fields: ItemFieldInput[];
}

export interface ItemField {
    id: string;
    name: string;
    type: string;
    value: string | null;
}

export interface ItemView {
    id: string;
    vaultId: string;
    name: string;
    type: string;
    websites: string[];
    fields: ItemField[];
    /** Detail checkpoint version. */
    version: number;
}

export interface WrittenItem {
    id: string;
    /** Field ids by field name. */
    fieldIds: Record<string, string>;
    /** Detail checkpoint version after the write. */
    version: number;
    /**
     * The write's read receipt: what the item reads back as, known first-hand (we signed and
     * encrypted it, or, for an update that changed nothing, verified and decrypted it), so a later
     * `readItemWithReceipt` of the unchanged item need not check and decrypt it. Absent when a
     * create adopted an earlier attempt's item.
     */
    receipt?: string;
}

function assertUniqueNames(fields: readonly { name: string }[], what: string): void {
    const seen = new Set<string>();
    for (const f of fields) {
        if (typeof f?.name !== "string" || f.name.length === 0) throw invalidArgument(`${what}: every field needs a non-empty name.`);
        if (seen.has(f.name)) throw invalidArgument(`${what}: field name ${JSON.stringify(f.name)} appears twice; field names identify fields and must be unique within an item.`);
        seen.add(f.name);
    }
}

/** Each field's id by its name: what a resource keeps so that ids stay stable across edits. */
export const fieldIdsOf = (fields: readonly { id: string; name: string }[]): Record<string, string> => Object.fromEntries(fields.map((f) => [f.name, f.id]));

export async function createItem(ctx: FlowContext, input: CreateItemInput): Promise<WrittenItem> {
    assertUniqueNames(input.fields, `Creating item ${JSON.stringify(input.name)}`);
    const { vaultId } = input;
    const itemId = input.id ?? randomId();
    const websites = [...(input.websites ?? [])];
    // Ids fixed once, outside the retries, so every attempt describes the same item.
    const ids = input.fields.map(() => ({ id: randomId(), fieldInstanceId: randomId() }));
    return ctx.queue.run([vaultId], `Creating item ${itemId}`, async () => {
        const summary = await currentSummary(ctx, vaultId);
        const { dek } = await ctx.keys.dek(vaultId, summary.checkpoint.currentDekVersion);
        const fields: CreateItemField[] = input.fields.map((f, i) => ({
            id: ids[i].id,
            fieldInstanceId: ids[i].fieldInstanceId,
            name: f.name,
            type: f.type,
            ...(f.value === null ? {} : { encryptedValue: encryptField(dek, f.value, { vaultId, vaultItemId: itemId, fieldId: ids[i].id }) }),
        }));
        const detail: ItemDetailCheckpoint = {
            vaultItemId: itemId, vaultId, version: 1, name: input.name, type: input.type, websites, groupId: null,
            fields: fields.map((f, order) => ({ id: f.id, name: f.name, type: f.type, order, fieldInstanceIds: [f.fieldInstanceId], assetIds: [] })),
        };
        const [detailCheckpoint, summaryCheckpoint] = await Promise.all([
            sign(ctx, "vaultItemDetail", detail),
            sign(ctx, "vaultSummary", nextSummary(summary.checkpoint, { items: withItem(summary.checkpoint.items, entryOf(detail)) })),
        ]);
        try {
            await ctx.api.items.create(vaultId, { id: itemId, summaryCheckpoint, detailCheckpoint, name: input.name, type: input.type, websites, fields });
        } catch (err) {
            // 409 `conflict`: the id exists. When that is our own earlier attempt (its answer was
            // lost), the item is there as we described it; anything else is a real clash.
            if (!isStatus(err, 409) || (err as R4Error).code === "checkpoint_conflict") throw err;
            return adoptExistingItem(ctx, vaultId, itemId, input, err);
        }
        ctx.chain.rememberSummary(summaryCheckpoint);
        ctx.chain.observe("vaultItemDetail", itemId, detail);
        const item: ItemView = {
            id: itemId, vaultId, name: input.name, type: input.type, websites,
            fields: input.fields.map((f, i) => ({ id: ids[i].id, name: f.name, type: f.type, value: f.value })), version: 1,
        };
        const ciphertexts = new Map(fields.map((f) => [f.id, f.encryptedValue ?? null]));
        return { id: itemId, fieldIds: fieldIdsOf(fields), version: 1, receipt: await writtenReceipt(ctx, detailCheckpoint, ciphertexts, item) };
    });
}

async function adoptExistingItem(ctx: FlowContext, vaultId: string, itemId: string, input: CreateItemInput, cause: unknown): Promise<WrittenItem> {
    const existing = await readVerifiedItem(ctx, vaultId, itemId).catch((err) => (isNotFound(err) ? null : Promise.reject(err)));
    const own = await ctx.registration.ensureRegistered();
    const same = existing && existing.name === input.name && existing.type === input.type && sameJson(existing.fields.map((f) => f.name), input.fields.map((f) => f.name));
    if (!existing || !same || existing.signerId !== own.encryptionKeyId) {
        throw new R4Error({ status: 409, code: "conflict", route: "POST /vault/:vaultId/items", message: `A vault item with id ${itemId} already exists and is not the item being created; choose another id.`, cause });
    }
    // Our earlier attempt also advanced the summary: drop the cached one so the next write re-reads.
    ctx.chain.forgetSummary(vaultId);
    return { id: itemId, fieldIds: fieldIdsOf(existing.fields), version: existing.version };
}

interface VerifiedItem extends ItemView {
    detail: ItemDetailCheckpoint;
    signerId: string;
}

/** Reads, verifies and decrypts an item. Throws (404 included); `readItem` maps 404 to null. */
async function readVerifiedItem(ctx: FlowContext, vaultId: string, itemId: string): Promise<VerifiedItem> {
    return verifiedItem(ctx, vaultId, itemId, await getItemAnswer(ctx, vaultId, itemId));
}

/** The item's GET, with the vault's signer directory, which checking the answer needs, fetched alongside on a vault's first read. */
function getItemAnswer(ctx: FlowContext, vaultId: string, itemId: string): Promise<GetVaultItemResponse> {
    ctx.keys.prefetchDirectory(vaultId);
    return ctx.api.items.get(vaultId, itemId);
}

/** Verifies and decrypts an answer of `GET /vault/:vaultId/items/:itemId`. */
async function verifiedItem(ctx: FlowContext, vaultId: string, itemId: string, response: GetVaultItemResponse): Promise<VerifiedItem> {
    const route = "GET /vault/:vaultId/items/:itemId";
    // The key is looked up while the signature is checked: on a vault's first read the signer
    // directory and the wrapped key are each one request away, and they need not wait for each other.
    // Nothing is decrypted before the checks pass.
    const dekLookup = ctx.keys.dek(vaultId);
    dekLookup.catch(() => undefined); // awaited below; a failed check must not leave it unhandled
    const signed: SignedCheckpoint<ItemDetailCheckpoint> = await verifyItemDetail(ctx, { vaultId, itemId }, response, vaultSigners(ctx, vaultId), route);
    const { dek } = await dekLookup;
    const sorted = [...response.fields].sort((a, b) => a.order - b.order);
    const fields = sorted.map((f) => ({
        id: f.id,
        name: f.name,
        type: f.type,
        value: f.value === null ? null : decryptField(dek, f.value, { vaultId, vaultItemId: itemId, fieldId: f.id }),
    }));
    const cp = signed.checkpoint;
    return {
        id: itemId, vaultId, name: cp.name, type: cp.type, websites: [...cp.websites], fields, version: cp.version,
        detail: cp, signerId: signed.signerUserKeyPairId,
    };
}

const viewOf = (item: ItemView): ItemView => ({ id: item.id, vaultId: item.vaultId, name: item.name, type: item.type, websites: item.websites, fields: item.fields, version: item.version });

/**
 * The item, verified against the vault's signer keys and decrypted; `null` when it is archived,
 * moved away or unreachable. After the first read of a vault, this is one request.
 */
export async function readItem(ctx: FlowContext, vaultId: string, itemId: string): Promise<ItemView | null> {
    try {
        return viewOf(await readVerifiedItem(ctx, vaultId, itemId));
    } catch (err) {
        if (isNotFound(err)) return null;
        throw err;
    }
}

/** An item as read, and the receipt that lets a later read of the same answer hand it back (crypto/read-receipts.ts). */
export interface ReceiptedItem {
    item: ItemView;
    receipt: string;
}

/**
 * `readItem` for a caller that keeps what it read. Given what an earlier read returned, an answer
 * identical to the one behind its receipt, from a signer whose key the vault's directory still
 * lists, is not verified and decrypted again: `kept` is handed back. Its version is still tracked,
 * so a later, older answer is refused as a rollback. Anything else is read in full, with a new receipt.
 */
export async function readItemWithReceipt(ctx: FlowContext, vaultId: string, itemId: string, kept?: ReceiptedItem): Promise<ReceiptedItem | null> {
    let response: GetVaultItemResponse;
    try {
        response = await getItemAnswer(ctx, vaultId, itemId);
    } catch (err) {
        if (isNotFound(err)) return null;
        throw err;
    }
    const canonical = canonicalize(response.detailCheckpoint.checkpoint);
    const answer = answerText(response, canonical);
    const signer = await signerKeyOf(ctx, vaultId, response);
    if (kept && signer && receiptMatches(ctx.privateKey, kept.receipt, receiptParts(vaultId, itemId, answer, signer, kept.item))) {
        ctx.chain.observe("vaultItemDetail", itemId, response.detailCheckpoint.checkpoint, canonical);
        return kept;
    }
    const item = viewOf(await verifiedItem(ctx, vaultId, itemId, response));
    return { item, receipt: await verifiedReceipt(ctx, vaultId, itemId, response, item, answer, signer) };
}

/**
 * The receipt of an answer just verified and decrypted into `item`. Verification passed, so the
 * directory lists the signer: it is looked up again only when the caller did not know it yet
 * (the directory listed it just for verification's own refetch).
 */
async function verifiedReceipt(ctx: FlowContext, vaultId: string, itemId: string, response: GetVaultItemResponse, item: ItemView, answer = answerText(response), signer?: string): Promise<string> {
    const verifiedBy = signer ?? (await signerKeyOf(ctx, vaultId, response))!;
    return issueReceipt(ctx.privateKey, receiptParts(vaultId, itemId, answer, verifiedBy, item));
}

/**
 * The fingerprint (computed here, from the key itself) of the public key the answer's signer has
 * in the vault's directory, or of ours; undefined when the directory does not list the signer.
 */
async function signerKeyOf(ctx: FlowContext, vaultId: string, response: GetVaultItemResponse): Promise<string | undefined> {
    const signerId = response.detailCheckpoint?.signerUserKeyPairId;
    if (typeof signerId !== "string") return undefined;
    const key = (await vaultSigners(ctx, vaultId)(signerId)).find((k) => k.encryptionKeyId === signerId)?.publicKey;
    return key === undefined ? undefined : fingerprint(key);
}

/**
 * Everything of an item answer that verification and decryption read, in a fixed order: the
 * signed checkpoint (canonical, whatever order the server writes its keys in), its signer and
 * signature, the metadata and field layout compared with it, and every ciphertext. Keys a server
 * adds beyond these are never read, so they do not count.
 */
function answerText(
    r: Pick<GetVaultItemResponse, "id" | "name" | "type" | "websites" | "vaultId" | "groupId" | "fields" | "detailCheckpoint">,
    canonical = canonicalize(r.detailCheckpoint.checkpoint),
): string {
    const fields = [...r.fields]
        .sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
        .map((f) => [f.id, f.name, f.type, f.order, f.fieldInstanceIds, f.assetIds, f.value]);
    const cp = r.detailCheckpoint;
    return JSON.stringify([r.id, r.name, r.type, r.websites, r.vaultId, r.groupId, fields, cp.signerUserKeyPairId, cp.signature, canonical]);
}

/** What a receipt covers: where, the answer, the key that verified it, and the result, fields in order. */
function receiptParts(vaultId: string, itemId: string, answer: string, signerFingerprint: string, item: ItemView): string[] {
    const result = JSON.stringify([item.id, item.vaultId, item.name, item.type, item.websites, item.fields.map((f) => [f.id, f.name, f.type, f.value]), item.version]);
    return [vaultId, itemId, answer, signerFingerprint, result];
}

/**
 * The receipt of an item this client just wrote: the answer a read will get is what was sent and
 * accepted (R4 stores it as given), laid out as the signed detail says, with `ciphertexts` by field id.
 */
async function writtenReceipt(ctx: FlowContext, detailCheckpoint: SignedCheckpoint<ItemDetailCheckpoint>, ciphertexts: ReadonlyMap<string, string | null>, item: ItemView): Promise<string> {
    const own = await ctx.registration.ensureRegistered();
    const d = detailCheckpoint.checkpoint;
    const answer = answerText({
        id: d.vaultItemId, name: d.name, type: d.type, websites: d.websites, vaultId: d.vaultId, groupId: d.groupId, detailCheckpoint,
        fields: d.fields.map((f) => ({ ...f, value: ciphertexts.get(f.id) ?? null })),
    });
    return issueReceipt(ctx.privateKey, receiptParts(d.vaultId, d.vaultItemId, answer, own.fingerprint, item));
}

export interface UpdateItemInput {
    name?: string;
    type?: string;
    websites?: string[];
    /** The complete desired field list, matched to existing fields by name. Omit to leave fields alone. */
    fields?: ItemFieldInput[];
}

/**
 * Brings an item to `desired` with one `PATCH /vault-item/:id/update`: fields are matched by
 * name (add, update, delete); an unchanged field is not touched; the summary is re-signed only
 * when the name, type or websites change. No request is written when nothing changed.
 */
export async function updateItem(ctx: FlowContext, vaultId: string, itemId: string, desired: UpdateItemInput): Promise<WrittenItem & { changed: boolean }> {
    if (desired.fields) assertUniqueNames(desired.fields, `Updating item ${itemId}`);
    return ctx.queue.run([vaultId], `Updating item ${itemId}`, async () => {
        // Registered first (the write signs anyway): our own signature then verifies with the key
        // we hold; the vault's signer directory is read once per vault, only to check that it
        // lists that key as ours.
        await ctx.registration.ensureRegistered();
        const answer = await getItemAnswer(ctx, vaultId, itemId).catch((err) => Promise.reject(isNotFound(err) ? gone(itemId, vaultId, err) : err));
        const current = await verifiedItem(ctx, vaultId, itemId, answer);
        const name = desired.name ?? current.name;
        const type = desired.type ?? current.type;
        const websites = desired.websites ? [...desired.websites] : current.websites;
        const listingChanged = name !== current.name || type !== current.type || !sameJson(websites, current.websites);

        const { dek } = await ctx.keys.dek(vaultId);
        const seal = (fieldId: string, value: string | null) => (value === null ? {} : { encryptedValue: encryptField(dek, value, { vaultId, vaultItemId: itemId, fieldId }) });
        const updates: FieldUpdate[] = [];
        let layout: ItemDetailField[] = current.detail.fields.map((f) => ({ ...f, fieldInstanceIds: [...f.fieldInstanceIds], assetIds: [...f.assetIds] }));
        const wanted = new Map((desired.fields ?? []).map((f) => [f.name, f]));
        if (desired.fields) {
            // Deletes, then updates, then adds: the server appends an added field after the
            // highest live order, so this order makes the signed layout predictable.
            for (const f of current.fields) {
                if (wanted.has(f.name)) continue;
                updates.push({ action: "delete", id: f.id });
                layout = layout.filter((l) => l.id !== f.id);
            }
            for (const f of current.fields) {
                const want = wanted.get(f.name);
                if (!want || (want.type === f.type && want.value === f.value)) continue;
                const fieldInstanceId = randomId();
                updates.push({ action: "update", id: f.id, fieldInstanceId, ...(want.type !== f.type ? { type: want.type } : {}), ...seal(f.id, want.value) });
                layout = layout.map((l) => (l.id === f.id ? { ...l, type: want.type, fieldInstanceIds: [fieldInstanceId] } : l));
            }
            const existing = new Set(current.fields.map((f) => f.name));
            for (const want of desired.fields) {
                if (existing.has(want.name)) continue;
                const id = randomId();
                const fieldInstanceId = randomId();
                updates.push({ action: "add", id, fieldInstanceId, name: want.name, type: want.type, ...seal(id, want.value) });
                const order = layout.reduce((m, l) => Math.max(m, l.order), -1) + 1;
                layout.push({ id, name: want.name, type: want.type, order, fieldInstanceIds: [fieldInstanceId], assetIds: [] });
            }
        }
        const fieldIds = fieldIdsOf(layout);
        if (!listingChanged && updates.length === 0) {
            // Nothing to write: the receipt is that of the item as just verified and decrypted.
            return { id: itemId, fieldIds, version: current.version, changed: false, receipt: await verifiedReceipt(ctx, vaultId, itemId, answer, viewOf(current)) };
        }

        const detail: ItemDetailCheckpoint = { vaultItemId: itemId, vaultId, version: current.version + 1, name, type, websites, groupId: current.detail.groupId, fields: layout };
        const detailCheckpoint = await sign(ctx, "vaultItemDetail", detail);
        let summaryCheckpoint;
        if (listingChanged) {
            const summary = await currentSummary(ctx, vaultId);
            summaryCheckpoint = await sign(ctx, "vaultSummary", nextSummary(summary.checkpoint, { items: withItem(summary.checkpoint.items, entryOf(detail)) }));
        }
        await ctx.api.items.update(itemId, {
            detailCheckpoint,
            ...(summaryCheckpoint ? { summaryCheckpoint } : {}),
            ...(name !== current.name ? { name } : {}),
            ...(type !== current.type ? { type } : {}),
            ...(!sameJson(websites, current.websites) ? { websites } : {}),
            updates,
        });
        ctx.chain.observe("vaultItemDetail", itemId, detail);
        if (summaryCheckpoint) ctx.chain.rememberSummary(summaryCheckpoint);
        // Values kept are the ciphertexts R4 already holds; changed and added ones are the ones just sent.
        const ciphertexts = new Map(answer.fields.map((f) => [f.id, f.value]));
        for (const u of updates) if (u.action !== "delete") ciphertexts.set(u.id, u.encryptedValue ?? null);
        const currentValues = new Map(current.fields.map((f) => [f.id, f.value]));
        const item: ItemView = {
            id: itemId, vaultId, name, type, websites, version: detail.version,
            fields: [...layout].sort((a, b) => a.order - b.order).map((l) => ({
                id: l.id, name: l.name, type: l.type, value: wanted.has(l.name) ? wanted.get(l.name)!.value : (currentValues.get(l.id) ?? null),
            })),
        };
        return { id: itemId, fieldIds, version: detail.version, changed: true, receipt: await writtenReceipt(ctx, detailCheckpoint, ciphertexts, item) };
    });
}

function gone(itemId: string, vaultId: string, cause: unknown): R4Error {
    return new R4Error({ status: 404, code: "vault_item_not_found", message: `Vault item ${itemId} is not in vault ${vaultId} (archived, moved, or not reachable with this key).`, cause });
}

/**
 * Moves an item to another vault: every value is re-encrypted under the target vault's DEK and
 * the item's new AAD, and the detail, source summary and target summary are signed together.
 */
export async function moveItem(ctx: FlowContext, itemId: string, fromVaultId: string, toVaultId: string): Promise<WrittenItem & { vaultId: string }> {
    if (fromVaultId === toVaultId) throw invalidArgument(`Moving item ${itemId}: the source and target vault are the same (${fromVaultId}).`);
    return ctx.queue.run([fromVaultId, toVaultId], `Moving item ${itemId}`, async () => {
        await ctx.registration.ensureRegistered(); // see updateItem: no signer-directory fetch for our own checkpoints
        const current = await readVerifiedItem(ctx, fromVaultId, itemId).catch((err) => Promise.reject(isNotFound(err) ? gone(itemId, fromVaultId, err) : err));
        const [source, target] = await Promise.all([currentSummary(ctx, fromVaultId), currentSummary(ctx, toVaultId)]);
        const { dek } = await ctx.keys.dek(toVaultId, target.checkpoint.currentDekVersion);
        const reEncryptedFieldValues = current.fields
            .filter((f) => f.value !== null)
            .map((f) => ({ fieldId: f.id, fieldInstanceId: randomId(), encryptedValue: encryptField(dek, f.value as string, { vaultId: toVaultId, vaultItemId: itemId, fieldId: f.id }) }));
        const newInstance = new Map(reEncryptedFieldValues.map((r) => [r.fieldId, r.fieldInstanceId]));
        const detail: ItemDetailCheckpoint = {
            ...pickDetail(current.detail),
            vaultId: toVaultId,
            version: current.version + 1,
            fields: current.detail.fields.map((f) => ({ ...f, fieldInstanceIds: newInstance.has(f.id) ? [newInstance.get(f.id) as string] : [...f.fieldInstanceIds] })),
        };
        const [detailCheckpoint, sourceVaultSummaryCheckpoint, targetVaultSummaryCheckpoint] = await Promise.all([
            sign(ctx, "vaultItemDetail", detail),
            sign(ctx, "vaultSummary", nextSummary(source.checkpoint, { items: withoutItem(source.checkpoint.items, itemId) })),
            sign(ctx, "vaultSummary", nextSummary(target.checkpoint, { items: withItem(target.checkpoint.items, entryOf(detail)) })),
        ]);
        await ctx.api.items.move(itemId, { detailCheckpoint, sourceVaultSummaryCheckpoint, targetVaultSummaryCheckpoint, vaultId: toVaultId, reEncryptedFieldValues });
        ctx.chain.observe("vaultItemDetail", itemId, detail);
        ctx.chain.rememberSummary(sourceVaultSummaryCheckpoint);
        ctx.chain.rememberSummary(targetVaultSummaryCheckpoint);
        return { id: itemId, vaultId: toVaultId, fieldIds: fieldIdsOf(detail.fields), version: detail.version };
    });
}

/** Only the documented keys of a detail checkpoint, so nothing unknown is re-signed. */
function pickDetail(cp: ItemDetailCheckpoint): ItemDetailCheckpoint {
    return { vaultItemId: cp.vaultItemId, vaultId: cp.vaultId, version: cp.version, name: cp.name, type: cp.type, websites: [...cp.websites], groupId: cp.groupId, fields: cp.fields };
}

/** Archives an item with a signed summary that no longer lists it. Archiving twice is a no-op. */
export async function archiveItem(ctx: FlowContext, vaultId: string, itemId: string): Promise<{ archived: boolean }> {
    return ctx.queue.run([vaultId], `Archiving item ${itemId}`, async () => {
        await ctx.registration.ensureRegistered(); // see updateItem
        let summary = await currentSummary(ctx, vaultId);
        if (!summary.checkpoint.items.some((i) => i.id === itemId)) {
            // Our cached summary may predate the item (another writer created it): look again once.
            ctx.chain.forgetSummary(vaultId);
            summary = await currentSummary(ctx, vaultId);
            if (!summary.checkpoint.items.some((i) => i.id === itemId)) return { archived: false };
        }
        const summaryCheckpoint = await sign(ctx, "vaultSummary", nextSummary(summary.checkpoint, { items: withoutItem(summary.checkpoint.items, itemId) }));
        try {
            await ctx.api.items.archive(vaultId, itemId, { summaryCheckpoint });
        } catch (err) {
            if (isNotFound(err)) return { archived: false };
            throw err;
        }
        ctx.chain.rememberSummary(summaryCheckpoint);
        return { archived: true };
    });
}
