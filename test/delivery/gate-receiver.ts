import http from "node:http";
import type { AddressInfo } from "node:net";

export interface HeldRequest {
  path: string;
  body: string;
  json: any;
  headers: http.IncomingHttpHeaders;
  release(status?: number, body?: string): void;
}

/**
 * A receiver that holds every request until the test releases it (or answers at once while open), and tracks
 * how many were in flight at most — concurrency and ordering are checked by counting, not by timing.
 */
export class GateReceiver {
  readonly received: HeldRequest[] = [];
  readonly held: HeldRequest[] = [];
  inFlight = 0;
  maxInFlight = 0;
  private open = false;
  /** Answer each request this long after it arrived (set by answerAfter); null: hold until released. */
  private delayMs: number | null = null;
  private frozen = false;
  private waiters: { count: number; resolve: () => void }[] = [];
  private readonly server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      this.inFlight++;
      this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
      let done = false;
      const held: HeldRequest = {
        path: req.url!,
        body,
        json: safeJson(body),
        headers: req.headers,
        release: (status = 200, text = '{"ok": true}') => {
          if (done || this.frozen) return;
          done = true;
          this.inFlight--;
          this.held.splice(this.held.indexOf(held), 1);
          res.writeHead(status, { "content-type": "application/json" }).end(text);
        },
      };
      this.received.push(held);
      this.held.push(held);
      this.waiters = this.waiters.filter((w) => (this.received.length >= w.count ? (w.resolve(), false) : true));
      if (this.open) held.release();
      else if (this.delayMs !== null) setTimeout(() => held.release(), this.delayMs);
    });
  });

  static async start(): Promise<GateReceiver> {
    const g = new GateReceiver();
    await new Promise<void>((r) => g.server.listen(0, "127.0.0.1", r));
    return g;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  waitFor(count: number, timeoutMs = 10_000): Promise<HeldRequest[]> {
    if (this.received.length >= count) return Promise.resolve(this.received);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`gate got ${this.received.length} of ${count} requests`)), timeoutMs);
      this.waiters.push({ count, resolve: () => (clearTimeout(timer), resolve(this.received)) });
    });
  }

  /** Answer every request `ms` after it arrives (a receiver that takes its time, so requests are in flight). */
  answerAfter(ms: number): void {
    this.delayMs = ms;
  }

  /** Stop answering (until thaw): what is held now stays unanswered, so it can be counted as in flight. */
  freeze(): void {
    this.frozen = true;
  }

  /** Answer again; what was held while frozen is answered now. */
  thaw(): void {
    this.frozen = false;
    for (const h of [...this.held]) h.release();
  }

  /** Answer everything held, and everything that arrives from now on, at once. */
  openGate(): void {
    this.open = true;
    for (const h of [...this.held]) h.release();
  }

  close(): Promise<void> {
    for (const h of [...this.held]) h.release();
    this.server.closeAllConnections();
    return new Promise((r) => this.server.close(() => r()));
  }
}

function safeJson(body: string): any {
  try {
    return body ? JSON.parse(body) : undefined;
  } catch {
    return undefined;
  }
}

/** Lets the engine run for a moment: used only to show that something does NOT happen while a request is held. */
export const settle = (ms = 400) => new Promise((r) => setTimeout(r, ms));
