/**
 * Writes to one vault's checkpoint chain, one at a time inside this process. Every write signs
 * "the next version", so two concurrent writes from one process would always collide; queuing
 * them turns that into a sequence. Writes from other processes still collide at the server
 * (409 `checkpoint_conflict`): the write is then run again from a fresh read of the chain, a
 * bounded number of times.
 */
import { R4Error } from "../../errors";

export const DEFAULT_CONFLICT_RETRIES = 8;
/** Cap of the random pause before a conflicted write is retried. */
const CONFLICT_BACKOFF_CAP_MS = 1_000;
const CONFLICT_BACKOFF_BASE_MS = 25;

/** True for the server's answer to a stale or skipped checkpoint version. */
export function isCheckpointConflict(err: unknown): boolean {
    return R4Error.is(err) && err.status === 409 && err.code === "checkpoint_conflict";
}

export interface WriteAttempt {
    /** 0 for the first attempt, then 1, 2, ... after each conflict. */
    attempt: number;
}

export class VaultWriteQueue {
    private readonly tails = new Map<string, Promise<void>>();

    /**
     * @param maxConflictRetries how many times a write is re-read and re-signed after a 409.
     * @param onConflict called with the vault ids before each retry, so the caller can drop what
     *   it cached about those chains.
     */
    constructor(
        private readonly maxConflictRetries: number = DEFAULT_CONFLICT_RETRIES,
        private readonly onConflict: (vaultIds: string[]) => void = () => {},
        private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    ) {}

    /**
     * Runs `write` while holding every vault in `vaultIds` (a move holds source and target).
     * Locks are taken in sorted order so two moves in opposite directions cannot deadlock.
     */
    async run<T>(vaultIds: string[], what: string, write: (a: WriteAttempt) => Promise<T>): Promise<T> {
        const ids = [...new Set(vaultIds)].sort();
        const releases: Array<() => void> = [];
        try {
            for (const id of ids) releases.push(await this.acquire(id));
            return await this.withConflictRetries(ids, what, write);
        } finally {
            for (const release of releases.reverse()) release();
        }
    }

    private async withConflictRetries<T>(ids: string[], what: string, write: (a: WriteAttempt) => Promise<T>): Promise<T> {
        for (let attempt = 0; ; attempt++) {
            try {
                return await write({ attempt });
            } catch (err) {
                if (!isCheckpointConflict(err)) throw err;
                this.onConflict(ids);
                if (attempt >= this.maxConflictRetries) {
                    throw new R4Error({
                        status: 409,
                        code: "checkpoint_conflict",
                        route: (err as R4Error).route,
                        message: `${what} still conflicted after ${attempt + 1} attempt${attempt === 0 ? "" : "s"}: another writer keeps advancing the checkpoint chain of vault ${ids.join(" / ")}. Retry later, or serialise the writers.`,
                        cause: err,
                    });
                }
                // Full jitter: two writers that collided do not retry in lockstep, and a busy
                // writer elsewhere gets room to finish before we read the chain again.
                await this.sleep(Math.random() * Math.min(CONFLICT_BACKOFF_CAP_MS, CONFLICT_BACKOFF_BASE_MS * 2 ** attempt));
            }
        }
    }

    private async acquire(vaultId: string): Promise<() => void> {
        const previous = this.tails.get(vaultId) ?? Promise.resolve();
        let release!: () => void;
        const mine = new Promise<void>((resolve) => (release = resolve));
        const tail = previous.then(() => mine);
        this.tails.set(vaultId, tail);
        await previous;
        return () => {
            release();
            // Forget an idle vault so the map does not grow with every vault ever written.
            if (this.tails.get(vaultId) === tail) this.tails.delete(vaultId);
        };
    }
}
