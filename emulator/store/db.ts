/**
 * Opens the data directory's SQLite database. WAL with synchronous=FULL: once a transaction has
 * committed (and the response is sent) it survives a SIGKILL or a power cut, which is the
 * emulator's promise that an acknowledged write is durable.
 */
import { DatabaseSync } from "node:sqlite";
import * as path from "node:path";
import { SCHEMA_SQL } from "./schema";

export type Db = DatabaseSync;
export type Row = Record<string, unknown>;

export function openDb(dataDir: string): Db {
    const db = new DatabaseSync(path.join(dataDir, "r4-emulator.sqlite"));
    db.exec("PRAGMA journal_mode = WAL");
    db.exec("PRAGMA synchronous = FULL");
    db.exec("PRAGMA busy_timeout = 5000");
    // Freed content is zeroed, so cleared purchase handoffs leave no plaintext in the file.
    db.exec("PRAGMA secure_delete = ON");
    db.exec(SCHEMA_SQL);
    return db;
}

/** Runs `fn` in one IMMEDIATE transaction: a request's writes land all together or not at all. */
export function inTransaction<T>(db: Db, fn: () => T): T {
    db.exec("BEGIN IMMEDIATE");
    try {
        const result = fn();
        db.exec("COMMIT");
        return result;
    } catch (err) {
        db.exec("ROLLBACK");
        throw err;
    }
}

export function one<T = Row>(db: Db, sql: string, ...params: unknown[]): T | undefined {
    return db.prepare(sql).get(...(params as never[])) as T | undefined;
}

export function all<T = Row>(db: Db, sql: string, ...params: unknown[]): T[] {
    return db.prepare(sql).all(...(params as never[])) as T[];
}

export function run(db: Db, sql: string, ...params: unknown[]): void {
    db.prepare(sql).run(...(params as never[]));
}

export function bump(db: Db, counter: string, by = 1): void {
    run(db, "INSERT INTO counters(name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = value + excluded.value", counter, by);
}

export function counters(db: Db): Record<string, number> {
    const out: Record<string, number> = {};
    for (const r of all<{ name: string; value: number }>(db, "SELECT name, value FROM counters")) out[r.name] = r.value;
    return out;
}
