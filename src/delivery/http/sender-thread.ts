// The delivery engine's HttpSender, run on a thread of its own: the HTTP client's per-request work (axios, the
// SSRF checks of every hop, streaming the response) then runs beside the engine's own work (payloads, records)
// instead of after it on one event loop. Requests and outcomes are plain data; they cross in batches.
import * as path from "node:path";
import type { Worker } from "node:worker_threads";
import { startWorker } from "../../worker-thread";
import type { SendJob, SendReply } from "./sender-thread.worker";
import type { HttpPolicy, OutgoingRequest, SendOutcome } from "./types";
import { checkBeforeSend, urlCheckPolicy, type UrlCheckPolicy } from "./url-check";
import { parseCidrList } from "./address-policy";

/**
 * Each request leaves ~100 KB of short-lived garbage (mostly axios' config merging); V8's default young
 * generation would hold 32 MB of it. A third of that measured the same throughput (bench/run.ts RSS line).
 */
const RESOURCE_LIMITS = { maxYoungGenerationSizeMb: 16 };

interface Pending {
  resolve(outcome: SendOutcome): void;
  reject(error: Error): void;
}

export class SenderThread {
  private worker: Worker | null = null;
  private starting: Promise<Worker> | null = null;
  private readonly pending = new Map<number, Pending>();
  private queued: SendJob[] = [];
  private nextId = 1;
  private readonly checks: UrlCheckPolicy;

  /** `policy` crosses to the thread: it must be plain data (no `lookup` function). */
  constructor(private readonly policy: HttpPolicy) {
    parseCidrList(policy.allowedCidrs); // fail at start-up on a bad WEBHOOK_ALLOWED_CIDRS
    this.checks = urlCheckPolicy(policy);
  }

  /** The §6 check before an attempt is planned, here on the engine's thread (the send repeats it per hop). */
  checkUrl(url: string): Promise<{ ok: true } | { ok: false; message: string }> {
    return checkBeforeSend(url, this.checks);
  }

  /** Rejects only when the thread died with the request in it (the engine retries the delivery). */
  send(request: OutgoingRequest): Promise<SendOutcome> {
    const id = this.nextId++;
    return new Promise<SendOutcome>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      if (this.queued.length === 0) queueMicrotask(() => void this.flush());
      this.queued.push([id, request]);
    });
  }

  async close(): Promise<void> {
    const worker = this.worker ?? (this.starting ? await this.starting.catch(() => null) : null);
    this.worker = null;
    if (worker) await worker.terminate();
  }

  private async flush(): Promise<void> {
    const jobs = this.queued;
    this.queued = [];
    try {
      const worker = await this.ready();
      worker.ref();
      worker.postMessage(jobs);
    } catch (error) {
      for (const [id] of jobs) this.settle(id)?.reject(error as Error);
    }
  }

  private settle(id: number): Pending | undefined {
    const p = this.pending.get(id);
    this.pending.delete(id);
    if (this.pending.size === 0) this.worker?.unref();
    return p;
  }

  private ready(): Promise<Worker> {
    if (this.worker) return Promise.resolve(this.worker);
    this.starting ??= new Promise<Worker>((resolve, reject) => {
      const worker = startWorker(path.join(__dirname, "sender-thread.worker"), this.policy, { resourceLimits: RESOURCE_LIMITS });
      worker.on("message", (msg: SendReply[] | "ready") => {
        if (msg === "ready") {
          this.worker = worker;
          this.starting = null;
          return resolve(worker);
        }
        for (const [id, outcome] of msg) this.settle(id)?.resolve(outcome);
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
      worker.on("error", died);
      worker.on("exit", (code) => died(new Error(`sender thread exited (${code})`)));
    });
    return this.starting;
  }
}
