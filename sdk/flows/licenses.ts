/**
 * The license environment: `GET /licenses/:id/environment` returns, for each vault item linked to
 * the license, our wrapped DEK, the signer keys and the ciphertext. Each item's detail checkpoint
 * is verified against those signers and the field list it signs, then every value is decrypted
 * here. The server never sees a value.
 */
import { IntegrityError } from "../errors";
import { decryptField, unwrapKey } from "../crypto";
import type { ItemDetailCheckpoint, LicenseEnvironmentItem } from "../schemas";
import type { FlowContext } from "./context";
import { ownSigner, usableSigners } from "./state/vault-keys";
import { sameJson, verifySignature } from "./verify";

export interface LicenseEnvironment {
    licenseInstanceId: string;
    items: Array<{ vaultId: string; vaultItemId: string; fields: Record<string, string> }>;
    /** Every field as an environment variable: the field name upper-snake-cased ("API key" → API_KEY). The first item wins a clash. */
    env: Record<string, string>;
}

/** "API key" → "API_KEY", "clientId" → "CLIENT_ID", "x-token 2" → "X_TOKEN_2". */
export function envName(fieldName: string): string {
    return fieldName
        .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
        .replace(/[^A-Za-z0-9]+/g, "_")
        .replace(/^_+|_+$/g, "")
        .toUpperCase();
}

const ROUTE = "GET /licenses/:licenseInstanceId/environment";

export async function getLicenseEnvironment(ctx: FlowContext, licenseInstanceId: string): Promise<LicenseEnvironment> {
    const bundle = await ctx.api.licenses.getEnvironment(licenseInstanceId);
    if (bundle.licenseInstanceId !== licenseInstanceId) {
        throw new IntegrityError(`Asked for the environment of license ${JSON.stringify(licenseInstanceId)} but got ${JSON.stringify(bundle.licenseInstanceId)}; refusing it.`, ROUTE);
    }
    const items: LicenseEnvironment["items"] = [];
    const env: Record<string, string> = {};
    for (const item of bundle.items) {
        const fields = await openItem(ctx, item);
        items.push({ vaultId: item.vaultId, vaultItemId: item.vaultItemId, fields });
        for (const [name, value] of Object.entries(fields)) {
            const key = envName(name);
            if (key && !(key in env)) env[key] = value;
        }
    }
    return { licenseInstanceId, items, env };
}

async function openItem(ctx: FlowContext, item: LicenseEnvironmentItem): Promise<Record<string, string>> {
    const { vaultId, vaultItemId } = item;
    // Our own key is known locally; anyone else's comes from the bundle's signer list.
    const own = ctx.registration.current();
    const signers = async (signerId: string) => (own?.encryptionKeyId === signerId ? [ownSigner(own)] : usableSigners(item.signers));
    await verifySignature("vaultItemDetail", item.detailCheckpoint, signers, ROUTE);
    const cp = item.detailCheckpoint.checkpoint as ItemDetailCheckpoint;
    ctx.chain.observe("vaultItemDetail", vaultItemId, cp);
    const layout = (list: readonly { id: string; name: string; type: string }[]) => [...list].map((f) => ({ id: f.id, name: f.name, type: f.type })).sort((a, b) => (a.id < b.id ? -1 : 1));
    const differs = [
        cp.vaultItemId !== vaultItemId && "vaultItemId",
        cp.vaultId !== vaultId && "vaultId",
        !sameJson(layout(item.fields), layout(cp.fields)) && "fields",
    ].filter(Boolean);
    if (differs.length) {
        throw new IntegrityError(`The environment entry for vault item ${JSON.stringify(vaultItemId)} differs from its signed checkpoint in: ${differs.join(", ")}. Refusing it.`, ROUTE);
    }
    const dek = unwrapKey(item.wrappedKey, ctx.privateKey);
    try {
        const out: Record<string, string> = {};
        for (const f of item.fields) {
            if (f.value === null) continue;
            out[f.name] = decryptField(dek, f.value, { vaultId, vaultItemId, fieldId: f.id });
        }
        return out;
    } finally {
        dek.fill(0);
    }
}
