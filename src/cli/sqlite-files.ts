// Whole-file work on SQLite databases for `backup` and `restore`, through better-sqlite3's connections of their
// own: SQLite's backup API for copies, its locks to see whether a server has the file open.
import Database from "better-sqlite3";
import fs from "node:fs";
import path from "node:path";
import { MIGRATIONS } from "../db/migrations";
import { CliError } from "./cli-error";

/** As long as the server waits for a lock (ormconfig.ts). */
const BUSY_TIMEOUT_MS = 10_000;
const ALL_PAGES = 0x7fffffff;

/**
 * Copies a database with SQLite's backup API in one step, which is one read transaction: a consistent copy while a
 * server keeps writing (WAL lets it). In smaller steps every write of the server would restart the copy.
 * The copy is written beside its destination and renamed into place when complete.
 */
export async function copyDatabase(from: string, to: string): Promise<{ pages: number }> {
  const partial = `${to}.partial-${process.pid}`;
  const source = new Database(from, { fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
  try {
    const { totalPages } = await source.backup(partial, { progress: () => ALL_PAGES });
    fs.renameSync(partial, to);
    return { pages: totalPages };
  } finally {
    source.close();
    fs.rmSync(partial, { force: true });
  }
}

/** Refuses a file that is not an outhook database this version can run; returns its migrations. */
export function checkOuthookDatabase(file: string): { migrations: string[] } {
  if (!fs.existsSync(file)) throw new CliError(`no file ${file}`);
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    db.pragma("schema_version"); // reads the header: a file that is not SQLite fails here
  } catch {
    throw new CliError(`${file} is not an SQLite database`);
  }
  try {
    const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name));
    if (!["migrations", "webhook", "delivery", "webhook_response"].every((t) => tables.has(t))) throw new CliError(`${file} is not an outhook database`);
    const migrations = (db.prepare("SELECT name FROM migrations ORDER BY id").all() as { name: string }[]).map((m) => m.name);
    const known = new Set(MIGRATIONS.map((m) => m.name));
    if (!known.has(migrations[0])) throw new CliError(`${file} is not an outhook database`);
    const unknown = migrations.filter((m) => !known.has(m));
    if (unknown.length) throw new CliError(`${file} was made by a newer outhook (migrations ${unknown.join(", ")}): restore it with that version`);
    if (db.pragma("quick_check", { simple: true }) !== "ok") throw new CliError(`${file} is damaged (PRAGMA quick_check)`);
    return { migrations };
  } finally {
    db.close();
  }
}

/**
 * Whether another connection (a running server, another command) has the file open. Every connection to a WAL
 * database holds a shared lock on it while open, idle or not, so an exclusive lock fails at once.
 */
export function databaseInUse(file: string): boolean {
  if (!fs.existsSync(file)) return false;
  const db = new Database(file, { fileMustExist: true, timeout: 0 });
  try {
    db.pragma("locking_mode = EXCLUSIVE");
    db.exec("BEGIN EXCLUSIVE");
    db.exec("COMMIT");
    return false;
  } catch (error) {
    if ((error as { code?: string }).code === "SQLITE_BUSY") return true;
    throw error;
  } finally {
    db.close();
  }
}

export function ensureFolderOf(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
}
