/**
 * Response tampering: what a compromised or buggy server could send, so clients can prove they
 * refuse it. Each mode edits the JSON body in place and reports whether it found anything to edit.
 */
import { generateKeyPairSync, createHash } from "node:crypto";
import type { TamperMode } from "./rules";

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** Finds every signed checkpoint envelope (`{ checkpoint, signerUserKeyPairId, signature }`) in a body. */
function envelopes(body: unknown, out: Json[] = []): Json[] {
    if (Array.isArray(body)) body.forEach((b) => envelopes(b, out));
    else if (isObj(body)) {
        if (isObj(body.checkpoint) && typeof body.signature === "string") out.push(body);
        else Object.values(body).forEach((v) => envelopes(v, out));
    }
    return out;
}

/** Lists of fields carrying ciphertext (`value`), as in item detail and license environment bodies. */
function fieldLists(body: unknown, out: Json[][] = []): Json[][] {
    if (Array.isArray(body)) body.forEach((b) => fieldLists(b, out));
    else if (isObj(body)) {
        for (const [k, v] of Object.entries(body)) {
            if (k === "fields" && Array.isArray(v) && v.filter((f) => isObj(f) && typeof f.value === "string").length >= 2) out.push(v as Json[]);
            else fieldLists(v, out);
        }
    }
    return out;
}

let impostor: { publicKey: string; fingerprint: string } | undefined;
function impostorKey(): { publicKey: string; fingerprint: string } {
    if (!impostor) {
        const { publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
        const der = publicKey.export({ type: "spki", format: "der" });
        impostor = { publicKey: publicKey.export({ type: "spki", format: "pem" }).toString(), fingerprint: createHash("sha256").update(der).digest("hex") };
    }
    return impostor;
}

/** Looks up the stored envelope one version older than the given one, if any. */
export type OlderCheckpoint = (checkpoint: Json) => Json | undefined;

export function tamper(mode: TamperMode, body: unknown, older: OlderCheckpoint): boolean {
    switch (mode) {
        case "corruptSignature": {
            const envs = envelopes(body);
            for (const env of envs) {
                const sig = Buffer.from(env.signature as string, "base64");
                sig[0] ^= 0xff;
                env.signature = sig.toString("base64");
            }
            return envs.length > 0;
        }
        case "swapCiphertext": {
            const lists = fieldLists(body);
            for (const list of lists) {
                const [a, b] = list.filter((f) => typeof f.value === "string");
                [a.value, b.value] = [b.value, a.value];
            }
            return lists.length > 0;
        }
        case "rollbackVersion": {
            let changed = false;
            for (const env of envelopes(body)) {
                const prev = older(env.checkpoint as Json);
                if (!prev) continue;
                Object.assign(env, prev);
                changed = true;
            }
            return changed;
        }
        case "swapSignerKey": {
            const lists = [isObj(body) && Array.isArray(body.keys) ? body.keys : [], ...collectSigners(body)];
            let changed = false;
            for (const list of lists) {
                const first = (list as unknown[]).find(isObj);
                if (!first) continue;
                Object.assign(first, impostorKey());
                changed = true;
            }
            return changed;
        }
    }
}

function collectSigners(body: unknown, out: unknown[][] = []): unknown[][] {
    if (Array.isArray(body)) body.forEach((b) => collectSigners(b, out));
    else if (isObj(body)) for (const [k, v] of Object.entries(body)) (k === "signers" && Array.isArray(v) ? out.push(v) : collectSigners(v, out));
    return out;
}
