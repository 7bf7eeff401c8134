/**
 * Create for objects whose create request R4 cannot make idempotent (projects, DNS records,
 * agents: the server picks the id, or refuses a second identical record). A lost answer, a 5xx
 * or a dropped connection leaves "was it applied?" open; resending blindly could make a
 * duplicate, and giving up could leave an object no state records. So: note which matching
 * objects exist before sending; after a failure that may have been applied, look again. Exactly
 * one new match is ours; none means nothing was written and the create may be sent again.
 */
import { R4Error } from "../../sdk/errors";

export interface CreateOnce<T> {
    /** e.g. "project". */
    noun: string;
    /** Ids of the objects that match the declared inputs right now. */
    matching(): Promise<string[]>;
    /** Sends the create; resolves to what the caller needs (its id among it). */
    create(): Promise<T>;
    /** What to return when the create's answer was lost but the object `id` is found. */
    recover(id: string): Promise<T>;
    /** Told the matching ids before the first send, so they can be journaled (see create-journal.ts). */
    noteBefore?(ids: string[]): void;
    /** Sends after the first (default 3). */
    resends?: number;
    sleep?: (ms: number) => Promise<void>;
}

/** A failure that may follow a commit: a 5xx answer or no answer at all. 4xx answers are definite. */
export function mayHaveApplied(err: unknown): boolean {
    if (!R4Error.is(err)) return false;
    return err.status === undefined ? err.code === "connection_error" || err.code === "timeout" : err.status >= 500;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function createOnce<T>(spec: CreateOnce<T>): Promise<T> {
    const sleep = spec.sleep ?? defaultSleep;
    const resends = spec.resends ?? 3;
    const before = new Set(await spec.matching());
    spec.noteBefore?.([...before]);
    for (let attempt = 0; ; attempt++) {
        let failure: unknown;
        try {
            return await spec.create();
        } catch (err) {
            if (!mayHaveApplied(err)) throw err;
            failure = err;
        }
        // Look before anything else: the request may have been committed with its answer lost.
        const fresh = await lookAgain(spec, before, sleep);
        if (fresh.length === 1) return spec.recover(fresh[0]);
        if (fresh.length > 1) {
            throw new Error(
                `creating the ${spec.noun} failed without an answer (${(failure as Error).message}), and ${fresh.length} new ${spec.noun}s matching it appeared meanwhile ` +
                    `(${fresh.join(", ")}), so which one is this resource's cannot be told. Archive the extra ones, then adopt the one to keep with adoptId.`,
            );
        }
        if (attempt >= resends) {
            throw new Error(`creating the ${spec.noun} failed ${attempt + 1} times (${(failure as Error).message}); R4 holds no such ${spec.noun}, so nothing was written. Run \`pulumi up\` again.`);
        }
        await sleep(Math.min(4000, 250 * 2 ** attempt));
    }
}

async function lookAgain<T>(spec: CreateOnce<T>, before: Set<string>, sleep: (ms: number) => Promise<void>): Promise<string[]> {
    // The lookup itself can meet the same outage; it is a GET, retried by the SDK, and tried a few times more here.
    for (let i = 0; ; i++) {
        try {
            return (await spec.matching()).filter((id) => !before.has(id));
        } catch (err) {
            if (i >= 3 || !mayHaveApplied(err)) throw err;
            await sleep(500 * 2 ** i);
        }
    }
}
