// The delivery engine's write path: a list of statements run in order in one transaction. On an SQLite file a
// thread of its own with its own connection runs them (sqlite-writer.ts), so the event loop never waits while
// SQLite writes pages and checkpoints; on PostgreSQL a pool of its own sends each transaction in one round trip
// (pg-writer.ts).
import type { DataSource } from "typeorm";
import { dialectOf, type DialectKind } from "./dialect";
import { runStatement, type Statement, type StatementResult } from "./sql";
import { PgWriter } from "./pg-writer";
import { SqliteWriter } from "./sqlite-writer";

export interface Writer {
  readonly dialect: DialectKind;
  /** Runs the statements in order in one transaction; the results in the same order. */
  transaction(statements: Statement[]): Promise<StatementResult[]>;
  close(): Promise<void>;
}

/** Statements through the DataSource: an in-memory SQLite database, which no other connection can open. */
class DataSourceWriter implements Writer {
  readonly dialect: DialectKind;

  constructor(private readonly dataSource: DataSource) {
    this.dialect = dialectOf(dataSource);
  }

  private readonly running = new Set<Promise<unknown>>();
  private closed = false;

  async transaction(statements: Statement[]): Promise<StatementResult[]> {
    if (this.closed) throw new Error("writer is closed");
    const run = this.dataSource.transaction(async (em) => {
      const results: StatementResult[] = [];
      for (const s of statements) results.push(await runStatement(em, s.text, s.params));
      return results;
    });
    this.running.add(run);
    return run.finally(() => this.running.delete(run));
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([...this.running]);
  }
}

export async function openWriter(dataSource: DataSource): Promise<Writer> {
  if (dataSource.options.type === "postgres") return new PgWriter(dataSource);
  const file = dataSource.options.type === "better-sqlite3" ? dataSource.options.database : null;
  if (typeof file === "string" && file !== ":memory:" && file !== "") return SqliteWriter.open(dataSource, file);
  return new DataSourceWriter(dataSource);
}
