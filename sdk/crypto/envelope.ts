/**
 * v3 field envelopes: one field value encrypted with the vault's DEK under AES-256-GCM, as the
 * JSON string `{"v":3,"iv":B64,"t":B64,"d":B64}` the server stores verbatim. The additional
 * authenticated data binds the ciphertext to its vault, item and field, so a server that moves
 * a ciphertext to another field or item is caught at decryption.
 */
import { createCipheriv, createDecipheriv, createSecretKey, type KeyObject, randomBytes } from "node:crypto";
import { IntegrityError, R4Error } from "../errors";
import { decodeBase64Strict, quoteId } from "./encoding";
import { DEK_BYTES } from "./random";

export const ENVELOPE_VERSION = 3;
export const ENVELOPE_IV_BYTES = 12;
export const ENVELOPE_TAG_BYTES = 16;
export const FIELD_AAD_LABEL = "r4.field.v3";

/** Where a field value lives; all three ids are bound into the ciphertext. */
export interface FieldContext {
    vaultId: string;
    vaultItemId: string;
    fieldId: string;
}

/** The AAD: UTF-8 of `r4.field.v3|VAULT_ID|VAULT_ITEM_ID|FIELD_ID`. */
export function fieldAad(ctx: FieldContext): Buffer {
    for (const name of ["vaultId", "vaultItemId", "fieldId"] as const) {
        const id = ctx?.[name];
        // "|" is the separator: an id containing it could make two different contexts produce
        // the same AAD ("a|b" + "c" versus "a" + "b|c").
        if (typeof id !== "string" || id.length === 0 || id.includes("|")) {
            throw new R4Error({ code: "invalid_argument", message: `Invalid field context: ${name} must be a non-empty id without "|", got ${quoteId(id)}.` });
        }
    }
    return Buffer.from(`${FIELD_AAD_LABEL}|${ctx.vaultId}|${ctx.vaultItemId}|${ctx.fieldId}`, "utf8");
}

function assertDek(dek: Buffer): void {
    if (!Buffer.isBuffer(dek) || dek.length !== DEK_BYTES) {
        throw new R4Error({ code: "invalid_argument", message: `Invalid vault data key: expected a ${DEK_BYTES}-byte Buffer (unwrap it with unwrapKey), got ${Buffer.isBuffer(dek) ? `${dek.length} bytes` : typeof dek}.` });
    }
}

// Given a raw Buffer, node:crypto first tries it as a KeyObject and a CryptoKey, and each try is a
// native brand check that throws; that costs several times the cipher setup, for every field of
// every read. createSecretKey takes the Buffer as raw bytes directly. Nothing is cached: the
// KeyObject is the cipher's, as the Buffer's copy was before: nothing outlives the call.
const dekKey = (dek: Buffer): KeyObject => createSecretKey(dek);

// A lone surrogate has no UTF-8 form; Buffer.from would silently turn it into U+FFFD and the
// value read back would differ from the value written.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Encrypts one field value. `iv` exists only so test vectors can be reproduced: production code
 * must leave it out, because reusing an IV with the same DEK breaks GCM completely.
 */
export function encryptField(dek: Buffer, plaintext: string, ctx: FieldContext, iv?: Buffer): string {
    assertDek(dek);
    if (typeof plaintext !== "string") {
        throw new R4Error({ code: "invalid_argument", message: `Cannot encrypt field ${quoteId(ctx?.fieldId)}: the value must be a string, got ${typeof plaintext}.` });
    }
    if (LONE_SURROGATE.test(plaintext)) {
        throw new R4Error({ code: "invalid_argument", message: `Cannot encrypt field ${quoteId(ctx?.fieldId)}: the value contains an unpaired UTF-16 surrogate, which has no UTF-8 form.` });
    }
    const aad = fieldAad(ctx);
    const nonce = iv ?? randomBytes(ENVELOPE_IV_BYTES);
    if (!Buffer.isBuffer(nonce) || nonce.length !== ENVELOPE_IV_BYTES) {
        throw new R4Error({ code: "invalid_argument", message: `Invalid IV: expected ${ENVELOPE_IV_BYTES} bytes.` });
    }
    const cipher = createCipheriv("aes-256-gcm", dekKey(dek), nonce, { authTagLength: ENVELOPE_TAG_BYTES });
    cipher.setAAD(aad);
    const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    const tag = cipher.getAuthTag();
    // Key order is the wire format's, fixed by this literal.
    return JSON.stringify({ v: ENVELOPE_VERSION, iv: nonce.toString("base64"), t: tag.toString("base64"), d: data.toString("base64") });
}

const UTF8_STRICT = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * Decrypts one field value. The envelope comes from the server, so its shape is checked strictly
 * (exactly v, iv, t, d; v === 3; 12-byte IV; 16-byte tag; canonical base64) before any
 * decryption. Every failure is an IntegrityError naming the field, never the value.
 */
export function decryptField(dek: Buffer, envelope: string, ctx: FieldContext): string {
    assertDek(dek);
    const aad = fieldAad(ctx);
    const fail = (problem: string) =>
        new IntegrityError(`Cannot decrypt field ${quoteId(ctx.fieldId)} of vault item ${quoteId(ctx.vaultItemId)} in vault ${quoteId(ctx.vaultId)}: ${problem}; refusing the value.`);

    if (typeof envelope !== "string") {
        throw fail(`the envelope is a ${typeof envelope}, not a JSON string`);
    }
    let parsed: unknown;
    try {
        parsed = JSON.parse(envelope);
    } catch {
        throw fail("the envelope is not valid JSON");
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
        throw fail("the envelope is not a JSON object");
    }
    const fields = parsed as Record<string, unknown>;
    const keys = Object.keys(fields).sort().join(",");
    if (keys !== "d,iv,t,v") {
        throw fail("the envelope must have exactly the properties v, iv, t and d");
    }
    if (fields.v !== ENVELOPE_VERSION) {
        throw fail(`unsupported envelope version (expected ${ENVELOPE_VERSION})`);
    }
    const iv = decodeBase64Strict(fields.iv);
    const tag = decodeBase64Strict(fields.t);
    const data = decodeBase64Strict(fields.d);
    if (!iv || iv.length !== ENVELOPE_IV_BYTES) {
        throw fail(`iv must be base64 of ${ENVELOPE_IV_BYTES} bytes`);
    }
    if (!tag || tag.length !== ENVELOPE_TAG_BYTES) {
        throw fail(`t must be base64 of ${ENVELOPE_TAG_BYTES} bytes`);
    }
    if (!data) {
        throw fail("d must be standard base64");
    }
    let plain: Buffer;
    try {
        const decipher = createDecipheriv("aes-256-gcm", dekKey(dek), iv, { authTagLength: ENVELOPE_TAG_BYTES });
        decipher.setAAD(aad);
        decipher.setAuthTag(tag);
        const head = decipher.update(data);
        // GCM's final() only checks the tag and returns no bytes: no copy for the usual case.
        const tail = decipher.final();
        plain = tail.length === 0 ? head : Buffer.concat([head, tail]);
    } catch {
        throw fail("authentication failed (wrong key, wrong vault/item/field, or altered ciphertext)");
    }
    try {
        return UTF8_STRICT.decode(plain);
    } catch {
        throw fail("the decrypted value is not valid UTF-8");
    }
}
