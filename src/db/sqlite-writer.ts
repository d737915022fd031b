// Main-thread side of the SQLite writer thread (sqlite-writer.worker.ts). Statements are compiled here with
// the DataSource's driver, so both connections bind values exactly alike; the thread only executes them.
import * as path from "node:path";
import type { Worker } from "node:worker_threads";
import type { DataSource } from "typeorm";
import { startWorker } from "../worker-thread";
import { compileStatement, type Statement, type StatementResult } from "./sql";
import type { WriterJob, WriterReply } from "./sqlite-writer.worker";
import type { Writer } from "./writer";

/** Same wait for the write lock as the main connection (ormconfig.ts). */
const BUSY_TIMEOUT_MS = 10_000;
const RESOURCE_LIMITS = { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 2 };

interface Pending {
  resolve(results: StatementResult[]): void;
  reject(error: Error): void;
}

export class SqliteWriter implements Writer {
  readonly dialect = "sqlite" as const;
  private worker: Worker | null = null;
  private starting: Promise<Worker> | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;

  private constructor(
    private readonly dataSource: DataSource,
    private readonly file: string,
  ) {}

  static async open(dataSource: DataSource, file: string): Promise<SqliteWriter> {
    const writer = new SqliteWriter(dataSource, file);
    await writer.ready();
    return writer;
  }

  async transaction(statements: Statement[]): Promise<StatementResult[]> {
    if (this.closed) throw new Error("writer is closed");
    const job: WriterJob = { id: this.nextId++, statements: statements.map((s) => compileStatement(this.dataSource.driver, s)) };
    const answered = new Promise<StatementResult[]>((resolve, reject) => this.pending.set(job.id, { resolve, reject }));
    const worker = await this.ready();
    worker.ref(); // an unanswered job keeps the process alive
    worker.postMessage(job);
    return answered;
  }

  async close(): Promise<void> {
    this.closed = true;
    while (this.pending.size) await new Promise((r) => setTimeout(r, 5));
    const worker = this.worker ?? (this.starting ? await this.starting.catch(() => null) : null);
    this.worker = null;
    if (worker) await worker.terminate();
  }

  /** The running thread; a thread that died (it should not) is replaced at the next job. */
  private ready(): Promise<Worker> {
    if (this.worker) return Promise.resolve(this.worker);
    this.starting ??= new Promise<Worker>((resolve, reject) => {
      const worker = startWorker(path.join(__dirname, "sqlite-writer.worker"), { file: this.file, busyTimeoutMs: BUSY_TIMEOUT_MS }, { resourceLimits: RESOURCE_LIMITS });
      worker.on("message", (msg: WriterReply | "ready") => {
        if (msg === "ready") {
          this.worker = worker;
          this.starting = null;
          worker.unref();
          return resolve(worker);
        }
        this.answer(msg, worker);
      });
      const died = (error: Error) => {
        if (this.worker === worker) this.worker = null;
        if (this.starting) {
          this.starting = null;
          reject(error);
        }
        for (const p of this.pending.values()) p.reject(error);
        this.pending.clear();
      };
      worker.on("error", (error) => died(error));
      worker.on("exit", (code) => died(new Error(`SQLite writer thread exited (${code})`)));
    });
    return this.starting;
  }

  private answer(reply: WriterReply, worker: Worker): void {
    const p = this.pending.get(reply.id);
    if (!p) return;
    this.pending.delete(reply.id);
    if (this.pending.size === 0) worker.unref();
    if ("error" in reply) p.reject(Object.assign(new Error(reply.error.message), { code: reply.error.code }));
    else p.resolve(reply.results);
  }
}
