import { strict as assert } from "node:assert";
import { createPrivateKey, generateKeyPairSync } from "node:crypto";
import {
    assertRsaKeySize, fingerprint, generateKeyPair, isR4Id, loadPrivateKey, loadPublicKey, newDek, randomId, signKeyRotation,
    verifyKeyRotation,
} from "../../../sdk/crypto";
import { IntegrityError, R4Error } from "../../../sdk/errors";
import { OTHER_PUBLIC_PEM, TEST_PRIVATE_PEM, TEST_PUBLIC_PEM, flipBase64, forgeFingerprint, vectors } from "./helpers";

function r4Code(code: string, ...forbidden: string[]) {
    return (e: unknown) => {
        assert.ok(R4Error.is(e), `expected R4Error, got ${String(e)}`);
        assert.equal(e.code, code);
        for (const f of forbidden) assert.ok(!e.message.includes(f), "message echoes key material");
        return true;
    };
}

// Small keys made directly with Node, only to prove they are refused.
const weak = generateKeyPairSync("rsa", { modulusLength: 1024, publicKeyEncoding: { type: "spki", format: "pem" }, privateKeyEncoding: { type: "pkcs8", format: "pem" } });
const ec = generateKeyPairSync("ec", { namedCurve: "P-256", publicKeyEncoding: { type: "spki", format: "pem" }, privateKeyEncoding: { type: "pkcs8", format: "pem" } });

describe("keys", () => {
    it("loads PEM keys once and serves them from the cache", () => {
        const a = loadPrivateKey(TEST_PRIVATE_PEM);
        assert.equal(loadPrivateKey(TEST_PRIVATE_PEM), a);
        assert.equal(a.type, "private");
        const p = loadPublicKey(TEST_PUBLIC_PEM);
        assert.equal(loadPublicKey(TEST_PUBLIC_PEM), p);
        assert.equal(p.type, "public");
    });

    it("accepts PKCS#1 PEM as well", () => {
        const pkcs1 = createPrivateKey(TEST_PRIVATE_PEM).export({ type: "pkcs1", format: "pem" }) as string;
        assert.equal(fingerprint(loadPrivateKey(pkcs1)), vectors.keys.fingerprint);
    });

    it("refuses bad private keys with invalid_private_key, saying what is expected, never echoing the key", () => {
        const body = TEST_PRIVATE_PEM.split("\n")[5];
        const cases: [unknown, RegExp][] = [
            ["not a key", /not PEM/],
            [TEST_PUBLIC_PEM, /not a private key/],
            [TEST_PRIVATE_PEM.replace(body, body.slice(0, 20)), /could not be parsed/],
            [weak.privateKey, /1024 bits.*at least 2048/],
            [ec.privateKey, /expected an RSA key, got a key of type ec/],
            ["-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n", /passphrase-encrypted/],
            [42, /got a number/],
        ];
        for (const [pem, why] of cases) {
            assert.throws(() => loadPrivateKey(pem as string), (e: unknown) => {
                r4Code("invalid_private_key", body, typeof pem === "string" ? pem.split("\n")[1] ?? "\0" : "\0")(e);
                assert.match((e as Error).message, why);
                assert.match((e as Error).message, /PEM RSA private key of at least 2048 bits|at least 2048 bits/);
                return true;
            });
        }
    });

    it("refuses bad public keys with invalid_public_key, including a private key in the public slot", () => {
        const body = TEST_PRIVATE_PEM.split("\n")[3];
        assert.throws(() => loadPublicKey(TEST_PRIVATE_PEM), (e: unknown) => r4Code("invalid_public_key", body)(e) && /private key where a public key/.test((e as Error).message));
        assert.throws(() => loadPublicKey(weak.publicKey), (e: unknown) => r4Code("invalid_public_key")(e) && /1024 bits/.test((e as Error).message));
        assert.throws(() => loadPublicKey(ec.publicKey), r4Code("invalid_public_key"));
        assert.throws(() => loadPublicKey("hello"), r4Code("invalid_public_key"));
        assert.throws(() => assertRsaKeySize(createPrivateKey(weak.privateKey)), (e: unknown) => r4Code("invalid_private_key")(e) && /requires at least 2048/.test((e as Error).message));
    });

    it("fingerprint is lowercase hex SHA-256 of the SPKI DER, as forge computes it", () => {
        assert.equal(fingerprint(TEST_PUBLIC_PEM), forgeFingerprint(TEST_PUBLIC_PEM));
        assert.equal(fingerprint(OTHER_PUBLIC_PEM), forgeFingerprint(OTHER_PUBLIC_PEM));
        assert.match(fingerprint(TEST_PUBLIC_PEM), /^[0-9a-f]{64}$/);
        assert.equal(fingerprint(loadPrivateKey(TEST_PRIVATE_PEM)), fingerprint(TEST_PUBLIC_PEM));
        assert.notEqual(fingerprint(TEST_PUBLIC_PEM), fingerprint(OTHER_PUBLIC_PEM));
    });

    it("generates 3072-bit SPKI/PKCS#8 pairs by default, and refuses small sizes", async () => {
        const pair = await generateKeyPair();
        assert.match(pair.publicKeyPem, /^-----BEGIN PUBLIC KEY-----/);
        assert.match(pair.privateKeyPem, /^-----BEGIN PRIVATE KEY-----/);
        assert.equal(loadPublicKey(pair.publicKeyPem).asymmetricKeyDetails?.modulusLength, 3072);
        assert.equal(fingerprint(loadPrivateKey(pair.privateKeyPem)), fingerprint(pair.publicKeyPem));
        await assert.rejects(generateKeyPair(1024), r4Code("invalid_argument"));
        await assert.rejects(generateKeyPair(2048.5), r4Code("invalid_argument"));
    });

    describe("key rotation", () => {
        it("the old key's signature over the new fingerprint verifies, and only for that pair", () => {
            const sig = signKeyRotation(TEST_PRIVATE_PEM, OTHER_PUBLIC_PEM);
            verifyKeyRotation(TEST_PUBLIC_PEM, OTHER_PUBLIC_PEM, sig);
            assert.throws(() => verifyKeyRotation(TEST_PUBLIC_PEM, OTHER_PUBLIC_PEM, flipBase64(sig, 7)), IntegrityError);
            assert.throws(() => verifyKeyRotation(TEST_PUBLIC_PEM, TEST_PUBLIC_PEM, sig), IntegrityError);
            assert.throws(() => verifyKeyRotation(OTHER_PUBLIC_PEM, OTHER_PUBLIC_PEM, sig), IntegrityError);
            assert.throws(() => verifyKeyRotation(TEST_PUBLIC_PEM, OTHER_PUBLIC_PEM, "garbage"), (e: unknown) => e instanceof IntegrityError && /fingerprint [0-9a-f]{64}/.test(e.message));
        });
    });

    it("newDek is 32 random bytes; randomId is 24 lowercase hex", () => {
        const a = newDek();
        assert.equal(a.length, 32);
        assert.notDeepEqual(a, newDek());
        const ids = new Set(Array.from({ length: 100 }, randomId));
        assert.equal(ids.size, 100);
        for (const id of ids) assert.match(id, /^[0-9a-f]{24}$/);
        assert.equal(isR4Id("507f1f77bcf86cd799439011"), true);
        assert.equal(isR4Id("507F1F77BCF86CD799439011"), false);
    });
});
