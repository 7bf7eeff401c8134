/**
 * Vault: created with a signed empty summary and a fresh DEK wrapped to our key; never replaced
 * (that would destroy its items): name and classification change through signed checkpoints,
 * the project association through its own route.
 */
import { z } from "zod";
import { randomId } from "../../sdk/crypto";
import { DataClassification, Name } from "../../sdk/schemas/common";
import { client } from "../plumbing/settings";
import { defineHandler } from "./handler";

export const VaultInputs = z.object({
    name: Name,
    dataClassification: DataClassification.optional(),
    projectId: z.string().min(1).optional(),
});
export type VaultInputs = z.infer<typeof VaultInputs>;

const DEFAULT_CLASSIFICATION = "CONFIDENTIAL";

export const vaultHandler = defineHandler<VaultInputs>({
    noun: "vault",
    schema: VaultInputs,
    diff: { properties: ["name", "dataClassification", "projectId"], defaults: { dataClassification: DEFAULT_CLASSIFICATION } },

    async create(inputs, intend) {
        const id = randomId();
        intend({ id });
        const vault = await client().createVault({ ...inputs, id });
        return {
            id: vault.id,
            outputs: { encryptionKeyId: vault.encryptionKeyId, currentDekVersion: vault.currentDekVersion, version: vault.version },
        };
    },

    // A crash can fall between the vault and our wrapped copy of its key: the SDK's create with
    // the same id adopts the vault and posts the missing copy.
    async recovered(id, inputs, outputs) {
        await client().createVault({ ...inputs, id });
        return outputs;
    },

    async read(id, props) {
        const vault = await client().readVault(id);
        if (!vault) return null;
        return {
            inputs: {
                name: vault.name,
                // Keep an omitted classification omitted while it is still the default.
                ...(props.dataClassification !== undefined || vault.dataClassification !== DEFAULT_CLASSIFICATION
                    ? { dataClassification: vault.dataClassification }
                    : {}),
                ...(vault.projectId ? { projectId: vault.projectId } : {}),
            },
            outputs: { encryptionKeyId: props.encryptionKeyId, currentDekVersion: vault.currentDekVersion, version: vault.version },
        };
    },

    async update(id, olds, news, props) {
        const r4 = client();
        let renamed: { version: number; currentDekVersion: number } | undefined;
        if (olds.name !== news.name || (olds.dataClassification ?? DEFAULT_CLASSIFICATION) !== (news.dataClassification ?? DEFAULT_CLASSIFICATION)) {
            const updated = await r4.updateVault(id, { name: news.name, dataClassification: news.dataClassification ?? DEFAULT_CLASSIFICATION });
            renamed = { version: updated.version, currentDekVersion: updated.currentDekVersion };
        }
        if ((olds.projectId ?? null) !== (news.projectId ?? null)) {
            await r4.setVaultProject(id, news.projectId ?? null);
        }
        // A rename just signed the current summary: its version and key generation are known, so
        // no read is needed. A project change alone touches no checkpoint: read the current ones.
        if (renamed) return { encryptionKeyId: props.encryptionKeyId, ...renamed };
        const vault = await r4.readVault(id);
        return {
            encryptionKeyId: props.encryptionKeyId,
            currentDekVersion: vault?.currentDekVersion ?? props.currentDekVersion,
            version: vault?.version ?? props.version,
        };
    },

    async delete(id) {
        await client().archiveVault(id);
    },
});
