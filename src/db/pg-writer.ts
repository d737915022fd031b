// The engine's write path on PostgreSQL: each transaction goes out in one round trip. Its BEGIN, statements
// and COMMIT are pipelined on a connection of a small pool of its own, instead of one round trip per statement
// through TypeORM. Under load each round trip waited several ms for a busy event loop and database: a record
// group took ~28 ms (p50) to commit, and a kill -9 in that window sends its answered attempts again.
import { Pool, type PoolClient, type QueryResult } from "pg";
import type { DataSource } from "typeorm";
import { compileStatement, type CompiledStatement, type Statement, type StatementResult } from "./sql";
import type { Writer } from "./writer";

/** The engine writes at most this many transactions at once: the recorder's two, a claim, a timer job, retention. */
const CONNECTIONS = 5;
/** How these connections show in pg_stat_activity. */
export const PG_WRITER_APPLICATION_NAME = "outhook engine writer";

export class PgWriter implements Writer {
  readonly dialect = "postgres" as const;
  private readonly pool: Pool;
  private readonly running = new Set<Promise<unknown>>();
  private closed = false;

  constructor(private readonly dataSource: DataSource) {
    const url = (dataSource.options as { url?: string }).url;
    if (!url) throw new Error("the PostgreSQL writer needs the DataSource's url");
    this.pool = new Pool({ connectionString: url, max: CONNECTIONS, pipeline: true, application_name: PG_WRITER_APPLICATION_NAME });
    // A connection that breaks (database restart) is dropped by the pool and fails the queries on it; the error it
    // also emits would crash the process without a listener, on an idle client (the pool's) and on one in use.
    this.pool.on("error", () => undefined);
    this.pool.on("connect", (client) => client.on("error", () => undefined));
  }

  transaction(statements: Statement[]): Promise<StatementResult[]> {
    if (this.closed) return Promise.reject(new Error("writer is closed"));
    const compiled = statements.map((s) => compileStatement(this.dataSource.driver, s));
    const run = this.pool.connect().then((client) => this.pipelined(client, compiled));
    this.running.add(run);
    return run.finally(() => this.running.delete(run));
  }

  /**
   * After a failed statement, PostgreSQL refuses the rest of the transaction and its COMMIT ends it as a rollback;
   * the first error is the one to report.
   */
  private async pipelined(client: PoolClient, compiled: CompiledStatement[]): Promise<StatementResult[]> {
    const sent = [client.query("BEGIN"), ...compiled.map((s) => client.query(s.sql, s.values)), client.query("COMMIT")];
    const settled = await Promise.allSettled(sent);
    client.release(); // the pool drops a connection that broke
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
    if (failed) throw failed.reason;
    return settled.slice(1, -1).map((s) => {
      const result = (s as PromiseFulfilledResult<QueryResult>).value;
      return { rows: result.rows, affected: result.rowCount ?? result.rows.length };
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([...this.running]);
    await this.pool.end();
  }
}
