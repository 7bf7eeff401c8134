/**
 * R4's rules for a checkpointed write (PROTOCOL.md, Checkpoints), in the order a client can act
 * on them: the signer must be the caller's active key (403 signer_not_allowed), the signature must
 * verify (400 invalid_signature), the version must be exactly the next one (409
 * checkpoint_conflict), and the content must equal the state after the operation (400
 * checkpoint_mismatch). The first three run before the write; the last one after it, inside the
 * same transaction, so a mismatch rolls the write back.
 */
import { canonicalize, verifyCheckpoint, type CheckpointKind } from "../sdk/crypto";
import type { Caller } from "./auth";
import { ApiError } from "./errors";
import { activeKey } from "./store/keys";
import { currentVersion, Envelope, saveCheckpoint } from "./store/checkpoints";
import type { Db } from "./store/db";

const LABEL: Record<CheckpointKind, string> = {
    vaultSummary: "summary", vaultItemDetail: "detail", vaultDirectory: "directory", permission: "permission",
};

/** Signer, signature and version checks; returns the version the write will store. */
export function admitCheckpoint(db: Db, caller: Caller, kind: CheckpointKind, subject: string, env: Envelope): number {
    const active = activeKey(db, caller.principalId);
    if (!active || env.signerUserKeyPairId !== active.id) {
        throw new ApiError("signer_not_allowed", `The ${LABEL[kind]} checkpoint is signed by "${env.signerUserKeyPairId}", which is not the caller's active encryption key${active ? ` ("${active.id}")` : " (register one with POST /vault/public-key)"}.`);
    }
    try {
        verifyCheckpoint(kind, env, active.public_key);
    } catch {
        throw new ApiError("invalid_signature", `The ${LABEL[kind]} checkpoint signature does not verify against key "${active.id}".`);
    }
    const expected = currentVersion(db, kind, subject) + 1;
    if (env.checkpoint.version !== expected) {
        throw new ApiError("checkpoint_conflict", `The ${LABEL[kind]} checkpoint has version ${String(env.checkpoint.version)}; the next version is ${expected}. Re-read, re-sign and retry.`);
    }
    return expected;
}

/** Compares what was signed with what the server now holds, then stores the envelope. */
export function commitCheckpoint(db: Db, kind: CheckpointKind, subject: string, env: Envelope, expected: Record<string, unknown>, now: string): void {
    const signed = normalise(pick(env.checkpoint, Object.keys(expected)));
    const actual = normalise({ ...expected, version: env.checkpoint.version });
    if (canonicalize(signed) !== canonicalize(actual)) {
        const differing = Object.keys(actual).filter((k) => canonicalize((signed as Record<string, unknown>)[k] ?? null) !== canonicalize((actual as Record<string, unknown>)[k]));
        throw new ApiError("checkpoint_mismatch", `The ${LABEL[kind]} checkpoint does not match the state after the operation (differs in: ${differing.join(", ")}).`);
    }
    saveCheckpoint(db, kind, subject, env, now);
}

function pick(obj: Record<string, unknown>, keys: string[]): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const k of [...keys, "version"]) if (k in obj) out[k] = obj[k];
    return out;
}

// Lists whose order carries no meaning are compared sorted: summary items and groups by id,
// permission entries by entity, instance ids as sets. Field order is meaningful (`order`), so
// fields are sorted by it.
function normalise(cp: Record<string, unknown>): Record<string, unknown> {
    const byId = (a: any, b: any) => String(a?.id ?? a?.entityId).localeCompare(String(b?.id ?? b?.entityId));
    const out = { ...cp };
    for (const k of ["items", "groups", "permissions"]) if (Array.isArray(out[k])) out[k] = [...(out[k] as unknown[])].sort(byId);
    if (Array.isArray(out.fields)) {
        out.fields = (out.fields as any[])
            .map((f) => (f && typeof f === "object" ? { ...f, fieldInstanceIds: Array.isArray(f.fieldInstanceIds) ? [...f.fieldInstanceIds].sort() : f.fieldInstanceIds } : f))
            .sort((a, b) => (a?.order ?? 0) - (b?.order ?? 0) || byId(a, b));
    }
    return out;
}
