/**
 * Used by tools/main.sh: changes one vault item out of band, through the SDK (as another client
 * of R4 would), so the next `pulumi refresh` has exactly one drift to find.
 *
 *   node -r ts-node/register/transpile-only tools/quickstart-drift.ts CREDENTIALS_JSON VAULT_ID ITEM_ID FIELD
 *
 * The new value is random and never printed.
 */
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import { closeAllPools, R4Client } from "../sdk";

async function main(): Promise<void> {
    const [credentialsPath, vaultId, itemId, fieldName] = process.argv.slice(2);
    if (!credentialsPath || !vaultId || !itemId || !fieldName) {
        throw new Error("usage: quickstart-drift.ts CREDENTIALS_JSON VAULT_ID ITEM_ID FIELD");
    }
    const { baseUrl, apiKey, privateKeyPem } = JSON.parse(fs.readFileSync(credentialsPath, "utf8"));
    const r4 = new R4Client({ baseUrl, apiKey, privateKeyPem });
    const item = await r4.readItem(vaultId, itemId);
    if (!item) throw new Error(`vault item ${itemId} not found in vault ${vaultId}`);
    if (!item.fields.some((f) => f.name === fieldName)) throw new Error(`vault item ${itemId} has no field "${fieldName}"`);
    const written = await r4.updateItem(vaultId, itemId, {
        fields: item.fields.map((f) => ({
            name: f.name,
            type: f.type,
            value: f.name === fieldName ? `changed-out-of-band-${randomBytes(12).toString("hex")}` : (f.value ?? ""),
        })),
    });
    console.log(`changed field "${fieldName}" of item ${itemId} outside Pulumi (item version ${item.version} -> ${written.version}; value not shown)`);
    await closeAllPools();
}

main().catch((err: Error) => {
    console.error(`quickstart-drift: ${err.message}`);
    process.exit(1);
});
