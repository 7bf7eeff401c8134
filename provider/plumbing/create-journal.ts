/**
 * A local journal of creates, so that a create interrupted by a crash (the `pulumi up` process
 * killed after R4 committed the object but before the engine recorded it) is found by the next
 * create of the same resource instead of being made twice.
 *
 * The engine forgets such creates: after `pulumi cancel`, a plain `pulumi refresh` + `pulumi up`
 * asks the provider to create the resource again, with nothing that links it to the first try.
 * So before sending a create, the provider notes here, under the resource's URN, what will
 * identify the object: the client-chosen id (vaults, items) or the ids of the objects that
 * already match it (projects, agents, DNS records, whose ids R4 picks); after the answer, the id.
 * The next create of that URN reads the note and adopts what it names, if it is live and still
 * the same object. A note lives only until the engine shows it holds the object (a diff, read or
 * update of it, which every later preview, up or refresh makes) or deletes it: after that, a
 * create of the same URN is a replacement or another stack's, and must make its own object.
 *
 * One small JSON file per resource, named by a hash of the R4 endpoint, the access key id and the
 * URN (and a hash of the id it names), in `R4_CREATE_JOURNAL_DIR` (default `~/.pulumi-r4/creates`).
 * It holds ids and the URN, never a secret. Written with rename, so a kill leaves whole notes.
 */
import { hash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** The input that carries a resource's URN to its provider (set in resources/base.ts). */
export const URN = "__urn";

export interface JournalNote {
    urn: string;
    /** The object's id: known before sending for client-chosen ids, after the answer otherwise. */
    id?: string;
    /** Server-chosen ids: the ids of matching objects before the create was sent. */
    before?: string[];
}

export class CreateJournal {
    /**
     * The notes there are, listed once per process, by the hash of their URN. Every read, diff and
     * update asks, almost always about a resource without a note; and a note's file name carries a
     * hash of the id it names, so confirming one (the first refresh after an `up` confirms every
     * resource) removes it without reading it. Notes come from this process or from one that ended
     * before it (a crash), so the list stays true.
     */
    private present?: Map<string, string>;
    /** Whether this process has made sure the directory exists. */
    private made = false;
    /** Files of the notes this process forgot, removed when it ends (see `forget`). */
    private readonly forgotten: string[] = [];

    constructor(
        private readonly dir: string,
        /** Keeps notes of different R4 endpoints and keys apart. */
        private readonly scope: string,
    ) {}

    read(urn: string): JournalNote | undefined {
        const name = this.listed().get(this.key(urn));
        if (!name) return undefined;
        try {
            const note = JSON.parse(fs.readFileSync(path.join(this.dir, name), "utf8")) as JournalNote;
            return note.urn === urn ? note : undefined;
        } catch {
            return undefined; // unreadable: nothing to recover from it
        }
    }

    write(note: JournalNote): void {
        const key = this.key(note.urn);
        const name = fileName(key, note.id);
        const previous = this.listed().get(key);
        if (!this.made) fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
        this.made = true;
        const temp = path.join(this.dir, `${name}.${process.pid}.tmp`);
        fs.writeFileSync(temp, JSON.stringify(note), { mode: 0o600 });
        fs.renameSync(temp, path.join(this.dir, name));
        // The new note is in place before the old one goes; a kill in between leaves both, and the
        // listing keeps the newer.
        if (previous && previous !== name) unlinkQuietly(path.join(this.dir, previous));
        this.listed().set(key, name);
    }

    /**
     * Forgets the note of `urn` if it names `id` (a replacement's new object keeps its own note).
     * It is gone from this process's listing at once; its file is removed when the process ends
     * (`removeForgotten`). The first refresh after an `up` forgets every note, and in a profile
     * of it a removal per read held the provider's one thread ~0.15 ms each (75 ms for 500 notes,
     * in the read phase every Read waits on), where 500 in a row take ~10 ms on their own. A
     * file that outlives the process (killed first) names an id that state already holds, so the
     * next operation on it forgets it again, and no later note can take its name, which carries
     * the id (R4 never reuses an id; creates choose new ones).
     */
    forget(urn: string, id: string): void {
        const listed = this.listed();
        // An empty journal (once every create is confirmed, as on most refreshes): no hash at all.
        if (listed.size === 0) return;
        const key = this.key(urn);
        const name = listed.get(key);
        // Most calls find no note (every diff and read after the first): no second hash for them.
        if (name === undefined || name !== fileName(key, id)) return;
        this.present!.delete(key);
        if (this.forgotten.length === 0) removeWhenProcessEnds(this);
        this.forgotten.push(name);
    }

    /** Removes the files of the notes forgotten so far. */
    removeForgotten(): void {
        for (const name of this.forgotten.splice(0)) unlinkQuietly(path.join(this.dir, name));
    }

    private listed(): Map<string, string> {
        if (!this.present) {
            this.present = new Map();
            let names: string[] = [];
            try {
                names = fs.readdirSync(this.dir).filter((f) => f.endsWith(".json"));
            } catch {
                // no journal yet
            }
            for (const name of names) {
                const key = name.slice(0, name.indexOf("."));
                const other = this.present.get(key);
                if (!other || this.mtime(name) > this.mtime(other)) this.present.set(key, name);
            }
        }
        return this.present;
    }

    private mtime(name: string): number {
        try {
            return fs.statSync(path.join(this.dir, name)).mtimeMs;
        } catch {
            return 0;
        }
    }

    private key(urn: string): string {
        return sha256(`${this.scope}\n${urn}`).slice(0, 40);
    }
}

/** KEY.IDTAG.json: the id a note names is known from its name (`pending` before an answer names one). */
function fileName(key: string, id: string | undefined): string {
    return `${key}.${id === undefined ? "pending" : sha256(id).slice(0, 16)}.json`;
}

// The one-shot form: every read and diff names its resource's note, and a Hash object per call cost several times the digest.
function sha256(text: string): string {
    return hash("sha256", text, "hex");
}

const ENDING_SIGNALS = ["SIGINT", "SIGTERM"] as const;
const toClean = new Set<CreateJournal>();

/**
 * The engine ends a provider process with SIGINT (SIGKILL only after 5 s), and Node's default for
 * it is to stop at once, so the forgotten notes are removed from a signal handler too. The handler
 * then leaves the signal as it found it: with no other listener it sends it again, and the process
 * stops as it would have, with the same status.
 */
function removeWhenProcessEnds(journal: CreateJournal): void {
    if (toClean.size === 0) {
        process.once("exit", removeAllForgotten);
        for (const signal of ENDING_SIGNALS) process.once(signal, endOnSignal);
    }
    toClean.add(journal);
}

function removeAllForgotten(): void {
    for (const journal of toClean) journal.removeForgotten();
    toClean.clear();
    process.removeListener("exit", removeAllForgotten);
}

function endOnSignal(signal: NodeJS.Signals): void {
    removeAllForgotten();
    for (const other of ENDING_SIGNALS) process.removeListener(other, endOnSignal);
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function unlinkQuietly(file: string): void {
    try {
        fs.unlinkSync(file);
    } catch {
        // already gone
    }
}

export function journalDir(): string {
    return process.env.R4_CREATE_JOURNAL_DIR || path.join(os.homedir(), ".pulumi-r4", "creates");
}
