import http from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** Parsed JSON body, or undefined. */
  json: any;
  at: number;
}

export interface ScriptedResponse {
  status?: number;
  body?: string | object;
  headers?: Record<string, string>;
  /** Delay before answering, ms. */
  delayMs?: number;
}

/** A real HTTP receiver on 127.0.0.1 that records every request and answers from a script (default 200 {"ok":true}). */
export class Receiver {
  readonly requests: ReceivedRequest[] = [];
  private readonly script: ScriptedResponse[] = [];
  private fallback: ScriptedResponse = { status: 200, body: { ok: true } };
  private waiters: { count: number; resolve: () => void }[] = [];
  private server = http.createServer((req, res) => this.handle(req, res));

  static async start(): Promise<Receiver> {
    const r = new Receiver();
    await new Promise<void>((resolve) => r.server.listen(0, "127.0.0.1", resolve));
    return r;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Answer the next requests with these, in order; afterwards with `always` (or 200). */
  respondWith(...responses: ScriptedResponse[]): this {
    this.script.push(...responses);
    return this;
  }

  always(response: ScriptedResponse): this {
    this.fallback = response;
    return this;
  }

  /** Resolves once `count` requests in total have arrived (rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs = 10_000): Promise<ReceivedRequest[]> {
    if (this.requests.length >= count) return Promise.resolve(this.requests);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`receiver got ${this.requests.length} of ${count} requests`)), timeoutMs);
      this.waiters.push({ count, resolve: () => (clearTimeout(timer), resolve(this.requests)) });
    });
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      let json: any;
      try {
        json = body ? JSON.parse(body) : undefined;
      } catch {
        json = undefined;
      }
      this.requests.push({ method: req.method!, path: req.url!, headers: req.headers, body, json, at: Date.now() });
      this.waiters = this.waiters.filter((w) => (this.requests.length >= w.count ? (w.resolve(), false) : true));
      const answer = this.script.shift() ?? this.fallback;
      const send = () => {
        const payload = typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body ?? "");
        const headers = { "content-type": typeof answer.body === "string" ? "text/plain" : "application/json", ...answer.headers };
        res.writeHead(answer.status ?? 200, headers).end(payload);
      };
      // Unref'd: a slow answer still pending when the test closes the receiver must not keep the test process alive.
      if (answer.delayMs) setTimeout(send, answer.delayMs).unref();
      else send();
    });
  }
}
