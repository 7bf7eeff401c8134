/**
 * Opens the data directory's SQLite database. WAL with synchronous=FULL: once a transaction has
 * committed (and the response is sent) it survives a SIGKILL or a power cut, which is the
 * emulator's promise that an acknowledged write is durable.
 */
import { DatabaseSync, type StatementSync } from "node:sqlite";
import * as path from "node:path";
import { INDEX_SQL, SCHEMA_SQL, UPGRADES } from "./schema";

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
    upgrade(db);
    db.exec(INDEX_SQL);
    return db;
}

function upgrade(db: Db): void {
    for (const step of UPGRADES) {
        if (one<{ needed: number }>(db, step.needed)?.needed) inTransaction(db, () => db.exec(step.sql));
    }
}

// Compiling SQL costs more than running these small queries, and every request runs the same
// few dozen statements: each is prepared once per connection and reused. Statements are only
// ever run to completion (get/all/run), so one statement is never in use twice at a time.
const statements = new WeakMap<Db, Map<string, StatementSync>>();

function prepared(db: Db, sql: string): StatementSync {
    let cache = statements.get(db);
    if (!cache) statements.set(db, (cache = new Map()));
    let stmt = cache.get(sql);
    if (!stmt) cache.set(sql, (stmt = db.prepare(sql)));
    return stmt;
}

/**
 * Runs `fn` in one transaction: a request's writes land all together or not at all, and its
 * reads see one snapshot. A "write" transaction takes the write lock up front (IMMEDIATE), so it
 * never fails half-way on a lock another connection took after its first read; a "read" one
 * (DEFERRED) only opens the snapshot, so it neither waits for nor holds up another connection's
 * writer.
 */
export function inTransaction<T>(db: Db, fn: () => T, mode: "read" | "write" = "write"): T {
    prepared(db, mode === "read" ? "BEGIN DEFERRED" : "BEGIN IMMEDIATE").run();
    try {
        const result = fn();
        prepared(db, "COMMIT").run();
        return result;
    } catch (err) {
        prepared(db, "ROLLBACK").run();
        throw err;
    }
}

export function one<T = Row>(db: Db, sql: string, ...params: unknown[]): T | undefined {
    return prepared(db, sql).get(...(params as never[])) as T | undefined;
}

export function all<T = Row>(db: Db, sql: string, ...params: unknown[]): T[] {
    return prepared(db, sql).all(...(params as never[])) as T[];
}

export function run(db: Db, sql: string, ...params: unknown[]): void {
    prepared(db, sql).run(...(params as never[]));
}

export function bump(db: Db, counter: string, by = 1): void {
    run(db, "INSERT INTO counters(name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = value + excluded.value", counter, by);
}

export function counters(db: Db): Record<string, number> {
    const out: Record<string, number> = {};
    for (const r of all<{ name: string; value: number }>(db, "SELECT name, value FROM counters")) out[r.name] = r.value;
    return out;
}
