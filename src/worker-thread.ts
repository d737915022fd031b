// Our worker threads. startWorker() runs one of our modules, given without extension: `worker.js` under dist/,
// and under ts/jest `worker.ts` compiled on the fly (with what it imports) by @swc/core, with the options of
// jest.config.js. ThreadClient / serveRequests are the request-reply protocol of the long-lived ones.
import * as path from "node:path";
import { parentPort, Worker, type WorkerOptions } from "node:worker_threads";

const BOOTSTRAP = `
const { workerData } = require("node:worker_threads");
if (workerData.entry.endsWith(".ts")) {
  const fs = require("node:fs");
  const swc = require(workerData.swc);
  require.extensions[".ts"] = (m, filename) => {
    const { code } = swc.transformSync(fs.readFileSync(filename, "utf8"), {
      filename,
      jsc: { parser: { syntax: "typescript", decorators: true },
             transform: { legacyDecorator: true, decoratorMetadata: true },
             target: "es2022", keepClassNames: true },
      module: { type: "commonjs" },
    });
    m._compile(code, filename);
  };
}
require(workerData.entry);
`;

type ThreadOptions = Omit<WorkerOptions, "eval" | "workerData">;

/** `modulePath`: absolute, without extension; it reads its own data from `workerData.data`. */
export function startWorker(modulePath: string, data: unknown, options: ThreadOptions = {}): Worker {
  const entry = modulePath + (path.extname(__filename) === ".ts" ? ".ts" : ".js");
  const swc = entry.endsWith(".ts") ? require.resolve("@swc/core") : "";
  return new Worker(BOOTSTRAP, { ...options, eval: true, workerData: { entry, swc, data } });
}

/** Requests cross as `[id, payload][]`; replies as `[id, true, result][]` or `[id, false, error][]`, in batches. */
type Request<P> = [id: number, payload: P];
type Reply<R> = [id: number, ok: true, result: R] | [id: number, ok: false, error: { message: string; code?: string }];

interface Pending<R> {
  resolve(result: R): void;
  reject(error: Error): void;
}

/**
 * The calling side: the thread starts on first use (or start()), requests made in one tick travel together, and
 * a thread that dies fails the requests it held and is replaced at the next one.
 */
export class ThreadClient<P, R> {
  private worker: Worker | null = null;
  private starting: Promise<Worker> | null = null;
  private readonly pending = new Map<number, Pending<R>>();
  private readonly answered = new Set<Promise<R>>();
  private queued: Request<P>[] = [];
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly name: string,
    private readonly modulePath: string,
    private readonly data: unknown,
    private readonly options: ThreadOptions = {},
    /** Called when a thread exits or fails (before its requests are failed); the next request starts another. */
    private readonly onExit: () => void = () => undefined,
  ) {}

  async start(): Promise<void> {
    await this.ready();
  }

  request(payload: P): Promise<R> {
    if (this.closed) return Promise.reject(new Error(`${this.name} is closed`));
    const id = this.nextId++;
    const answered = new Promise<R>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    this.answered.add(answered);
    answered.then(
      () => this.answered.delete(answered),
      () => this.answered.delete(answered),
    );
    if (this.queued.length === 0) queueMicrotask(() => void this.flush());
    this.queued.push([id, payload]);
    return answered;
  }

  /** Lets the requests already made finish, then stops the thread. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([...this.answered]);
    const worker = this.worker ?? (this.starting ? await this.starting.catch(() => null) : null);
    this.worker = null;
    if (worker) await worker.terminate();
  }

  private async flush(): Promise<void> {
    const requests = this.queued;
    this.queued = [];
    try {
      const worker = await this.ready();
      worker.ref(); // an unanswered request keeps the process alive
      worker.postMessage(requests);
    } catch (error) {
      for (const [id] of requests) this.take(id)?.reject(error as Error);
    }
  }

  private take(id: number): Pending<R> | undefined {
    const p = this.pending.get(id);
    this.pending.delete(id);
    if (this.pending.size === 0) this.worker?.unref();
    return p;
  }

  private ready(): Promise<Worker> {
    if (this.worker) return Promise.resolve(this.worker);
    this.starting ??= new Promise<Worker>((resolve, reject) => {
      const worker = startWorker(this.modulePath, this.data, this.options);
      worker.on("message", (msg: Reply<R>[] | "ready") => {
        if (msg === "ready") {
          this.worker = worker;
          this.starting = null;
          if (this.pending.size === 0) worker.unref();
          return resolve(worker);
        }
        for (const [id, ok, value] of msg) {
          if (ok) this.take(id)?.resolve(value as R);
          else this.take(id)?.reject(Object.assign(new Error((value as { message: string }).message), { code: (value as { code?: string }).code }));
        }
      });
      const died = (error: Error) => {
        if (this.worker === worker) this.worker = null;
        this.onExit();
        if (this.starting) {
          this.starting = null;
          reject(error);
        }
        for (const p of this.pending.values()) p.reject(error);
        this.pending.clear();
      };
      worker.on("error", died);
      worker.on("exit", (code) => died(new Error(`${this.name} exited (${code})`)));
    });
    return this.starting;
  }
}

/** The thread's side: answers every request with `handle`, in arrival order for synchronous handlers. */
export function serveRequests<P, R>(handle: (payload: P) => R | Promise<R>): void {
  const reply = replier<R>();
  parentPort!.on("message", (requests: Request<P>[]) => {
    for (const [id, payload] of requests) {
      Promise.resolve()
        .then(() => handle(payload))
        .then(
          (result) => reply([id, true, result]),
          (error: unknown) => reply([id, false, errorReply(error)]),
        );
    }
  });
  parentPort!.postMessage("ready");
}

/** One request's outcome when requests are handled together. */
export type Outcome<R> = { ok: true; result: R } | { ok: false; error: unknown };

/**
 * The thread's side for a handler that does better with many requests at once: every request that has arrived
 * by the time the thread turns to them (all messages the port delivered meanwhile), up to `most`, goes to
 * `handleAll` together, in arrival order. It answers each request; a throw fails them all.
 */
export function serveRequestsTogether<P, R>(most: number, handleAll: (payloads: P[]) => Outcome<R>[]): void {
  const reply = replier<R>();
  const arrived: Request<P>[] = [];
  const handleArrived = () => {
    const requests = arrived.splice(0, most);
    if (arrived.length > 0) setImmediate(handleArrived);
    let outcomes: Outcome<R>[];
    try {
      outcomes = handleAll(requests.map(([, payload]) => payload));
    } catch (error) {
      outcomes = requests.map(() => ({ ok: false, error }));
    }
    requests.forEach(([id], i) => {
      const outcome = outcomes[i];
      reply(outcome.ok ? [id, true, outcome.result] : [id, false, errorReply(outcome.error)]);
    });
  };
  parentPort!.on("message", (requests: Request<P>[]) => {
    if (arrived.length === 0) setImmediate(handleArrived);
    arrived.push(...requests);
  });
  parentPort!.postMessage("ready");
}

/** Replies made in one turn of the thread's event loop travel together. */
function replier<R>(): (reply: Reply<R>) => void {
  const replies: Reply<R>[] = [];
  return (r) => {
    if (replies.length === 0) setImmediate(() => parentPort!.postMessage(replies.splice(0)));
    replies.push(r);
  };
}

function errorReply(error: unknown): { message: string; code?: string } {
  const e = error as { message?: string; code?: string } | null;
  return { message: e?.message ?? String(error), code: e?.code };
}
