/**
 * R4's schemes done with node-forge (pure JavaScript), the baseline for the crypto benchmark.
 * Keys are parsed once, outside the timed loops, as our node:crypto side holds KeyObjects; each
 * function produces the same wire format as sdk/crypto (base64 PSS signatures over the same
 * checkpoint bytes, v3 envelopes, base64 OAEP-wrapped keys), so both sides do the same work.
 */
import * as forge from "node-forge";
import { ENVELOPE_IV_BYTES, FIELD_AAD_LABEL, type FieldContext } from "../../sdk/crypto";

const bin = (b: Buffer) => b.toString("binary");
const unbin = (s: string) => Buffer.from(s, "binary");

export interface ForgeKeys {
    privateKey: forge.pki.rsa.PrivateKey;
    publicKey: forge.pki.rsa.PublicKey;
}

export function forgeKeys(privatePem: string, publicPem: string): ForgeKeys {
    return { privateKey: forge.pki.privateKeyFromPem(privatePem), publicKey: forge.pki.publicKeyFromPem(publicPem) as forge.pki.rsa.PublicKey };
}

const pss = () => forge.pss.create({ md: forge.md.sha256.create(), mgf: forge.mgf.mgf1.create(forge.md.sha256.create()), saltLength: 32 });

export function forgeSign(keys: ForgeKeys, data: Buffer): string {
    const md = forge.md.sha256.create();
    md.update(bin(data));
    return Buffer.from(keys.privateKey.sign(md, pss()), "binary").toString("base64");
}

export function forgeVerify(keys: ForgeKeys, data: Buffer, signatureB64: string): boolean {
    const md = forge.md.sha256.create();
    md.update(bin(data));
    return keys.publicKey.verify(md.digest().bytes(), bin(Buffer.from(signatureB64, "base64")), pss());
}

const aadOf = (ctx: FieldContext) => `${FIELD_AAD_LABEL}|${ctx.vaultId}|${ctx.vaultItemId}|${ctx.fieldId}`;

export function forgeEncryptField(dek: Buffer, plaintext: string, ctx: FieldContext): string {
    const iv = forge.random.getBytesSync(ENVELOPE_IV_BYTES);
    const cipher = forge.cipher.createCipher("AES-GCM", bin(dek));
    cipher.start({ iv, additionalData: forge.util.encodeUtf8(aadOf(ctx)), tagLength: 128 });
    cipher.update(forge.util.createBuffer(forge.util.encodeUtf8(plaintext)));
    cipher.finish();
    return JSON.stringify({ v: 3, iv: unbin(iv).toString("base64"), t: unbin(cipher.mode.tag.getBytes()).toString("base64"), d: unbin(cipher.output.getBytes()).toString("base64") });
}

export function forgeDecryptField(dek: Buffer, envelope: string, ctx: FieldContext): string {
    const e = JSON.parse(envelope) as { v: number; iv: string; t: string; d: string };
    if (e.v !== 3) throw new Error("unsupported envelope");
    const decipher = forge.cipher.createDecipher("AES-GCM", bin(dek));
    decipher.start({ iv: bin(Buffer.from(e.iv, "base64")), additionalData: forge.util.encodeUtf8(aadOf(ctx)), tagLength: 128, tag: forge.util.createBuffer(bin(Buffer.from(e.t, "base64"))) });
    decipher.update(forge.util.createBuffer(bin(Buffer.from(e.d, "base64"))));
    if (!decipher.finish()) throw new Error("authentication failed");
    return forge.util.decodeUtf8(decipher.output.getBytes());
}

const oaep = () => ({ md: forge.md.sha256.create(), mgf1: { md: forge.md.sha256.create() } });

export function forgeWrap(keys: ForgeKeys, dek: Buffer): string {
    return Buffer.from(keys.publicKey.encrypt(bin(dek), "RSA-OAEP", oaep()), "binary").toString("base64");
}

export function forgeUnwrap(keys: ForgeKeys, wrappedB64: string): Buffer {
    return unbin(keys.privateKey.decrypt(bin(Buffer.from(wrappedB64, "base64")), "RSA-OAEP", oaep()));
}

/** RSA key generation in forge's own JavaScript (not delegated to node:crypto). */
export function forgeGenerateKeyPair(bits: number): void {
    // forge.options is real but missing from @types/node-forge.
    const options = (forge as unknown as { options: { usePureJavaScript: boolean } }).options;
    const previous = options.usePureJavaScript;
    options.usePureJavaScript = true;
    try {
        forge.pki.rsa.generateKeyPair({ bits, e: 0x10001 });
    } finally {
        options.usePureJavaScript = previous;
    }
}
