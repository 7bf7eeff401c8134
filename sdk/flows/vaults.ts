/**
 * Vault flows: create (client-chosen id, signed empty summary v1, a fresh DEK wrapped to our own
 * key), read verified, rename / reclassify (directory + summary checkpoints), project
 * association, archive (signed replacement summary).
 */
import type { KeyObject } from "node:crypto";
import { IntegrityError, R4Error } from "../errors";
import { newDek, randomId, unwrapKey, wrapKey, type SignedCheckpoint } from "../crypto";
import type { DataClassification, VaultDirectoryCheckpoint, VaultSummaryCheckpoint, VaultSummaryItem } from "../schemas";
import type { FlowContext } from "./context";
import { currentSummary, nextSummary, sign } from "./summary";
import { isNotFound, isStatus } from "./errors";
import { vaultSigners, verifySignature, verifySummaryListing } from "./verify";

/** Used when a vault is created without a classification: the cautious level. */
export const DEFAULT_DATA_CLASSIFICATION: DataClassification = "CONFIDENTIAL";

export interface CreateVaultInput {
    /** Client-chosen id (24 lowercase hex); generated when omitted. Pass the same id to retry safely. */
    id?: string;
    name: string;
    dataClassification?: DataClassification;
    projectId?: string;
}

export interface CreatedVault {
    id: string;
    /** Our registered key id: the signer of the vault's checkpoints and the holder of its DEK. */
    encryptionKeyId: string;
    currentDekVersion: number;
    /** Summary checkpoint version. */
    version: number;
}

export interface VaultView {
    id: string;
    name: string;
    dataClassification: DataClassification;
    projectId: string | null;
    currentDekVersion: number;
    /** Summary checkpoint version. */
    version: number;
    items: VaultSummaryItem[];
    createdAt?: string;
}

export async function createVault(ctx: FlowContext, input: CreateVaultInput): Promise<CreatedVault> {
    const id = input.id ?? randomId();
    const own = await ctx.registration.ensureRegistered();
    const dataClassification = input.dataClassification ?? DEFAULT_DATA_CLASSIFICATION;
    return ctx.queue.run([id], `Creating vault ${id}`, async () => {
        const checkpoint: VaultSummaryCheckpoint = { vaultId: id, version: 1, name: input.name, dataClassification, currentDekVersion: 1, items: [], groups: [] };
        let summary = await sign(ctx, "vaultSummary", checkpoint);
        let adopted = false;
        try {
            await ctx.api.vaults.create({ id, summaryCheckpoint: summary, name: input.name, dataClassification, ...(input.projectId ? { projectId: input.projectId } : {}) });
        } catch (err) {
            // A retry of a create whose answer was lost: the vault exists and its first summary
            // is ours, with what we asked for. Anything else is a real id clash.
            if (!isStatus(err, 409)) throw err;
            summary = await adoptExistingVault(ctx, id, input.name, own.encryptionKeyId, err);
            adopted = true;
        }
        ctx.chain.rememberSummary(summary);
        const dekVersion = summary.checkpoint.currentDekVersion;
        await ensureOwnWrappedKey(ctx, id, dekVersion, own.encryptionKeyId, own.publicKey, adopted);
        return { id, encryptionKeyId: own.encryptionKeyId, currentDekVersion: dekVersion, version: summary.checkpoint.version };
    });
}

async function adoptExistingVault(ctx: FlowContext, id: string, name: string, ownKeyId: string, cause: unknown): Promise<SignedCheckpoint<VaultSummaryCheckpoint>> {
    let listing;
    try {
        listing = await ctx.api.items.list(id);
    } catch (err) {
        if (isNotFound(err)) throw clash(id, cause);
        throw err;
    }
    const summary = await verifySummaryListing(ctx, id, listing);
    if (summary.signerUserKeyPairId !== ownKeyId || summary.checkpoint.name !== name) throw clash(id, cause);
    return summary;
}

function clash(id: string, cause: unknown): R4Error {
    return new R4Error({ status: 409, code: "conflict", route: "POST /vault", message: `A vault with id ${id} already exists and was not created by this key with this name; choose another id.`, cause });
}

/**
 * Makes sure our wrapped copy of the DEK exists and caches the DEK. The creator posts its copy
 * right after the vault; after a crash in between, the retry finds none and posts a fresh DEK
 * (nothing can have been encrypted without one).
 */
async function ensureOwnWrappedKey(ctx: FlowContext, vaultId: string, dekVersion: number, encryptionKeyId: string, publicKey: KeyObject, mayExist: boolean): Promise<void> {
    if (mayExist) {
        try {
            const existing = await ctx.api.keys.getWrappedKey(vaultId);
            ctx.keys.rememberDek(vaultId, { dekVersion: existing.dekVersion, dek: unwrapKey(existing.wrappedKey, ctx.privateKey) });
            return;
        } catch (err) {
            if (!isNotFound(err)) throw err;
        }
    }
    const dek = newDek();
    await ctx.api.keys.createWrappedKey(vaultId, { encryptionKeyId, dekVersion, wrappedKey: wrapKey(dek, publicKey) });
    ctx.keys.rememberDek(vaultId, { dekVersion, dek });
}

