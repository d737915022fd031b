// The SQLite writer thread: its own connection to the database file runs each job's statements in one
// IMMEDIATE transaction and answers with their rows and change counts (sqlite-writer.ts is the other side).
import Database from "better-sqlite3";
import { workerData } from "node:worker_threads";
import { serveRequestsTogether, type Outcome } from "../worker-thread";
import type { CompiledStatement, StatementResult } from "./sql";
import { SqliteWriteLock, WRITER } from "./sqlite-write-lock";

const { file, busyTimeoutMs, lockBuffer, walLimitBytes, restartBuffer } = workerData.data as {
  file: string;
  busyTimeoutMs: number;
  lockBuffer: SharedArrayBuffer | null;
  walLimitBytes: number;
  /** Set by the checkpointer thread when the WAL should start over (below). */
  restartBuffer: SharedArrayBuffer;
};
const restartWanted = new Int32Array(restartBuffer);
const lock = lockBuffer ? new SqliteWriteLock(lockBuffer) : null;
const db = new Database(file, { timeout: busyTimeoutMs });
db.pragma("journal_mode = WAL");
db.pragma("foreign_keys = ON");
// Claims, records and settlements survive a crash of the process; after a power loss the last of them may be
// lost, and an attempt whose record was lost runs again with the same webhook-id, as after a crash. The main
// connection's commits (what the API answered for) await an fdatasync of the WAL (src/db/sqlite-wal-sync.ts).
db.pragma("synchronous = NORMAL");
// It mostly appends (records) and updates a few rows: a small page cache is enough, and each thread has its own.
db.pragma("cache_size = -2000");
// Checkpoints run on a thread of their own (sqlite-checkpointer.worker.ts), but for the WAL's restart (below).
db.pragma("wal_autocheckpoint = 0");
// When this connection starts the WAL over, a file grown past the limit is cut back to it.
db.pragma(`journal_size_limit = ${walLimitBytes}`);

/** Bounds how long one commit holds the write lock the main thread may be waiting for. */
const JOBS_PER_COMMIT = 64;

/** Statement texts repeat (outbox/ shapes are few): each is prepared once. */
const prepared = new Map<string, Database.Statement>();
function statementFor(sql: string): Database.Statement {
  let stmt = prepared.get(sql);
  if (!stmt) {
    if (prepared.size >= 500) prepared.clear();
    prepared.set(sql, (stmt = db.prepare(sql)));
  }
  return stmt;
}

/** One job: its statements in order; a nested call (below) runs inside a SAVEPOINT of the batch's transaction. */
const runJob = db.transaction((statements: CompiledStatement[]): StatementResult[] =>
  statements.map(({ sql, values }) => {
    const stmt = statementFor(sql);
    if (stmt.reader) {
      const rows = stmt.all(...values) as Record<string, unknown>[];
      return { rows, affected: rows.length };
    }
    return { rows: [], affected: stmt.run(...values).changes };
  }),
);

/**
 * Jobs that arrived together commit together: each in a savepoint of its own (a failing job rolls back alone
 * and rejects), one COMMIT for all. Every commit writes each page it touched to the WAL and empties the other
 * connection's page cache; the claims, settlements and records of a storm touch the same pages job after job.
 */
const runJobs = db.transaction((jobs: CompiledStatement[][]): Outcome<StatementResult[]>[] =>
  jobs.map((statements) => {
    try {
      return { ok: true, result: runJob(statements) };
    } catch (error) {
      if (!db.inTransaction) throw error; // SQLite ended the transaction itself (e.g. disk full): none commits
      return { ok: false, error };
    }
  }),
);

serveRequestsTogether(JOBS_PER_COMMIT, (jobs: CompiledStatement[][]) => {
  lock?.takeBlocking();
  try {
    // One job needs no savepoint: its failure is the transaction's.
    return jobs.length === 1 ? [{ ok: true, result: runJob.immediate(jobs[0]) }] : runJobs.immediate(jobs);
  } finally {
    lock?.release(WRITER);
  }
});

/** How long a restart waits for readers still using the WAL (a backup, say) before it gives up until next time. */
const RESTART_WAIT_MS = 100;
const RESTART_POLL_MS = 100;

/**
 * The PASSIVE checkpoints never wait, so under a steady stream of commits the WAL was never wholly copied at a
 * moment when a commit could start it over: it grew to ~1 GB in an alert storm. The checkpointer thread notices a
 * WAL past its limit and, between two of its passes, asks for a restart; this thread, which can hold the write
 * lock (the main thread waits for it without blocking; ~10–20 ms in the storm), checkpoints with RESTART, so the
 * next commit writes the WAL from its start again.
 */
function restartLongWal(): void {
  if (Atomics.load(restartWanted, 0) === 0) return;
  try {
    lock?.takeBlocking();
  } catch {
    return; // the main connection kept the lock: next time
  }
  try {
    db.pragma(`busy_timeout = ${RESTART_WAIT_MS}`);
    db.pragma("wal_checkpoint(RESTART)");
  } catch {
    // Busy: the checkpointer asks again.
  } finally {
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    lock?.release(WRITER);
    Atomics.store(restartWanted, 0, 0);
  }
}
setInterval(restartLongWal, RESTART_POLL_MS).unref();
