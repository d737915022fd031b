// A pool of worker threads with a watchdog: a worker that stays silent past a render's
// deadline is terminated and replaced, so a runaway template never blocks the main
// thread or other renders. Requests are sent in batches to amortise messaging.
import * as path from "node:path";
import type { Worker } from "node:worker_threads";
import { startWorker } from "../worker-thread";
import type { WorkRequest, WorkResult } from "./protocol";

const BATCH = 32;
const GRACE_MS = 500; // cooperative deadline checks normally answer well before this
const RESOURCE_LIMITS = { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 };

export const NOT_CLONEABLE = "context is not structured-clone data";

/** Jobs whose context cannot cross threads are answered at once (the renderer retries them). */
function cloneable(job: Job): boolean {
  try {
    structuredClone(job.req.vars);
    return true;
  } catch {
    job.resolve({ id: job.req.id, ok: false, kind: "error", message: NOT_CLONEABLE });
    return false;
  }
}

interface Job {
  req: WorkRequest;
  resolve: (r: WorkResult) => void;
}

class Slot {
  worker: Worker;
  ready = false; // module loaded in the worker (first start compiles TS under jest)
  inFlight: Job[] = [];
  timer: NodeJS.Timeout | null = null;
  constructor(readonly pool: WorkerPool) {
    this.worker = pool.spawn(this);
  }
}

export class WorkerPool {
  private readonly queue: Job[] = [];
  private readonly slots: Slot[] = [];
  private closed = false;
  private startFailures = 0;

  constructor(private readonly size: number) {}

  run(req: WorkRequest): Promise<WorkResult> {
    if (this.closed) return Promise.reject(new Error("TemplateRenderer is closed"));
    return new Promise((resolve) => {
      this.queue.push({ req, resolve });
      this.dispatch();
    });
  }

  spawn(slot: Slot): Worker {
    const w = startWorker(path.join(__dirname, "worker"), null, { resourceLimits: RESOURCE_LIMITS });
    w.on("message", (msg: WorkResult[] | "ready") => {
      if (msg !== "ready") return this.onResults(slot, msg);
      slot.ready = true;
      this.startFailures = 0;
      this.dispatch();
      if (!slot.inFlight.length) slot.worker.unref();
    });
    w.on("error", () => this.onDeath(slot, "template rendering exceeded the memory limit", "memory"));
    w.on("exit", () => this.onDeath(slot, "template rendering stopped unexpectedly"));
    return w; // referenced until idle: a pending render keeps the process alive

  }

  private dispatch(): void {
    while (this.slots.length < this.size && this.queue.length > this.slots.reduce((n, s) => n + (s.inFlight.length ? 0 : 1), 0)) {
      this.slots.push(new Slot(this));
    }
    for (const slot of this.slots) {
      if (!this.queue.length) return;
      if (!slot.ready || slot.inFlight.length) continue;
      const share = Math.max(1, Math.min(BATCH, Math.ceil(this.queue.length / this.size)));
      slot.inFlight = this.queue.splice(0, share);
      try {
        slot.worker.postMessage(slot.inFlight.map((j) => j.req));
      } catch {
        // DataCloneError (nothing was sent): answer the offending jobs, send the rest.
        slot.inFlight = slot.inFlight.filter(cloneable);
        if (!slot.inFlight.length) continue;
        slot.worker.postMessage(slot.inFlight.map((j) => j.req));
      }
      slot.worker.ref();
      this.arm(slot);
    }
  }

  /** Watchdog for the request the worker is currently on (results arrive in order). */
  private arm(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    const current = slot.inFlight[0];
    if (!current) return;
    slot.timer = setTimeout(() => this.kill(slot), current.req.budgetMs + GRACE_MS);
  }

  private onResults(slot: Slot, results: WorkResult[]): void {
    for (const r of results) {
      const i = slot.inFlight.findIndex((j) => j.req.id === r.id);
      if (i >= 0) slot.inFlight.splice(i, 1)[0].resolve(r);
    }
    if (slot.inFlight.length) this.arm(slot);
    else {
      if (slot.timer) clearTimeout(slot.timer);
      slot.timer = null;
      slot.worker.unref();
      this.dispatch();
    }
  }

  private kill(slot: Slot): void {
    const budget = slot.inFlight[0]?.req.budgetMs ?? 0;
    this.replace(slot, `template rendering exceeded the time limit (${budget} ms)`, "time");
    void slot.worker.terminate();
  }

  private onDeath(slot: Slot, message: string, limit?: WorkResult["limit"]): void {
    if (!this.slots.includes(slot)) return;
    if (!slot.ready && ++this.startFailures > 3) {
      // The worker cannot even load: fail everything instead of respawning forever.
      this.slots.splice(this.slots.indexOf(slot), 1);
      for (const job of this.queue.splice(0)) {
        job.resolve({ id: job.req.id, ok: false, kind: "error", message: "template workers failed to start" });
      }
      return;
    }
    this.replace(slot, message, limit);
  }

  /** Fail the request that was running, re-queue the rest, start a fresh worker. */
  private replace(slot: Slot, message: string, limit?: WorkResult["limit"]): void {
    const idx = this.slots.indexOf(slot);
    if (idx < 0) return;
    this.slots.splice(idx, 1);
    if (slot.timer) clearTimeout(slot.timer);
    const [current, ...rest] = slot.inFlight;
    slot.inFlight = [];
    if (current) current.resolve({ id: current.req.id, ok: false, kind: "warning", message, ...(limit ? { limit } : {}) });
    this.queue.unshift(...rest);
    if (!this.closed) this.dispatch();
  }

  async close(): Promise<void> {
    this.closed = true;
    const slots = this.slots.splice(0);
    for (const job of this.queue.splice(0)) {
      job.resolve({ id: job.req.id, ok: false, kind: "error", message: "renderer closed" });
    }
    await Promise.all(slots.map(async (s) => {
      if (s.timer) clearTimeout(s.timer);
      for (const job of s.inFlight) job.resolve({ id: job.req.id, ok: false, kind: "error", message: "renderer closed" });
      s.inFlight = [];
      await s.worker.terminate();
    }));
  }
}
