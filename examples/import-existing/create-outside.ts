/**
 * Creates a project, a vault and an item through the SDK - "outside Pulumi" - and prints their
 * ids for the import-existing example's config (`pulumi config set projectId ...`).
 *
 *   R4_BASE_URL=... R4_API_KEY=... R4_PRIVATE_KEY="$(cat key.pem)" npx ts-node create-outside.ts
 */
import { R4Client } from "pulumi-r4/sdk";

async function main(): Promise<void> {
    const r4 = new R4Client({ baseUrl: process.env.R4_BASE_URL!, apiKey: process.env.R4_API_KEY!, privateKeyPem: process.env.R4_PRIVATE_KEY! });
    const project = await r4.projects.create({ name: "billing (made by hand)" });
    const vault = await r4.createVault({ name: "billing (made by hand)" });
    const item = await r4.createItem({
        vaultId: vault.id, name: "Stripe", type: "API_KEY",
        fields: [{ name: "Secret key", type: "SECRET", value: "sk_test_made_by_hand" }],
    });
    const reference = await r4.createVault({ name: "Shared reference", dataClassification: "INTERNAL" });
    console.log(JSON.stringify({ projectId: project.id, vaultId: vault.id, itemId: item.id, referenceVaultId: reference.id }));
}

main().catch((err: Error) => {
    console.error(err.message);
    process.exit(1);
});
