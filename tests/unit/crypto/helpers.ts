/**
 * Shared pieces for the crypto tests: the fixture keys, and node-forge (a pure-JS implementation
 * independent of OpenSSL) doing each scheme on its own, so interoperability tests compare two
 * implementations rather than one with itself.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as forge from "node-forge";

export const vectors = JSON.parse(readFileSync(join(__dirname, "../../fixtures/crypto-vectors.json"), "utf8"));
export const TEST_PRIVATE_PEM: string = vectors.keys.privateKeyPem;
export const TEST_PUBLIC_PEM: string = vectors.keys.publicKeyPem;
export const OTHER_PUBLIC_PEM: string = vectors.keys.rotatedPublicKeyPem;

const bin = (b: Buffer) => b.toString("binary");
const unbin = (s: string) => Buffer.from(s, "binary");

function pss(): forge.pss.PSS {
    return forge.pss.create({ md: forge.md.sha256.create(), mgf: forge.mgf.mgf1.create(forge.md.sha256.create()), saltLength: 32 });
}

export function forgePssSign(privatePem: string, data: Buffer): string {
    const key = forge.pki.privateKeyFromPem(privatePem);
    const md = forge.md.sha256.create();
    md.update(bin(data));
    return Buffer.from(key.sign(md, pss()), "binary").toString("base64");
}

export function forgePssVerify(publicPem: string, data: Buffer, signatureB64: string): boolean {
    const key = forge.pki.publicKeyFromPem(publicPem) as forge.pki.rsa.PublicKey;
    const md = forge.md.sha256.create();
    md.update(bin(data));
    try {
        return key.verify(md.digest().bytes(), bin(Buffer.from(signatureB64, "base64")), pss());
    } catch {
        return false;
    }
}

const oaepOptions = () => ({ md: forge.md.sha256.create(), mgf1: { md: forge.md.sha256.create() } });

export function forgeOaepWrap(publicPem: string, dek: Buffer): string {
    const key = forge.pki.publicKeyFromPem(publicPem) as forge.pki.rsa.PublicKey;
    return Buffer.from(key.encrypt(bin(dek), "RSA-OAEP", oaepOptions()), "binary").toString("base64");
}

export function forgeOaepUnwrap(privatePem: string, wrappedB64: string): Buffer {
    const key = forge.pki.privateKeyFromPem(privatePem);
    return unbin(key.decrypt(bin(Buffer.from(wrappedB64, "base64")), "RSA-OAEP", oaepOptions()));
}

export function forgeGcmEncrypt(dek: Buffer, iv: Buffer, aad: Buffer, plaintext: Buffer): { iv: Buffer; tag: Buffer; data: Buffer } {
    const cipher = forge.cipher.createCipher("AES-GCM", bin(dek));
    cipher.start({ iv: bin(iv), additionalData: bin(aad), tagLength: 128 });
    cipher.update(forge.util.createBuffer(bin(plaintext)));
    cipher.finish();
    return { iv, tag: unbin(cipher.mode.tag.getBytes()), data: unbin(cipher.output.getBytes()) };
}

/** Returns the plaintext, or undefined when forge's tag check fails. */
export function forgeGcmDecrypt(dek: Buffer, iv: Buffer, aad: Buffer, tag: Buffer, data: Buffer): Buffer | undefined {
    const decipher = forge.cipher.createDecipher("AES-GCM", bin(dek));
    decipher.start({ iv: bin(iv), additionalData: bin(aad), tagLength: 128, tag: forge.util.createBuffer(bin(tag)) });
    decipher.update(forge.util.createBuffer(bin(data)));
    return decipher.finish() ? unbin(decipher.output.getBytes()) : undefined;
}

export function forgeFingerprint(publicPem: string): string {
    const der = forge.asn1.toDer(forge.pki.publicKeyToAsn1(forge.pki.publicKeyFromPem(publicPem))).getBytes();
    const md = forge.md.sha256.create();
    md.update(der);
    return md.digest().toHex();
}

/** Flips the lowest bit of byte `index` of base64 `b64` and re-encodes. */
export function flipBase64(b64: string, index = 0): string {
    const bytes = Buffer.from(b64, "base64");
    bytes[index] ^= 0x01;
    return bytes.toString("base64");
}
