import { strict as assert } from "node:assert";
import { decryptField, encryptField, fieldAad, newDek } from "../../../sdk/crypto";
import { IntegrityError, R4Error } from "../../../sdk/errors";
import { forgeGcmDecrypt, forgeGcmEncrypt } from "./helpers";

const ctx = { vaultId: "507f1f77bcf86cd799439011", vaultItemId: "507f1f77bcf86cd799439018", fieldId: "507f1f77bcf86cd799439020" };
const SECRET = "s3cr3t-Pa55word-do-not-leak";

function parts(envelope: string): { v: number; iv: string; t: string; d: string } {
    return JSON.parse(envelope);
}

function withByteFlipped(envelope: string, prop: "iv" | "t" | "d", index = 0): string {
    const e = parts(envelope);
    const bytes = Buffer.from(e[prop], "base64");
    bytes[index] ^= 0x80;
    return JSON.stringify({ ...e, [prop]: bytes.toString("base64") });
}

const BASE64_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** The same bytes spelled with a non-zero padding bit: Buffer.from decodes it, strict base64 must not. */
function withPaddingBitSet(b64: string): string {
    const at = b64.replace(/=+$/, "").length - 1;
    const spelled = b64.slice(0, at) + BASE64_ALPHABET[BASE64_ALPHABET.indexOf(b64[at]) | 1] + b64.slice(at + 1);
    assert.ok(spelled !== b64 && Buffer.from(spelled, "base64").equals(Buffer.from(b64, "base64")), "a second spelling of the same bytes");
    return spelled;
}

function integrityNamingField(dek: Buffer, plaintext?: string) {
    return (e: unknown) => {
        assert.ok(e instanceof IntegrityError, `expected IntegrityError, got ${String(e)}`);
        const message = (e as Error).message;
        assert.match(message, /field "507f1f77bcf86cd79943902\d"/);
        if (plaintext) assert.ok(!message.includes(plaintext), "message leaks the plaintext");
        assert.ok(!message.includes(dek.toString("base64")) && !message.includes(dek.toString("hex")), "message leaks the key");
        return true;
    };
}

