/**
 * Registering the caller's public key, once per process. `POST /vault/public-key` is idempotent
 * for the same key, but it is still a write and a round trip, so the answer is memoised per
 * (server, API key id, key fingerprint) for the life of the process, shared by every client.
 */
import type { KeyObject } from "node:crypto";
import { createPublicKey } from "node:crypto";
import { fingerprint } from "../../crypto";

export interface OwnKey {
    /** The registered `encryptionKeyId`: the signer id of every checkpoint this caller signs. */
    encryptionKeyId: string;
    publicKey: KeyObject;
    publicKeyPem: string;
    fingerprint: string;
}

export type RegisterFn = (publicKeyPem: string) => Promise<{ encryptionKeyId: string }>;

// Process-wide on purpose: two clients built from the same credentials register once.
const registrations = new Map<string, Promise<OwnKey>>();

export class KeyRegistration {
    readonly publicKey: KeyObject;
    readonly publicKeyPem: string;
    readonly fingerprint: string;
    private readonly memoKey: string;
    private known: OwnKey | undefined;

    /**
     * @param scope identifies the server and the API key (never the secret half), so one key
     *   registered by two agents is registered for each.
     */
    constructor(privateKey: KeyObject, scope: string, private readonly register: RegisterFn) {
        this.publicKey = createPublicKey(privateKey);
        this.publicKeyPem = this.publicKey.export({ type: "spki", format: "pem" }).toString();
        this.fingerprint = fingerprint(this.publicKey);
        this.memoKey = `${scope}\n${this.fingerprint}`;
    }

    /** The registered key, registering it first if no client in this process has yet. */
    ensureRegistered(): Promise<OwnKey> {
        let pending = registrations.get(this.memoKey);
        if (!pending) {
            pending = this.register(this.publicKeyPem).then(({ encryptionKeyId }) => ({
                encryptionKeyId,
                publicKey: this.publicKey,
                publicKeyPem: this.publicKeyPem,
                fingerprint: this.fingerprint,
            }));
            registrations.set(this.memoKey, pending);
            // A failed registration must not be remembered: the next call tries again.
            pending.catch(() => {
                if (registrations.get(this.memoKey) === pending) registrations.delete(this.memoKey);
            });
        }
        return pending.then((own) => (this.known = own));
    }

    /** The registered key if registration already finished, without waiting or calling out. */
    current(): OwnKey | undefined {
        return this.known;
    }
}

/** For tests: forget every memoised registration. */
export function resetRegistrations(): void {
    registrations.clear();
}
