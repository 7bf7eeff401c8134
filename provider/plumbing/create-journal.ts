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
     * The file is removed off the calling thread: the first refresh after an `up` forgets every
     * note, and 500 synchronous unlinks held the provider's one thread for a quarter of a second
     * here. Nothing waits for it: a note that outlives the process (killed first) names an id
     * that state already holds, so the next operation on it forgets it again, and no later note
     * can take its file name, which carries the id (R4 never reuses an id; creates choose new ones).
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
        fs.unlink(path.join(this.dir, name), () => {
            // already gone, or left for the next operation to forget
        });
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
