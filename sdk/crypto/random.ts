/** Fresh randomness for data keys and client-chosen ids, from the OS CSPRNG. */
import { randomBytes } from "node:crypto";

/** Bytes in a vault data key: AES-256. */
export const DEK_BYTES = 32;

/** A new vault data key (DEK): 32 random bytes, one per vault per `dekVersion`. */
export function newDek(): Buffer {
    return randomBytes(DEK_BYTES);
}

/**
 * A new client-chosen id (vault, item, field, field instance): 24 lowercase hex characters, the
 * shape of the server's own ids (Mongo ObjectId), but all 96 bits random so that two clients
 * creating at once never collide and an id reveals no creation time.
 */
export function randomId(): string {
    return randomBytes(12).toString("hex");
}

/** True for a string in the shape `randomId` produces. */
export function isR4Id(value: unknown): value is string {
    return typeof value === "string" && /^[0-9a-f]{24}$/.test(value);
}
