/**
 * Wrapping a vault DEK to a member's RSA public key: RSA-OAEP with SHA-256 for both the hash and
 * MGF1, no label, standard base64. The server stores one wrapped copy per member key and never
 * sees the DEK.
 */
import { constants, privateDecrypt, publicEncrypt } from "node:crypto";
import { IntegrityError, R4Error } from "../errors";
import { decodeBase64Strict } from "./encoding";
import { PrivateKeyInput, PublicKeyInput, fingerprint, toPrivateKey, toPublicKey } from "./keys";
import { DEK_BYTES } from "./random";

/** Wraps a 32-byte DEK to `publicKey`. Node's `oaepHash` sets the MGF1 hash too. */
export function wrapKey(dek: Buffer, publicKey: PublicKeyInput): string {
    if (!Buffer.isBuffer(dek) || dek.length !== DEK_BYTES) {
        throw new R4Error({ code: "invalid_argument", message: `Cannot wrap a vault data key that is not ${DEK_BYTES} bytes; create one with newDek().` });
    }
    const key = toPublicKey(publicKey);
    return publicEncrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" }, dek).toString("base64");
}

/** Unwraps a DEK wrapped to our key. Any failure, or a result that is not 32 bytes, is an IntegrityError. */
export function unwrapKey(wrapped: string, privateKey: PrivateKeyInput): Buffer {
    const key = toPrivateKey(privateKey);
    // Naming the key by fingerprint says which key failed without revealing anything about it.
    const fail = (problem: string) =>
        new IntegrityError(`Cannot unwrap the vault data key with the key of fingerprint ${fingerprint(key)}: ${problem}; it was not wrapped to this key, or it was altered.`);
    const bytes = decodeBase64Strict(wrapped);
    if (!bytes || bytes.length !== Math.ceil((key.asymmetricKeyDetails?.modulusLength ?? 0) / 8)) {
        throw fail("the wrapped key is not standard base64 of one RSA block for this key size");
    }
    let dek: Buffer;
    try {
        dek = privateDecrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" }, bytes);
    } catch {
        throw fail("OAEP decryption failed");
    }
    if (dek.length !== DEK_BYTES) {
        dek.fill(0);
        throw fail(`the unwrapped key is not ${DEK_BYTES} bytes`);
    }
    return dek;
}
