import { AsyncLocalStorage } from "node:async_hooks";
import path from "node:path";
import type { DataSource, EntityManager } from "typeorm";
import type { BetterSqlite3Driver } from "typeorm/driver/better-sqlite3/BetterSqlite3Driver";
import { BetterSqlite3QueryRunner } from "typeorm/driver/better-sqlite3/BetterSqlite3QueryRunner";
import { QueryFailedError, QueryRunnerAlreadyReleasedError } from "typeorm";
import { QueryResult } from "typeorm/query-runner/QueryResult";
import { ConnectionGate } from "./connection-gate";
import { attachWriteLock, MAIN, type SqliteWriteLock } from "./sqlite-write-lock";
import { WalFile, WalSync } from "./sqlite-wal-sync";

/** Runs `work` in one transaction; code that writes receives the EntityManager explicitly. */
export function inTransaction<T>(dataSource: DataSource, work: (em: EntityManager) => Promise<T>): Promise<T> {
  return dataSource.transaction(work);
}

/** The runner of the `manager.transaction` whose callback is running (to recognise a statement that would wait for it). */
const transactionScopes = new AsyncLocalStorage<{ runner?: object }>();

/**
 * better-sqlite3 is one connection, and TypeORM gives every caller the same QueryRunner for it: a plain
 * `save`/`update`/`query` issued while another request's transaction was open ran inside that transaction and was
 * rolled back with it (7 of 900 PATCHes answered 200 were lost), and reads saw its uncommitted rows. Here every
 * caller gets a runner of its own, and all of them pass one gate: a transaction holds it from BEGIN to
 * COMMIT/ROLLBACK, a statement outside any transaction for that statement alone. Prepared statements stay shared.
 * Writing (a transaction, or a statement that is not a SELECT) also takes the write lock shared with the writer
 * thread's connection (sqlite-write-lock.ts), so the main thread never sleeps in SQLite's busy handler, and
 * resolves only once the WAL is synced (sqlite-wal-sync.ts), so the main thread never sleeps in fdatasync either.
 */
export function serializeSqliteConnection(dataSource: DataSource): void {
  const driver = dataSource.driver as BetterSqlite3Driver;
  const gate = new ConnectionGate();
  const lock = attachWriteLock(dataSource);
  const statements = new Map<string, Statement>();
  const file = String(driver.options.database);
  let durable: WalSync | null = null;
  if (file !== ":memory:") {
    // Resolved now: SQLite opened the file relative to the working directory of this moment.
    const wal = new WalFile(`${path.resolve(file)}-wal`);
    durable = new WalSync(() => wal.sync());
    const destroy = dataSource.destroy.bind(dataSource);
    dataSource.destroy = () => destroy().finally(() => wal.close());
  }
  walSyncs.set(dataSource, durable);
  (driver as { createQueryRunner: unknown }).createQueryRunner = () => new GatedQueryRunner(driver, gate, lock, durable, statements);
  const manager = dataSource.manager;
  const transaction = manager.transaction.bind(manager) as (...args: unknown[]) => Promise<unknown>;
  (manager as { transaction: unknown }).transaction = (...args: unknown[]) => transactionScopes.run({}, () => transaction(...args));
}

const walSyncs = new WeakMap<DataSource, WalSync | null>();

/** The WAL sync every write on this SQLite DataSource awaits (tests read its count). */
export function walSyncOf(dataSource: DataSource): WalSync | null {
  return walSyncs.get(dataSource) ?? null;
}

class GatedQueryRunner extends BetterSqlite3QueryRunner {
  constructor(
    driver: BetterSqlite3Driver,
    private readonly gate: ConnectionGate,
    private readonly lock: SqliteWriteLock,
    private readonly durable: WalSync | null,
    private readonly statements: Map<string, Statement>,
  ) {
    super(driver);
  }