describe("v3 field envelopes", () => {
    const dek = newDek();

    it("has the wire shape {v:3, iv, t, d} in that order, with 12-byte IV and 16-byte tag", () => {
        const env = encryptField(dek, SECRET, ctx);
        assert.match(env, /^\{"v":3,"iv":"[A-Za-z0-9+/]{16}","t":"[A-Za-z0-9+/]{22}==","d":"[A-Za-z0-9+/=]+"\}$/);
        assert.equal(Buffer.from(parts(env).iv, "base64").length, 12);
        assert.equal(Buffer.from(parts(env).t, "base64").length, 16);
        assert.equal(Buffer.from(parts(env).d, "base64").length, Buffer.byteLength(SECRET));
    });

    it("round-trips ASCII, empty, multi-byte and long values", () => {
        for (const value of [SECRET, "", "pässwörd €😀 漢字", "x".repeat(100_000), "{\"v\":3}"]) {
            assert.equal(decryptField(dek, encryptField(dek, value, ctx), ctx), value);
        }
    });

    it("uses a fresh IV each time", () => {
        const ivs = new Set(Array.from({ length: 50 }, () => parts(encryptField(dek, SECRET, ctx)).iv));
        assert.equal(ivs.size, 50);
    });

    it("AAD is r4.field.v3|vault|item|field", () => {
        assert.equal(fieldAad(ctx).toString("utf8"), "r4.field.v3|507f1f77bcf86cd799439011|507f1f77bcf86cd799439018|507f1f77bcf86cd799439020");
        assert.throws(() => fieldAad({ ...ctx, vaultId: "a|b" }), (e: unknown) => R4Error.is(e) && e.code === "invalid_argument");
        assert.throws(() => fieldAad({ ...ctx, fieldId: "" }), /fieldId/);
    });

    describe("interoperates with node-forge", () => {
        it("forge opens our envelope with the same AAD, and not with another", () => {
            const e = parts(encryptField(dek, SECRET, ctx));
            const [iv, tag, data] = [e.iv, e.t, e.d].map((s) => Buffer.from(s, "base64"));
            assert.equal(forgeGcmDecrypt(dek, iv, fieldAad(ctx), tag, data)?.toString("utf8"), SECRET);
            assert.equal(forgeGcmDecrypt(dek, iv, fieldAad({ ...ctx, fieldId: "507f1f77bcf86cd799439019" }), tag, data), undefined);
        });

        it("we open forge's envelope", () => {
            const value = "from forge – ünïcødé";
            const sealed = forgeGcmEncrypt(dek, Buffer.from("00112233445566778899aabb", "hex"), fieldAad(ctx), Buffer.from(value, "utf8"));
            const env = JSON.stringify({ v: 3, iv: sealed.iv.toString("base64"), t: sealed.tag.toString("base64"), d: sealed.data.toString("base64") });
            assert.equal(decryptField(dek, env, ctx), value);
        });
    });

    describe("tampering is an IntegrityError naming the field, never the value", () => {
        const env = encryptField(dek, SECRET, ctx);

        it("one flipped byte of IV, tag or ciphertext", () => {
            for (const prop of ["iv", "t", "d"] as const) {
                for (const i of [0, 5]) {
                    assert.throws(() => decryptField(dek, withByteFlipped(env, prop, i), ctx), integrityNamingField(dek, SECRET));
                }
            }
        });

        it("the wrong vault, item or field id (a moved ciphertext)", () => {
            for (const other of [
                { ...ctx, vaultId: "507f1f77bcf86cd799439012" },
                { ...ctx, vaultItemId: "507f1f77bcf86cd799439017" },
                { ...ctx, fieldId: "507f1f77bcf86cd799439021" },
            ]) {
                assert.throws(() => decryptField(dek, env, other), integrityNamingField(dek, SECRET));
            }
        });

        it("the wrong DEK", () => {
            assert.throws(() => decryptField(newDek(), env, ctx), integrityNamingField(dek, SECRET));
        });

        it("malformed envelopes", () => {
            const e = parts(env);
            const bad: unknown[] = [
                "", "null", "[]", "not json", `${env} `.repeat(2), 42,
                JSON.stringify({ ...e, v: 2 }),
                JSON.stringify({ ...e, v: "3" }),
                JSON.stringify({ ...e, extra: true }),
                JSON.stringify({ v: 3, iv: e.iv, t: e.t }),
                JSON.stringify({ ...e, iv: Buffer.alloc(16).toString("base64") }),
                JSON.stringify({ ...e, t: Buffer.from(e.t, "base64").subarray(0, 12).toString("base64") }),
                JSON.stringify({ ...e, t: e.t.replace(/=+$/, "") }),
                JSON.stringify({ ...e, d: `${e.d}!` }),
                JSON.stringify({ ...e, d: `${e.d.slice(0, 4)}\n${e.d.slice(4)}` }),
                JSON.stringify({ ...e, t: withPaddingBitSet(e.t) }),
                JSON.stringify({ ...e, d: null }),
            ];
            for (const envelope of bad) {
                assert.throws(() => decryptField(dek, envelope as string, ctx), integrityNamingField(dek));
            }
        });
    });

    it("refuses bad arguments as caller errors, without echoing the value", () => {
        assert.throws(() => encryptField(Buffer.alloc(16), SECRET, ctx), (e: unknown) => R4Error.is(e) && e.code === "invalid_argument" && !e.message.includes(SECRET));
        assert.throws(() => encryptField(dek, SECRET, ctx, Buffer.alloc(16)), /12 bytes/);
        assert.throws(() => encryptField(dek, `${SECRET}\ud800`, ctx), (e: unknown) => R4Error.is(e) && /surrogate/.test(e.message) && !e.message.includes(SECRET));
        assert.throws(() => encryptField(dek, 5 as unknown as string, ctx), /must be a string/);
    });
});
