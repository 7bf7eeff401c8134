/**
 * Key-rotation continuity proof: when an agent registers a new key (`previousEncryptionKeyId` +
 * `rotationSignature`), the old key signs the new key's fingerprint, so only the holder of the
 * old key can hand its identity on.
 */
import { IntegrityError } from "../errors";
import { PrivateKeyInput, PublicKeyInput, fingerprint } from "./keys";
import { pssSign, pssVerify } from "./pss";

export const KEY_ROTATION_LABEL = "r4.key-rotation.v1";

/** The exact bytes signed: UTF-8 of `"r4.key-rotation.v1\n" + fingerprint(newPublicKey)`. */
export function keyRotationBytes(newPublicKey: PublicKeyInput): Buffer {
    return Buffer.from(`${KEY_ROTATION_LABEL}\n${fingerprint(newPublicKey)}`, "utf8");
}

/** The old private key's PSS signature (base64) over the new public key's fingerprint. */
export function signKeyRotation(oldPrivateKey: PrivateKeyInput, newPublicKey: PublicKeyInput): string {
    return pssSign(keyRotationBytes(newPublicKey), oldPrivateKey);
}

/** Throws IntegrityError unless `signature` is the old key's rotation signature for the new key. */
export function verifyKeyRotation(oldPublicKey: PublicKeyInput, newPublicKey: PublicKeyInput, signature: string): void {
    if (!pssVerify(keyRotationBytes(newPublicKey), signature, oldPublicKey)) {
        throw new IntegrityError(
            `Key rotation to the key with fingerprint ${fingerprint(newPublicKey)} is not signed by the previous key (fingerprint ${fingerprint(oldPublicKey)}); refusing the rotation.`,
        );
    }
}
