import { AsyncLocalStorage } from "node:async_hooks";
import type { DataSource, EntityManager } from "typeorm";
import type { BetterSqlite3Driver } from "typeorm/driver/better-sqlite3/BetterSqlite3Driver";
import { BetterSqlite3QueryRunner } from "typeorm/driver/better-sqlite3/BetterSqlite3QueryRunner";
import { ConnectionGate } from "./connection-gate";

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
 */
export function serializeSqliteConnection(dataSource: DataSource): void {
  const driver = dataSource.driver as BetterSqlite3Driver;
  const gate = new ConnectionGate();
  const statements = new Map<string, unknown>();
  (driver as { createQueryRunner: unknown }).createQueryRunner = () => new GatedQueryRunner(driver, gate, statements);
  const manager = dataSource.manager;
  const transaction = manager.transaction.bind(manager) as (...args: unknown[]) => Promise<unknown>;
  (manager as { transaction: unknown }).transaction = (...args: unknown[]) => transactionScopes.run({}, () => transaction(...args));
}

class GatedQueryRunner extends BetterSqlite3QueryRunner {
  constructor(driver: BetterSqlite3Driver, private readonly gate: ConnectionGate, statements: Map<string, unknown>) {
    super(driver);
    (this as unknown as { stmtCache: Map<string, unknown> }).stmtCache = statements;
  }

  override async query(sql: string, parameters?: unknown[], structured = false): Promise<any> {
    // The engine's SQLite writer thread has a connection of its own: a transaction that read first and wrote
    // later would fail with SQLITE_BUSY if that one committed in between (stale snapshot); IMMEDIATE waits instead.
    if (sql === "BEGIN TRANSACTION") sql = "BEGIN IMMEDIATE TRANSACTION";
    if (this.gate.isHeldBy(this)) return super.query(sql, parameters, structured);
    await this.enterGate();
    try {
      return await super.query(sql, parameters, structured);
    } finally {
      this.gate.leave(this);
    }
  }

  override async startTransaction(isolationLevel?: Parameters<BetterSqlite3QueryRunner["startTransaction"]>[0]): Promise<void> {
    if (this.transactionDepth > 0) return super.startTransaction(isolationLevel);
    await this.enterGate();
    const scope = transactionScopes.getStore();
    if (scope && !scope.runner) scope.runner = this;
    try {
      await super.startTransaction(isolationLevel);
    } catch (error) {
      this.gate.leave(this);
      throw error;
    }
  }

  override async commitTransaction(): Promise<void> {
    try {
      await super.commitTransaction();
    } finally {
      if (!this.isTransactionActive) this.gate.leave(this);
    }
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
        this.gate.leave(this);
      }
    }
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
