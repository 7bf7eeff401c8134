/** Named limits, taken from the pages where they give one; everything else is a stated choice. */
export const MAX_BODY_BYTES = 1024 * 1024; // PROTOCOL.md: bodies over 1 MiB answer 413
export const MAX_NAME_LENGTH = 255; // vault, item and project names (pages: max 255 chars)
export const MAX_DESCRIPTION_LENGTH = 1000; // project description (pages: max 1000 chars)
export const MAX_WEBSITES = 100; // vault item websites (pages: max 100)
export const MAX_FIELDS_PER_ITEM = 200; // ours: keeps one item's detail checkpoint bounded
export const MIN_RSA_BITS = 2048; // PROTOCOL.md: 2048 minimum accepted
export const CLIENT_ID_PATTERN = /^[0-9a-f]{24}$/; // PROTOCOL.md: client-chosen ids are 24 lowercase hex
export const DEFAULT_DNS_TTL = 300; // pages: record.ttl default 300
export const RETRY_AFTER_SECONDS = 1; // what an injected 429 asks the client to wait
