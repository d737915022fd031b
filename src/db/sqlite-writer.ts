// Main-thread side of the SQLite writer thread (sqlite-writer.worker.ts). Statements are compiled here with
// the DataSource's driver, so both connections bind values exactly alike; the thread only executes them.
import * as path from "node:path";
import type { DataSource } from "typeorm";
import type { Worker } from "node:worker_threads";
import { startWorker, ThreadClient } from "../worker-thread";
import { writeLockOf, type SqliteWriteLock } from "./sqlite-write-lock";
import { compileStatement, type CompiledStatement, type Statement, type StatementResult } from "./sql";
import type { Writer } from "./writer";

/** Same wait for the write lock as the main connection (ormconfig.ts). */
const BUSY_TIMEOUT_MS = 10_000;
const RESOURCE_LIMITS = { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 2 };
const SQLITE_DEFAULT_AUTOCHECKPOINT = 1000;
/** The WAL starts over once it holds more than this (sqlite-writer.worker.ts); the main connection's limit too. */
export const WAL_LIMIT_BYTES = 64 * 1024 * 1024;

export class SqliteWriter implements Writer {
  readonly dialect = "sqlite" as const;
  private readonly thread: ThreadClient<CompiledStatement[], StatementResult[]>;
  private readonly checkpointer: Worker;

  /** Shared with the main connection (sqlite-write-lock.ts); none for a second writer on the same DataSource. */
  private readonly lock: SqliteWriteLock | null;

  private constructor(private readonly dataSource: DataSource, file: string, walLimitBytes: number) {
    const lock = writeLockOf(dataSource);
    this.lock = lock?.takeWriterSide() ? lock : null;
    const lockBuffer = this.lock?.buffer ?? null;
    const restartBuffer = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
    this.thread = new ThreadClient(
      "SQLite writer thread",
      path.join(__dirname, "sqlite-writer.worker"),
      { file, busyTimeoutMs: BUSY_TIMEOUT_MS, lockBuffer, walLimitBytes, restartBuffer },
      { resourceLimits: RESOURCE_LIMITS },
      () => this.lock?.writerGone(false),
    );
    this.checkpointer = startWorker(path.join(__dirname, "sqlite-checkpointer.worker"), { file, walLimitBytes, restartBuffer }, { resourceLimits: RESOURCE_LIMITS });
    this.checkpointer.unref();
    // It can only fail to open the file, which the writer thread reports for both.
    this.checkpointer.on("error", () => undefined);
  }

  /** `walLimitBytes`: tests make it small. */
  static async open(dataSource: DataSource, file: string, walLimitBytes = WAL_LIMIT_BYTES): Promise<SqliteWriter> {
    const writer = new SqliteWriter(dataSource, file, walLimitBytes);
    await writer.thread.start();
    // A checkpoint on a commit of the main connection stalled the event loop for up to ~20 ms: a thread of their
    // own does them all (sqlite-checkpointer.worker.ts).
    await dataSource.query("PRAGMA wal_autocheckpoint = 0");
    return writer;
  }

  transaction(statements: Statement[]): Promise<StatementResult[]> {
    return this.thread.request(statements.map((s) => compileStatement(this.dataSource.driver, s)));
  }

  async close(): Promise<void> {
    await this.thread.close();
    this.lock?.writerGone(true);
    await this.checkpointer.terminate();
    if (this.dataSource.isInitialized) await this.dataSource.query(`PRAGMA wal_autocheckpoint = ${SQLITE_DEFAULT_AUTOCHECKPOINT}`);
  }
}
