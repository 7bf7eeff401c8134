/**
 * VaultItem: every field value is encrypted here, in the provider process, with the vault's DEK
 * before it is sent; reads verify the item's signed checkpoint and decrypt to compare. A change
 * of vault is a move (re-encrypted for the target vault), never a replacement; field ids stay
 * stable across edits because fields are matched by name.
 */
import { z } from "zod";
import { randomId } from "../../sdk/crypto";
import { fieldIdsOf, type ItemView, type ReceiptedItem } from "../../sdk/flows";
import { Name, Websites } from "../../sdk/schemas/common";
import { RECEIPT } from "../plumbing/record";
import { client } from "../plumbing/settings";
import { defineHandler } from "./handler";

const FieldInput = z.object({
    name: z.string().min(1, "a field needs a name").max(255),
    type: z.string().regex(/^[A-Z][A-Z_]*$/, "must be an upper-case field type such as TEXT, PASSWORD, SECRET or URL"),
    value: z.string(),
});

export const VaultItemInputs = z.object({
    vaultId: z.string().min(1, "set vaultId to the id of the vault the item belongs in"),
    name: Name,
    type: z.string().regex(/^[A-Z][A-Z_]*$/, "must be an upper-case item type such as LOGIN or SOFTWARE_LICENSE"),
    websites: Websites.optional(),
    fields: z.array(FieldInput).superRefine((fields, ctx) => {
        const seen = new Set<string>();
        fields.forEach((field, index) => {
            if (seen.has(field.name)) {
                ctx.addIssue({ code: "custom", path: [index, "name"], message: `duplicate field name "${field.name}": field names must be unique within an item` });
            }
            seen.add(field.name);
        });
    }),
});
export type VaultItemInputs = z.infer<typeof VaultItemInputs>;

/**
 * What the last read returned, rebuilt from state, with its receipt. A rebuild that differs from
 * what that read returned (a value R4 holds as null is kept as "") simply fails the receipt, and
 * the item is read in full.
 */
function keptRead(id: string, props: Record<string, any>): ReceiptedItem | undefined {
    const receipt = props[RECEIPT];
    if (typeof receipt !== "string" || !Array.isArray(props.fields) || typeof props.fieldIds !== "object" || props.fieldIds === null) return undefined;
    const item: ItemView = {
        id, vaultId: props.vaultId, name: props.name, type: props.type, websites: props.websites ?? [],
        fields: props.fields.map((f: { name: string; type: string; value: string }) => ({ id: props.fieldIds[f.name], name: f.name, type: f.type, value: f.value })),
        version: props.version,
    };
    return { item, receipt };
}

function sameMetadata(a: VaultItemInputs, b: VaultItemInputs): boolean {
    return a.name === b.name && a.type === b.type && JSON.stringify(a.websites ?? []) === JSON.stringify(b.websites ?? []);
}

export const vaultItemHandler = defineHandler<VaultItemInputs>({
    noun: "vault item",
    schema: VaultItemInputs,
    diff: { properties: ["vaultId", "name", "type", "websites", "fields"], defaults: { websites: [] } },

    async create(inputs, intend) {
        const id = randomId();
        intend({ id });
        const item = await client().createItem({ ...inputs, id });
        return { id: item.id, outputs: { fieldIds: item.fieldIds, version: item.version, ...(item.receipt ? { [RECEIPT]: item.receipt } : {}) } };
    },

    async read(id, props) {
        if (!props.vaultId) {
            throw new Error(`vault item "${id}": R4 reads an item through its vault; pass the vault id too (VaultItem.get(name, id, { vaultId }))`);
        }
        const kept = keptRead(id, props);
        const read = await client().readItemWithReceipt(props.vaultId, id, kept);
        if (!read) return null;
        const item = read.item;
        return {
            inputs: {
                vaultId: item.vaultId,
                name: item.name,
                type: item.type,
                ...(props.websites !== undefined || item.websites.length > 0 ? { websites: item.websites } : {}),
                fields: item.fields.map((f) => ({ name: f.name, type: f.type, value: f.value ?? "" })),
            },
            outputs: { fieldIds: fieldIdsOf(item.fields), version: item.version, [RECEIPT]: read.receipt },
            // The SDK hands back what was kept, the very object, when the receipt matched.
            asStateHasIt: read === kept,
        };
    },

    async update(id, olds, news) {
        const r4 = client();
        let vaultId = olds.vaultId;
        if (news.vaultId !== olds.vaultId) {
            await r4.moveItem(id, olds.vaultId, news.vaultId);
            vaultId = news.vaultId;
        }
        const unchanged = sameMetadata(olds, news) && JSON.stringify(olds.fields) === JSON.stringify(news.fields);
        // Either way with a read receipt, so the next refresh of the item checks and decrypts nothing.
        if (unchanged) {
            const read = await r4.readItemWithReceipt(vaultId, id);
            if (!read) throw new Error(`vault item "${id}" disappeared during the update; run \`pulumi refresh\` and try again`);
            return { fieldIds: fieldIdsOf(read.item.fields), version: read.item.version, [RECEIPT]: read.receipt };
        }
        const written = await r4.updateItem(vaultId, id, { name: news.name, type: news.type, websites: news.websites ?? [], fields: news.fields });
        return { fieldIds: written.fieldIds, version: written.version, ...(written.receipt ? { [RECEIPT]: written.receipt } : {}) };
    },

    async delete(id, props) {
        await client().archiveItem(props.vaultId, id);
    },
});
