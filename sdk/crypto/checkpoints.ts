/**
 * Signed checkpoints: the client's signature over vault and item metadata that the server stores
 * but cannot forge. Signed bytes are `LABEL + "\n" + JCS(checkpoint)`; the label binds the kind,
 * so a valid signature over a vault summary can never be replayed as an item detail.
 */
import { IntegrityError, R4Error } from "../errors";
import { canonicalize } from "./canonical-json";
import { quoteId } from "./encoding";
import { PrivateKeyInput, PublicKeyInput } from "./keys";
import { pssSign, pssVerify } from "./pss";

export const CHECKPOINT_LABELS = {
    vaultSummary: "r4.checkpoint.vault-summary.v1",
    vaultItemDetail: "r4.checkpoint.vault-item-detail.v1",
    vaultDirectory: "r4.checkpoint.vault-directory.v1",
    permission: "r4.checkpoint.permission.v1",
} as const;

export type CheckpointKind = keyof typeof CHECKPOINT_LABELS;

/** The wire envelope of every checkpoint: `{ checkpoint, signerUserKeyPairId, signature }`. */
// A type alias rather than an interface so it stays assignable to plain JSON record types.
export type SignedCheckpoint<T = Record<string, unknown>> = {
    checkpoint: T;
    /** The signer's key id; for AGENT keys, the agent's active `encryptionKeyId`. */
    signerUserKeyPairId: string;
    /** RSASSA-PSS (SHA-256, MGF1-SHA-256, salt 32) over `checkpointBytes`, standard base64. */
    signature: string;
};

function labelOf(kind: CheckpointKind): string {
    if (!Object.prototype.hasOwnProperty.call(CHECKPOINT_LABELS, kind)) {
        throw new R4Error({ code: "invalid_argument", message: `Unknown checkpoint kind ${quoteId(kind)}; expected one of ${Object.keys(CHECKPOINT_LABELS).join(", ")}.` });
    }
    return CHECKPOINT_LABELS[kind];
}

/** The exact bytes signed for a checkpoint: UTF-8 of `LABEL + "\n" + JCS(checkpoint)`. */
export function checkpointBytes(kind: CheckpointKind, checkpoint: unknown): Buffer {
    return bytesOf(labelOf(kind), canonicalize(checkpoint));
}

const bytesOf = (label: string, canonical: string): Buffer => Buffer.from(`${label}\n${canonical}`, "utf8");

/** Signs a checkpoint with the caller's private key; `signerId` is that key's registered id. */
export function signCheckpoint<T>(kind: CheckpointKind, checkpoint: T, privateKey: PrivateKeyInput, signerId: string): SignedCheckpoint<T> {
    if (typeof signerId !== "string" || signerId.length === 0) {
        throw new R4Error({ code: "invalid_argument", message: "Cannot sign a checkpoint without a signer id: pass the registered encryptionKeyId (user key pair id) of the signing key." });
    }
    const signature = pssSign(checkpointBytes(kind, checkpoint), privateKey);
    return { checkpoint, signerUserKeyPairId: signerId, signature };
}

/**
 * Verifies a checkpoint against the public key registered for its signer. Throws IntegrityError
 * naming the kind and the signer. It checks the signature only: callers must also pick the key
 * by `signerUserKeyPairId` from the vault's signer keys, compare the content with the metadata
 * the server returned, and refuse a version lower than one already seen (see docs/protocol.md).
 * Returns the checkpoint's canonical JSON (what was verified), so a caller that also compares or
 * remembers the content need not canonicalise it again.
 */
export function verifyCheckpoint(kind: CheckpointKind, signed: SignedCheckpoint, publicKey: PublicKeyInput): string {
    const label = labelOf(kind);
    const signer = quoteId(signed?.signerUserKeyPairId);
    const fail = (problem: string, cause?: unknown) =>
        new IntegrityError(`${kind} checkpoint (${label}) signed by ${signer} ${problem}; refusing to trust it.`, undefined, cause);

    if (typeof signed !== "object" || signed === null || typeof signed.checkpoint !== "object" || signed.checkpoint === null) {
        throw fail("is malformed: expected { checkpoint, signerUserKeyPairId, signature }");
    }
    if (typeof signed.signerUserKeyPairId !== "string" || typeof signed.signature !== "string") {
        throw fail("is malformed: signerUserKeyPairId and signature must be strings");
    }
    let canonical: string;
    try {
        canonical = canonicalize(signed.checkpoint);
    } catch (cause) {
        throw fail("cannot be canonicalised", cause);
    }
    if (!pssVerify(bytesOf(label, canonical), signed.signature, publicKey)) {
        throw fail("has a signature that does not verify with the signer's public key");
    }
    return canonical;
}
