/**
 * RSA key handling: parsing PEM once (parsed keys are cached), the minimum size, fingerprints
 * and generation. Every other crypto file takes keys through `toPrivateKey` / `toPublicKey`, so
 * the format and size rules live here only. Error messages describe the problem and never
 * include key material.
 */
import { KeyObject, createHash, createPrivateKey, createPublicKey, generateKeyPair as generateKeyPairCb } from "node:crypto";
import { promisify } from "node:util";
import { R4Error } from "../errors";

/** Smallest RSA modulus accepted anywhere: 2048 bits (NIST SP 800-57 until 2030). */
export const MIN_RSA_BITS = 2048;
/** Size of keys we generate: 3072 bits (~128-bit security). */
export const DEFAULT_RSA_BITS = 3072;

export type PrivateKeyInput = KeyObject | string;
export type PublicKeyInput = KeyObject | string;

const EXPECTED_PRIVATE = "Expected an unencrypted PEM RSA private key of at least 2048 bits (\"-----BEGIN PRIVATE KEY-----\" PKCS#8, or \"-----BEGIN RSA PRIVATE KEY-----\" PKCS#1).";
const EXPECTED_PUBLIC = "Expected a PEM RSA public key of at least 2048 bits (\"-----BEGIN PUBLIC KEY-----\" SubjectPublicKeyInfo, or \"-----BEGIN RSA PUBLIC KEY-----\" PKCS#1).";

// Parsing a PEM costs far more than one signature, and a provider run signs and unwraps with the
// same key many times. For private keys the cache key is a SHA-256 of the PEM, so the map never
// holds the private PEM text itself; public keys are public, and are looked up by their PEM
// directly (a reader checks a signer's key on every verification, and hashing it each time
// showed in profiles). Both are bounded so a long-lived process fed many keys cannot grow
// without limit.
const CACHE_LIMIT = 256;
const privateCache = new Map<string, KeyObject>();
const publicCache = new Map<string, KeyObject>();

// KeyObjects are immutable: one that passed the size check keeps passing it. The value is the
// modulus size in bytes (the size of every signature and OAEP block the key makes).
const checkedKeys = new WeakMap<KeyObject, number>();

function cacheKey(pem: string): string {
    return createHash("sha256").update(pem, "utf8").digest("hex");
}

function remember(cache: Map<string, KeyObject>, key: string, value: KeyObject): KeyObject {
    if (cache.size >= CACHE_LIMIT) {
        // Maps iterate in insertion order: drop the oldest entry.
        cache.delete(cache.keys().next().value as string);
    }
    cache.set(key, value);
    return value;
}

/** Parses (once, then from cache) a PEM RSA private key. Throws R4Error `invalid_private_key`. */
export function loadPrivateKey(pem: string): KeyObject {
    const fail = (problem: string, cause?: unknown) =>
        new R4Error({ code: "invalid_private_key", message: `Invalid private key: ${problem} ${EXPECTED_PRIVATE}`, cause });
    if (typeof pem !== "string") {
        throw fail(`got a ${typeof pem}, not a string.`);
    }
    const id = cacheKey(pem);
    const cached = privateCache.get(id);
    if (cached) return cached;

    if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem)) {
        throw fail(pem.includes("-----BEGIN") ? "the PEM block is not a private key." : "the text is not PEM (no \"-----BEGIN ... PRIVATE KEY-----\" line).");
    }
    if (pem.includes("ENCRYPTED PRIVATE KEY") || pem.includes("Proc-Type: 4,ENCRYPTED")) {
        throw fail("the key is passphrase-encrypted; decrypt it first (for example `openssl pkey -in key.pem -out plain.pem`).");
    }
    let key: KeyObject;
    try {
        key = createPrivateKey({ key: pem, format: "pem" });
    } catch (cause) {
        // OpenSSL's message names the decoder step, not the input, so it is safe to keep as cause.
        throw fail("the PEM could not be parsed (damaged base64 or truncated block).", cause);
    }
    assertRsaKeySize(key);
    return remember(privateCache, id, key);
}

/** Parses (once, then from cache) a PEM RSA public key. Throws R4Error `invalid_public_key`. */
export function loadPublicKey(pem: string): KeyObject {
    const fail = (problem: string, cause?: unknown) =>
        new R4Error({ code: "invalid_public_key", message: `Invalid public key: ${problem} ${EXPECTED_PUBLIC}`, cause });
    if (typeof pem !== "string") {
        throw fail(`got a ${typeof pem}, not a string.`);
    }
    const cached = publicCache.get(pem);
    if (cached) return cached;

    if (pem.includes("PRIVATE KEY-----")) {
        // createPublicKey would happily derive the public half, but a private key in a public-key
        // slot is a mistake that could end with the private key being sent to the server.
        throw fail("got a private key where a public key was expected; pass the public half.");
    }
    if (!/-----BEGIN (RSA )?PUBLIC KEY-----/.test(pem)) {
        throw fail(pem.includes("-----BEGIN") ? "the PEM block is not a public key (certificates are not accepted)." : "the text is not PEM (no \"-----BEGIN PUBLIC KEY-----\" line).");
    }
    let key: KeyObject;
    try {
        key = createPublicKey({ key: pem, format: "pem" });
    } catch (cause) {
        throw fail("the PEM could not be parsed (damaged base64 or truncated block).", cause);
    }
    assertRsaKeySize(key);
    return remember(publicCache, pem, key);
}

