/** Server-chosen identifiers. Client-chosen ones (vault, item, field, instance) arrive in bodies. */
import { randomBytes } from "node:crypto";

/** 24 lowercase hex, the ObjectId shape the pages use for every server id. */
export const newId = (): string => randomBytes(12).toString("hex");
/** Purchase, order and license ids carry a prefix like the pages' examples (`job_123`). */
export const prefixedId = (prefix: string): string => `${prefix}_${randomBytes(8).toString("hex")}`;
export const newSecret = (): string => randomBytes(24).toString("base64url");
