/**
 * The one RSA signature scheme R4 uses: RSASSA-PSS with SHA-256, MGF1-SHA-256 and a 32-byte
 * salt, signature in standard base64. Checkpoints and key-rotation proofs both go through here so
 * the parameters cannot drift apart. Internal to `sdk/crypto/`.
 */
import { constants, sign, verify } from "node:crypto";
import { decodeBase64Strict } from "./encoding";
import { modulusBytes, PrivateKeyInput, PublicKeyInput, toPrivateKey, toPublicKey } from "./keys";

/** Salt length in bytes: the digest length, as RFC 8017 §9.1 recommends. */
export const PSS_SALT_BYTES = 32;

/** Signs `data`; returns standard base64. Node uses the digest (SHA-256) for MGF1 as well. */
export function pssSign(data: Buffer, privateKey: PrivateKeyInput): string {
    const key = toPrivateKey(privateKey);
    return sign("sha256", data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: PSS_SALT_BYTES }).toString("base64");
}

/**
 * True only when `signature` is canonical base64 of a PSS signature over `data` by `publicKey`
 * with exactly these parameters (a fixed salt length, not "auto", so a signature made with other
 * parameters is refused). Malformed input is false, not an exception: callers decide the error.
 */
export function pssVerify(data: Buffer, signature: unknown, publicKey: PublicKeyInput): boolean {
    const key = toPublicKey(publicKey);
    const sig = decodeBase64Strict(signature);
    if (!sig || sig.length !== modulusBytes(key)) {
        return false;
    }
    // node:crypto first probes the options object as a KeyObject and as a CryptoKey, and each
    // probe is a native brand check that throws and catches an error; building those errors'
    // stack traces cost a readItem as much as a third of the verification itself. Nothing here
    // ever shows such a stack (a real failure is answered with false), so none is captured.
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
        return verify("sha256", data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: PSS_SALT_BYTES }, sig);
    } catch {
        return false;
    } finally {
        Error.stackTraceLimit = stackTraceLimit;
    }
}