/**
 * Refuses anything but an RSA key of at least 2048 bits. RSA-PSS-restricted keys (OID
 * id-RSASSA-PSS) are refused too: they cannot do the OAEP key wrap every member needs.
 */
export function assertRsaKeySize(key: KeyObject): void {
    if (checkedKeys.has(key)) return;
    const role = key.type === "private" ? "private" : "public";
    const code = `invalid_${role}_key`;
    if (key.type === "secret" || key.asymmetricKeyType !== "rsa") {
        throw new R4Error({ code, message: `Invalid ${role} key: expected an RSA key, got ${key.type === "secret" ? "a secret (symmetric) key" : `a key of type ${key.asymmetricKeyType}`}. ${role === "private" ? EXPECTED_PRIVATE : EXPECTED_PUBLIC}` });
    }
    const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
    if (bits < MIN_RSA_BITS) {
        throw new R4Error({ code, message: `Invalid ${role} key: RSA key is ${bits} bits; R4 requires at least ${MIN_RSA_BITS} bits (generate a new ${DEFAULT_RSA_BITS}-bit key).` });
    }
    checkedKeys.set(key, Math.ceil(bits / 8));
}

/** The modulus size in bytes of an RSA key (size-checked first): the length of its signatures. */
export function modulusBytes(key: KeyObject): number {
    assertRsaKeySize(key);
    return checkedKeys.get(key)!;
}

/** A private KeyObject from a KeyObject or PEM, size-checked. */
export function toPrivateKey(key: PrivateKeyInput): KeyObject {
    if (typeof key === "string") return loadPrivateKey(key);
    if (!(key instanceof KeyObject) || key.type !== "private") {
        throw new R4Error({ code: "invalid_private_key", message: `Invalid private key: expected a private KeyObject or a PEM string. ${EXPECTED_PRIVATE}` });
    }
    assertRsaKeySize(key);
    return key;
}

/** A public KeyObject from a KeyObject or PEM, size-checked. A private KeyObject yields its public half. */
export function toPublicKey(key: PublicKeyInput): KeyObject {
    if (typeof key === "string") return loadPublicKey(key);
    if (!(key instanceof KeyObject) || key.type === "secret") {
        throw new R4Error({ code: "invalid_public_key", message: `Invalid public key: expected a public KeyObject or a PEM string. ${EXPECTED_PUBLIC}` });
    }
    const pub = key.type === "private" ? createPublicKey(key) : key;
    assertRsaKeySize(pub);
    return pub;
}

// Readers check a signer's listed fingerprint on every verification; the key objects are cached
// per PEM, so this makes the DER export and hash a once-per-key cost.
const fingerprints = new WeakMap<KeyObject, string>();

/** Lowercase hex SHA-256 of the key's DER SubjectPublicKeyInfo: the id the server shows. */
export function fingerprint(publicKey: PublicKeyInput): string {
    const key = toPublicKey(publicKey);
    let hex = fingerprints.get(key);
    if (hex === undefined) {
        hex = createHash("sha256").update(key.export({ type: "spki", format: "der" })).digest("hex");
        fingerprints.set(key, hex);
    }
    return hex;
}

const generateKeyPairAsync = promisify(generateKeyPairCb);

/**
 * A new RSA key pair as PEM: SPKI public key, unencrypted PKCS#8 private key. Async because a
 * 3072-bit prime search takes hundreds of milliseconds and must not block the event loop.
 */
export async function generateKeyPair(bits: number = DEFAULT_RSA_BITS): Promise<{ publicKeyPem: string; privateKeyPem: string }> {
    if (!Number.isInteger(bits) || bits < MIN_RSA_BITS || bits > 16384) {
        throw new R4Error({ code: "invalid_argument", message: `Cannot generate an RSA key of ${bits} bits: use a whole number from ${MIN_RSA_BITS} to 16384 (default ${DEFAULT_RSA_BITS}).` });
    }
    const { publicKey, privateKey } = await generateKeyPairAsync("rsa", {
        modulusLength: bits,
        publicExponent: 0x10001,
        publicKeyEncoding: { type: "spki", format: "pem" },
        privateKeyEncoding: { type: "pkcs8", format: "pem" },
    });
    return { publicKeyPem: publicKey, privateKeyPem: privateKey };
}