/** Reads a vault and its verified summary; `null` when it is archived, missing or out of reach. */
export async function readVault(ctx: FlowContext, id: string): Promise<VaultView | null> {
    let vault, listing;
    try {
        [vault, listing] = await Promise.all([ctx.api.vaults.get(id), ctx.api.items.list(id)]);
    } catch (err) {
        if (isNotFound(err)) return null;
        throw err;
    }
    const summary = await verifySummaryListing(ctx, id, listing);
    ctx.chain.rememberSummary(summary);
    const cp = summary.checkpoint;
    if (vault.id !== id || vault.name !== cp.name || (vault.dataClassification ?? cp.dataClassification) !== cp.dataClassification) {
        throw new IntegrityError(`The detail of vault ${JSON.stringify(id)} differs from its signed summary (name or data classification); refusing it.`, "GET /vault/:vaultId");
    }
    return {
        id,
        name: cp.name,
        dataClassification: cp.dataClassification,
        projectId: vault.projectId ?? null,
        currentDekVersion: cp.currentDekVersion,
        version: cp.version,
        items: cp.items,
        ...(vault.createdAt ? { createdAt: vault.createdAt } : {}),
    };
}

export interface UpdateVaultInput {
    name?: string;
    dataClassification?: DataClassification;
}

export async function updateVault(ctx: FlowContext, id: string, change: UpdateVaultInput): Promise<{ id: string; name: string; dataClassification: DataClassification; version: number; currentDekVersion: number; changed: boolean }> {
    return ctx.queue.run([id], `Updating vault ${id}`, async () => {
        // When the summary must be read, register first (a rename signs anyway): our own
        // checkpoints then verify with the key we hold, without fetching the signer directory.
        if (!ctx.chain.summary(id)) await ctx.registration.ensureRegistered();
        const summary = await currentSummary(ctx, id);
        const cp = summary.checkpoint;
        const name = change.name ?? cp.name;
        const dataClassification = change.dataClassification ?? cp.dataClassification;
        if (name === cp.name && dataClassification === cp.dataClassification) {
            return { id, name, dataClassification, version: cp.version, currentDekVersion: cp.currentDekVersion, changed: false };
        }
        const directoryVersion = (await currentDirectoryVersion(ctx, id)) + 1;
        const directory: VaultDirectoryCheckpoint = { vaultId: id, version: directoryVersion, name, dataClassification };
        const nextCp = nextSummary(cp, { name, dataClassification });
        const [directoryCheckpoint, summaryCheckpoint] = await Promise.all([sign(ctx, "vaultDirectory", directory), sign(ctx, "vaultSummary", nextCp)]);
        await ctx.api.vaults.update(id, { directoryCheckpoint, summaryCheckpoint, name, dataClassification });
        ctx.chain.observe("vaultDirectory", id, directory);
        ctx.chain.rememberSummary(summaryCheckpoint);
        return { id, name, dataClassification, version: nextCp.version, currentDekVersion: nextCp.currentDekVersion, changed: true };
    });
}

/**
 * The vault's directory checkpoint version. The vault detail carries the latest directory
 * checkpoint when the server provides it (verified here); otherwise the highest this process
 * has seen (0: never renamed).
 */
async function currentDirectoryVersion(ctx: FlowContext, id: string): Promise<number> {
    const dir = (await ctx.api.vaults.get(id)).directoryCheckpoint as SignedCheckpoint<VaultDirectoryCheckpoint> | null | undefined;
    if (dir) {
        await verifySignature("vaultDirectory", dir, vaultSigners(ctx, id), "GET /vault/:vaultId");
        ctx.chain.observe("vaultDirectory", id, dir.checkpoint);
        return dir.checkpoint.version;
    }
    return ctx.chain.highestSeen("vaultDirectory", id);
}

/** Associates the vault with a project (or none). Projects are outside every checkpoint. */
export async function setVaultProject(ctx: FlowContext, id: string, projectId: string | null): Promise<void> {
    await ctx.api.vaults.setProject(id, { projectId });
}

/** Archives a vault with a signed replacement summary (version + 1). Archiving twice is a no-op. */
export async function archiveVault(ctx: FlowContext, id: string): Promise<{ archived: boolean }> {
    return ctx.queue.run([id], `Archiving vault ${id}`, async () => {
        await ctx.registration.ensureRegistered(); // see updateVault
        let summary;
        try {
            summary = await currentSummary(ctx, id);
        } catch (err) {
            if (isNotFound(err)) return { archived: false };
            throw err;
        }
        const signed = await sign(ctx, "vaultSummary", nextSummary(summary.checkpoint));
        try {
            await ctx.api.vaults.archive(id, { summaryCheckpoint: signed });
        } catch (err) {
            if (isNotFound(err)) return { archived: false };
            throw err;
        }
        ctx.chain.observe("vaultSummary", id, signed.checkpoint);
        ctx.chain.forgetSummary(id);
        ctx.keys.forget(id);
        return { archived: true };
    });
}
