// A local keep-alive HTTP sink on its own thread, so it does not compete with the engine's event loop.
// It answers 200 at once and keeps, per request, the arrival time and the alert group id of the payload.
import { Worker } from "node:worker_threads";

const SINK_CODE = `
const http = require("node:http");
const { parentPort } = require("node:worker_threads");
const { performance } = require("node:perf_hooks");
const OK = '{"ok":true}';
let count = 0;
let arrivals = [];
let track = false;
const server = http.createServer({ keepAliveTimeout: 60000 }, (req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    count++;
    if (track) {
      const at = performance.timeOrigin + performance.now();
      const body = Buffer.concat(chunks).toString("utf8");
      const m = /"alert_group_id": "([A-Z0-9]+)"/.exec(body);
      arrivals.push([m ? m[1] : "", at]);
    }
    res.writeHead(200, { "content-type": "application/json", "content-length": String(OK.length) }).end(OK);
  });
});
server.keepAliveTimeout = 60000;
server.listen(0, "127.0.0.1", () => parentPort.postMessage({ port: server.address().port }));
parentPort.on("message", (m) => {
  if (m === "reset") { count = 0; arrivals = []; parentPort.postMessage({ ok: true }); }
  if (m === "track") { track = true; parentPort.postMessage({ ok: true }); }
  if (m === "untrack") { track = false; parentPort.postMessage({ ok: true }); }
  if (m === "stats") parentPort.postMessage({ count, arrivals });
  if (m === "close") server.close(() => parentPort.postMessage({ closed: true }));
});
`;

export class Sink {
  private constructor(
    private readonly worker: Worker,
    readonly port: number,
  ) {}

  static async start(): Promise<Sink> {
    const worker = new Worker(SINK_CODE, { eval: true });
    const port = await new Promise<number>((resolve) => worker.once("message", (m) => resolve(m.port)));
    return new Sink(worker, port);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  private ask<T>(message: string): Promise<T> {
    return new Promise((resolve) => {
      this.worker.once("message", resolve);
      this.worker.postMessage(message);
    });
  }

  reset(): Promise<unknown> {
    return this.ask("reset");
  }
  /** Record arrival times and alert group ids (latency runs). */
  track(on: boolean): Promise<unknown> {
    return this.ask(on ? "track" : "untrack");
  }
  stats(): Promise<{ count: number; arrivals: [string, number][] }> {
    return this.ask("stats");
  }
  async close(): Promise<void> {
    await this.ask("close");
    await this.worker.terminate();
  }
}
