/**
 * Client-side cryptography for R4. Everything the server must not be able to read or forge is
 * produced and checked here, with Node's built-in crypto (OpenSSL). The exact bytes of every
 * scheme are specified in docs/protocol.md and pinned by tests/fixtures/crypto-vectors.json.
 *
 * @example
 * const dek = newDek();
 * const envelope = encryptField(dek, "hunter2", { vaultId, vaultItemId, fieldId });
 * decryptField(dek, envelope, { vaultId, vaultItemId, fieldId }); // "hunter2"
 */
export { canonicalize, canonicallyEqual } from "./canonical-json";
export { CHECKPOINT_LABELS, checkpointBytes, signCheckpoint, verifyCheckpoint } from "./checkpoints";
export type { CheckpointKind, SignedCheckpoint } from "./checkpoints";
export { CheckpointVersionTracker, verifyCheckpointWithSigners } from "./checkpoint-trust";
export type { SignerKey } from "./checkpoint-trust";
export { ENVELOPE_IV_BYTES, ENVELOPE_TAG_BYTES, ENVELOPE_VERSION, FIELD_AAD_LABEL, decryptField, encryptField, fieldAad } from "./envelope";
export type { FieldContext } from "./envelope";
export { unwrapKey, wrapKey } from "./key-wrap";
export { KEY_ROTATION_LABEL, keyRotationBytes, signKeyRotation, verifyKeyRotation } from "./key-rotation";
export { DEFAULT_RSA_BITS, MIN_RSA_BITS, assertRsaKeySize, fingerprint, generateKeyPair, loadPrivateKey, loadPublicKey } from "./keys";
export type { PrivateKeyInput, PublicKeyInput } from "./keys";
export { PSS_SALT_BYTES } from "./pss";
export { DEK_BYTES, isR4Id, newDek, randomId } from "./random";
export { issueReceipt, receiptMatches } from "./read-receipts";
