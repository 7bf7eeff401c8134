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
 * URN, in `R4_CREATE_JOURNAL_DIR` (default `~/.pulumi-r4/creates`). It holds ids and the URN,
 * never a secret. Written with rename, so a kill leaves the old note or the new one, not half.
 */
import { createHash } from "node:crypto";
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
     * The note files there are, listed once per process: every read and diff asks, and almost
     * always about a resource that has no note, so a set answers instead of a failed file read.
     * Notes come from this process or from one that ended before it (a crash), so the list stays true.
     */
    private present?: Set<string>;

    constructor(
        private readonly dir: string,
        /** Keeps notes of different R4 endpoints and keys apart. */
        private readonly scope: string,
    ) {}

    read(urn: string): JournalNote | undefined {
        const file = this.file(urn);
        if (!this.listed().has(path.basename(file))) return undefined;
        try {
            const note = JSON.parse(fs.readFileSync(file, "utf8")) as JournalNote;
            return note.urn === urn ? note : undefined;
        } catch {
            // No note (the usual case), or an unreadable one: nothing to recover from it.
            return undefined;
        }
    }

    write(note: JournalNote): void {
        const file = this.file(note.urn);
        fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
        const temp = `${file}.${process.pid}.tmp`;
        fs.writeFileSync(temp, JSON.stringify(note), { mode: 0o600 });
        fs.renameSync(temp, file);
        this.listed().add(path.basename(file));
    }

    /** Forgets the note of `urn` if it names `id` (a replacement's new object keeps its own note). */
    forget(urn: string, id: string): void {
        if (this.read(urn)?.id !== id) return;
        const file = this.file(urn);
        fs.rmSync(file, { force: true });
        this.present?.delete(path.basename(file));
    }

    private listed(): Set<string> {
        if (!this.present) {
            try {
                this.present = new Set(fs.readdirSync(this.dir).filter((f) => f.endsWith(".json")));
            } catch {
                this.present = new Set(); // no journal yet
            }
        }
        return this.present;
    }

    private file(urn: string): string {
        return path.join(this.dir, createHash("sha256").update(`${this.scope}\n${urn}`).digest("hex").slice(0, 40) + ".json");
    }
}

export function journalDir(): string {
    return process.env.R4_CREATE_JOURNAL_DIR || path.join(os.homedir(), ".pulumi-r4", "creates");
}
