/**
 * What this process knows about checkpoint chains: the last trusted summary of each vault (so a
 * write signs the next version without reading first) and, through the crypto module's version
 * tracker, the highest version and content seen of every checkpoint (so a server that serves an
 * older, genuinely signed checkpoint, a rollback, or two contents under one version, is caught).
 */
import { CheckpointVersionTracker, type CheckpointKind, type SignedCheckpoint } from "../../crypto";
import type { VaultSummaryCheckpoint } from "../../schemas";

export type SignedSummary = SignedCheckpoint<VaultSummaryCheckpoint>;

export class ChainState {
    private readonly summaries = new Map<string, SignedSummary>();
    private readonly tracker = new CheckpointVersionTracker();

    /** The last summary this process verified or wrote for `vaultId`, if still trusted. */
    summary(vaultId: string): SignedSummary | undefined {
        return this.summaries.get(vaultId);
    }

    /** Records a summary that was verified (read) or accepted by the server (written). */
    rememberSummary(signed: SignedSummary): void {
        this.observe("vaultSummary", signed.checkpoint.vaultId, signed.checkpoint);
        this.summaries.set(signed.checkpoint.vaultId, signed);
    }

    /** Drops the cached summary, e.g. after a 409 says another writer moved the chain. */
    forgetSummary(vaultId: string): void {
        this.summaries.delete(vaultId);
    }

    /**
     * Refuses a version lower than one seen, or a second content under a seen version
     * (IntegrityError). `canonical`: the checkpoint's canonical JSON, when verification produced it.
     */
    observe(kind: CheckpointKind, subjectId: string, checkpoint: { version: number }, canonical?: string): void {
        this.tracker.observe(kind, subjectId, checkpoint, canonical);
    }

    /** The highest version seen for a chain, 0 if none. */
    highestSeen(kind: CheckpointKind, subjectId: string): number {
        return this.tracker.lastVersion(kind, subjectId) ?? 0;
    }
}
