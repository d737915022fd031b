// The alert senders: 4 keep-alive connections (one http.Agent), as cheap as node:http allows so that load
// generation does not take the CPU the server needs. Every answer other than 200 fails the bench.
import http from "node:http";
import { monoMs, sleep } from "./clock";

export const CLIENTS = 4;

export interface Posted {
  /** monoMs when the request was sent and when its answer was complete. */
  sent: number;
  returned: number;
}

export class AlertClients {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
  private readonly host: string;
  private readonly port: number;

  constructor(baseUrl: string) {
    const url = new URL(baseUrl);
    this.host = url.hostname;
    this.port = Number(url.port);
  }

  /**
   * A connection idle past the server's keep-alive timeout (5 s, Node's default; the storm's reference round can
   * last that long) may be closed just as a request goes out on it: that request was never read, and is sent again
   * on a new connection, as Node's documentation advises (`reusedSocket`) and HTTP clients such as Go's do.
   */
  post(path: string, body: string): Promise<Posted> {
    const sent = monoMs();
    return this.send(path, body).catch((error: NodeJS.ErrnoException & { reusedSocket?: boolean }) => {
      if (!error.reusedSocket || error.code !== "ECONNRESET") throw error;
      return this.send(path, body);
    }).then((returned) => ({ sent, returned }));
  }

  /** One POST; resolves with monoMs when its answer was complete. */
  private send(path: string, body: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const req = http.request(
        { agent: this.agent, host: this.host, port: this.port, path, method: "POST",
          headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            if (res.statusCode !== 200) return reject(new Error(`POST ${path}: ${res.statusCode} ${Buffer.concat(chunks)}`));
            resolve(monoMs());
          });
        },
      );
      req.on("error", (error) => reject(Object.assign(error, { reusedSocket: req.reusedSocket })));
      req.end(body);
    });
  }

  /** `bodies` posted by CLIENTS loops, each waiting for its answer before the next (a closed loop). */
  async closedLoop(path: string, bodies: string[]): Promise<Posted[]> {
    const posted: Posted[] = new Array(bodies.length);
    let next = 0;
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (next < bodies.length) {
          const i = next++;
          posted[i] = await this.post(path, bodies[i]);
        }
      }),
    );
    return posted;
  }

  /** `bodies` posted at a steady `perSecond` whatever the answers take (an open loop); at most CLIENTS in flight. */
  async openLoop(path: string, bodies: string[], perSecond: number): Promise<Posted[]> {
    const start = monoMs();
    const pending: Promise<Posted>[] = [];
    for (let i = 0; i < bodies.length; i++) {
      const wait = start + (i * 1000) / perSecond - monoMs();
      if (wait > 1) await sleep(wait);
      pending.push(this.post(path, bodies[i]));
    }
    return Promise.all(pending);
  }

  close(): void {
    this.agent.destroy();
  }
}
