/**
 * Key material per vault, fetched once and kept for the life of the client: the vault's data key
 * (DEK), unwrapped from the caller's wrapped copy, and the vault's signer directory (the public
 * keys a checkpoint of this vault may be signed by). With both cached, reading an item is one
 * request.
 */
import type { KeyObject } from "node:crypto";
import { IntegrityError } from "../../errors";
import { fingerprint, unwrapKey, type SignerKey } from "../../crypto";
import type { GetWrappedKeyResponse, ListVaultPublicKeysResponse, VaultPublicKey } from "../../schemas";
import type { OwnKey } from "./registration";

export interface VaultDek {
    dekVersion: number;
    dek: Buffer;
}

export interface VaultKeySources {
    getWrappedKey(vaultId: string): Promise<GetWrappedKeyResponse>;
    listVaultPublicKeys(vaultId: string): Promise<ListVaultPublicKeysResponse>;
}

/** The directory entries a reader accepts as signers: a revoked key signs nothing trusted. */
export function usableSigners(keys: readonly VaultPublicKey[]): SignerKey[] {
    return keys.filter((k) => k.status !== "REVOKED").map((k) => ({ encryptionKeyId: k.encryptionKeyId, publicKey: k.publicKey, fingerprint: k.fingerprint }));
}

export class VaultKeys {
    private readonly deks = new Map<string, Promise<VaultDek>>();
    private readonly directories = new Map<string, Promise<SignerKey[]>>();

    constructor(
        private readonly sources: VaultKeySources,
        private readonly privateKey: KeyObject,
        private readonly ownKey: () => OwnKey | undefined,
    ) {}

    /**
     * The vault's DEK. `dekVersion`, when given (from a verified summary), must match; a cached
     * key of another generation is fetched again.
     */
    async dek(vaultId: string, dekVersion?: number): Promise<VaultDek> {
        let pending = this.deks.get(vaultId);
        if (pending && dekVersion !== undefined) {
            const cached = await pending.catch(() => undefined);
            if (!cached || cached.dekVersion !== dekVersion) pending = undefined;
        }
        if (!pending) {
            pending = this.sources.getWrappedKey(vaultId).then((w) => ({ dekVersion: w.dekVersion, dek: unwrapKey(w.wrappedKey, this.privateKey) }));
            remember(this.deks, vaultId, pending);
        }
        const found = await pending;
        if (dekVersion !== undefined && found.dekVersion !== dekVersion) {
            throw new IntegrityError(`Vault ${JSON.stringify(vaultId)}: its signed summary names data key version ${dekVersion}, but the server returned our wrapped key for version ${found.dekVersion}.`);
        }
        return found;
    }

    /** Records a DEK this process created or unwrapped, so it is never fetched again. */
    rememberDek(vaultId: string, value: VaultDek): void {
        this.deks.set(vaultId, Promise.resolve(value));
    }

    /**
     * The signer list to verify a checkpoint of `vaultId` signed by `signerId` against. Our own
     * key is known locally; any other comes from the vault's directory, fetched again once when
     * the signer is not in the cached copy (a member who joined since).
     */
    async signersFor(vaultId: string, signerId: string): Promise<SignerKey[]> {
        const own = this.ownKey();
        if (own && own.encryptionKeyId === signerId) {
            await this.checkOwnEntry(vaultId, own);
            return [ownSigner(own)];
        }
        let directory = await this.directory(vaultId, false);
        if (!directory.some((k) => k.encryptionKeyId === signerId)) directory = await this.directory(vaultId, true);
        return directory;
    }

    /**
     * Our own checkpoints verify with the key we hold, whatever the server says. But a directory
     * that lists another key under our id would fool every other reader of the vault, so it is
     * refused here, once per vault (the directory is cached).
     */
    private async checkOwnEntry(vaultId: string, own: OwnKey): Promise<void> {
        const listed = (await this.directory(vaultId, false)).find((k) => k.encryptionKeyId === own.encryptionKeyId);
        if (listed && (listed.fingerprint !== own.fingerprint || fingerprintOrNull(listed.publicKey) !== own.fingerprint)) {
            this.directories.delete(vaultId);
            throw new IntegrityError(
                `Vault ${JSON.stringify(vaultId)}: its key directory lists a different public key for our signing key ${JSON.stringify(own.encryptionKeyId)} (fingerprint ${own.fingerprint}). The server is misrepresenting our key; refusing.`,
            );
        }
    }

    /**
     * Starts fetching the vault's signer directory unless it is cached or on its way. Every first
     * read of an item in a vault needs it to check the answer's signer (our own key too, see
     * `checkOwnEntry`); asked for beside the item's GET rather than after its answer, that first
     * read waits for one round trip instead of two. A failure is left to the lookup that needs it.
     */
    prefetchDirectory(vaultId: string): void {
        this.directory(vaultId, false).catch(() => undefined);
    }

    /** Drops everything cached for a vault (after archive). */
    forget(vaultId: string): void {
        this.deks.delete(vaultId);
        this.directories.delete(vaultId);
    }

    private directory(vaultId: string, refresh: boolean): Promise<SignerKey[]> {
        let pending = refresh ? undefined : this.directories.get(vaultId);
        if (!pending) {
            pending = this.sources.listVaultPublicKeys(vaultId).then((r) => usableSigners(r.keys));
            remember(this.directories, vaultId, pending);
        }
        return pending;
    }
}

function fingerprintOrNull(publicKey: string): string | null {
    try {
        return fingerprint(publicKey);
    } catch {
        return null;
    }
}

export function ownSigner(own: OwnKey): SignerKey {
    return { encryptionKeyId: own.encryptionKeyId, publicKey: own.publicKeyPem, fingerprint: own.fingerprint };
}

function remember<T>(map: Map<string, Promise<T>>, key: string, pending: Promise<T>): void {
    map.set(key, pending);
    pending.catch(() => {
        if (map.get(key) === pending) map.delete(key);
    });
}
