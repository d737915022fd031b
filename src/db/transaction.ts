import type { DataSource, EntityManager } from "typeorm";

/** Runs `work` in one transaction; code that writes receives the EntityManager explicitly. */
export function inTransaction<T>(dataSource: DataSource, work: (em: EntityManager) => Promise<T>): Promise<T> {
  return dataSource.transaction(work);
}

/**
 * better-sqlite3 gives TypeORM one shared connection, and TypeORM nests a second concurrent
 * `transaction()` as a SAVEPOINT of the first: a rollback of one then undoes or commits the other's work
 * (measured: A throws, B fails with "cannot start a transaction within a transaction", A's insert stays).
 * Queueing top-level transactions restores isolation; SQLite has a single writer anyway.
 */
export function serializeTransactions(dataSource: DataSource): void {
  const manager = dataSource.manager;
  const original = manager.transaction.bind(manager) as (...args: unknown[]) => Promise<unknown>;
  let tail: Promise<unknown> = Promise.resolve();
  (manager as { transaction: unknown }).transaction = (...args: unknown[]) => {
    const run = tail.then(() => original(...args));
    tail = run.catch(() => undefined);
    return run;
  };
}

/**
 * The delivery engine writes through a second connection (db/sqlite-writer.ts). A transaction that reads first
 * and writes later would then fail with SQLITE_BUSY if that connection committed in between (its snapshot is
 * stale); taking the write lock at BEGIN makes it wait for the lock instead, like every other writer.
 */
export function beginImmediate(dataSource: DataSource): void {
  const runner = dataSource.driver.createQueryRunner("master");
  const query = runner.query.bind(runner) as (...args: unknown[]) => Promise<unknown>;
  (runner as { query: unknown }).query = (sql: unknown, ...rest: unknown[]) =>
    query(sql === "BEGIN TRANSACTION" ? "BEGIN IMMEDIATE TRANSACTION" : sql, ...rest);
}
