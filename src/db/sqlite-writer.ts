// Main-thread side of the SQLite writer thread (sqlite-writer.worker.ts). Statements are compiled here with
// the DataSource's driver, so both connections bind values exactly alike; the thread only executes them.
import * as path from "node:path";
import type { DataSource } from "typeorm";
import { ThreadClient } from "../worker-thread";
import { compileStatement, type CompiledStatement, type Statement, type StatementResult } from "./sql";
import type { Writer } from "./writer";

/** Same wait for the write lock as the main connection (ormconfig.ts). */
const BUSY_TIMEOUT_MS = 10_000;
const RESOURCE_LIMITS = { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 2 };

export class SqliteWriter implements Writer {
  readonly dialect = "sqlite" as const;
  private readonly thread: ThreadClient<CompiledStatement[], StatementResult[]>;

  private constructor(private readonly dataSource: DataSource, file: string) {
    this.thread = new ThreadClient("SQLite writer thread", path.join(__dirname, "sqlite-writer.worker"), { file, busyTimeoutMs: BUSY_TIMEOUT_MS }, { resourceLimits: RESOURCE_LIMITS });
  }

  static async open(dataSource: DataSource, file: string): Promise<SqliteWriter> {
    const writer = new SqliteWriter(dataSource, file);
    await writer.thread.start();
    return writer;
  }

  transaction(statements: Statement[]): Promise<StatementResult[]> {
    return this.thread.request(statements.map((s) => compileStatement(this.dataSource.driver, s)));
  }

  close(): Promise<void> {
    return this.thread.close();
  }
}
