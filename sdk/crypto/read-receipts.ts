/**
 * Read receipts. A reader that keeps what it read (the provider keeps it in Pulumi state) gets,
 * with each verified and decrypted answer, a receipt: an HMAC-SHA256, under a key derived from the
 * agent's private key, over the parts the caller names: for an item (sdk/flows/items.ts), what
 * verification and decryption read of the answer, the fingerprint of the key its signature
 * verifies with, and what reading it produced. A writer that made the content itself (a create)
 * can issue one too. When a later answer has exactly that content and its signer the same key,
 * checking and decrypting it again would produce the same result, so the reader hands back what
 * it kept. Any change on the server (a new version, a swapped ciphertext, another signer) changes
 * the parts and is read in full. Only a holder of the private key can issue a receipt, so one
 * edited into a state file, or kept values edited beside it, match nothing.
 */
import { createHmac, createSecretKey, hash, type KeyObject, timingSafeEqual } from "node:crypto";

const LABEL = "r4.read-receipt.v1";

// One derivation per private key: exporting and hashing the key is the costly part. Kept as a
// KeyObject: its bytes stay out of the JS heap, and `createHmac` given raw bytes makes a key
// object of them on every call, which cost three times the HMAC itself (one per item a refresh reads).
const receiptKeys = new WeakMap<KeyObject, KeyObject>();

function receiptKey(privateKey: KeyObject): KeyObject {
    let key = receiptKeys.get(privateKey);
    if (!key) {
        const der = privateKey.export({ type: "pkcs8", format: "der" });
        const input = Buffer.concat([Buffer.from(`${LABEL}\n`, "utf8"), der]);
        const bytes = hash("sha256", input, "buffer") as unknown as Buffer;
        key = createSecretKey(bytes);
        for (const copy of [der, input, bytes]) copy.fill(0);
        receiptKeys.set(privateKey, key);
    }
    return key;
}

/** The receipt for `parts` (strings; their boundaries are part of what is signed). */
export function issueReceipt(privateKey: KeyObject, parts: readonly string[]): string {
    return createHmac("sha256", receiptKey(privateKey)).update(JSON.stringify([LABEL, ...parts]), "utf8").digest("base64url");
}

/** Whether `receipt` is the one `issueReceipt` gives for `parts` under this key. */
export function receiptMatches(privateKey: KeyObject, receipt: unknown, parts: readonly string[]): boolean {
    if (typeof receipt !== "string") return false;
    const expected = Buffer.from(issueReceipt(privateKey, parts), "utf8");
    const given = Buffer.from(receipt, "utf8");
    return given.length === expected.length && timingSafeEqual(given, expected);
}