  override async query(sql: string, parameters?: unknown[], structured = false): Promise<any> {
    // The engine's SQLite writer thread has a connection of its own: a transaction that read first and wrote
    // later would fail with SQLITE_BUSY if that one committed in between (stale snapshot); IMMEDIATE waits instead.
    if (sql === "BEGIN TRANSACTION") sql = "BEGIN IMMEDIATE TRANSACTION";
    if (this.gate.isHeldBy(this)) return this.execute(sql, parameters, structured);
    await this.enterGate();
    const writes = !READ_ONLY.test(sql);
    let result: any;
    try {
      if (writes) await this.lock.take();
      try {
        result = this.execute(sql, parameters, structured);
      } finally {
        if (writes) this.lock.release(MAIN);
      }
    } finally {
      this.gate.leave(this);
    }
    if (writes) await this.durable?.flush();
    return result;
  }

  override async startTransaction(isolationLevel?: Parameters<BetterSqlite3QueryRunner["startTransaction"]>[0]): Promise<void> {
    if (this.transactionDepth > 0) return super.startTransaction(isolationLevel);
    await this.enterGate();
    const scope = transactionScopes.getStore();
    if (scope && !scope.runner) scope.runner = this;
    try {
      await this.lock.take();
      await super.startTransaction(isolationLevel);
    } catch (error) {
      this.letGo(); // the lock is released only if this runner took it (the gate lets one main runner in)
      throw error;
    }
  }

  override async commitTransaction(): Promise<void> {
    try {
      await super.commitTransaction();
    } finally {
      if (!this.isTransactionActive) this.letGo();
    }
    // The gate and the write lock are free while the WAL syncs: the next transaction need not wait for the disk.
    if (!this.isTransactionActive) await this.durable?.flush();
  }

  override async rollbackTransaction(): Promise<void> {
    const outermost = this.transactionDepth <= 1;
    try {
      await super.rollbackTransaction();
    } finally {
      if (outermost) {
        // A failed ROLLBACK means SQLite had already ended the transaction (e.g. after SQLITE_FULL).
        this.isTransactionActive = false;
        this.transactionDepth = 0;
        this.letGo();
      }
    }
  }

  /**
   * What BetterSqlite3QueryRunner.query does, synchronously and without its query events (outhook registers no
   * subscribers and no query logger): its awaits and broadcasts cost more than most statements here take.
   */
  private execute(sql: string, parameters: unknown[] | undefined, structured: boolean): any {
    if (this.isReleased) throw new QueryRunnerAlreadyReleasedError();
    const values = parameters ? parameters.map((p) => (typeof p === "boolean" ? (p ? 1 : 0) : p)) : [];
    try {
      const statement = this.statement(sql);
      const result = new QueryResult();
      if (statement.reader) {
        result.records = result.raw = statement.all(...values);
      } else {
        const { changes, lastInsertRowid } = statement.run(...values);
        result.affected = changes;
        result.raw = lastInsertRowid;
      }
      return structured ? result : result.raw;
    } catch (error) {
      throw new QueryFailedError(sql, values, error as Error);
    }
  }

  /** Prepared once and shared by every runner; the oldest is dropped past TypeORM's cache size, as it does. */
  private statement(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = (this.driver as BetterSqlite3Driver).databaseConnection.prepare(sql) as Statement;
      this.statements.set(sql, statement);
      if (this.statements.size > STATEMENT_CACHE_SIZE) this.statements.delete(this.statements.keys().next().value!);
    }
    return statement;
  }

  private letGo(): void {
    this.lock.release(MAIN);
    this.gate.leave(this);
  }

  private async enterGate(): Promise<void> {
    const scope = transactionScopes.getStore();
    if (scope?.runner && scope.runner !== this && this.gate.isHeldBy(scope.runner)) {
      throw new Error("a statement on the DataSource inside a transaction callback would wait for that transaction: use its EntityManager");
    }
    const wait = this.gate.enter(this);
    if (wait) await wait;
  }
}

/** TypeORM's default statement cache size for better-sqlite3. */
const STATEMENT_CACHE_SIZE = 100;

interface Statement {
  reader: boolean;
  all(...values: unknown[]): unknown[];
  run(...values: unknown[]): { changes: number; lastInsertRowid: number | bigint };
}

/** Statements that never write: they need no write lock (WAL readers never wait for the writer). */
const READ_ONLY = /^\s*(SELECT|EXPLAIN)\b/i;
