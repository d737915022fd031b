// The bench's side of the receiver process (receiver-process.ts): start, reset, read its counts.
import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";
import type { ReceiverCommand } from "./receiver-process";

export interface ReceiverStats {
  count: number;
  /** monoMs of the first and last request since the last reset (0 when none). */
  first: number;
  last: number;
}

export class Receiver {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly child: ChildProcess,
    readonly url: string,
  ) {}

  static async start(): Promise<Receiver> {
    const child = fork(path.join(__dirname, "receiver-process.js"), [], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
    const port = await new Promise<number>((resolve, reject) => {
      child.once("message", (m: { port: number }) => resolve(m.port));
      child.once("exit", (code) => reject(new Error(`receiver exited (${code})`)));
    });
    return new Receiver(child, `http://127.0.0.1:${port}`);
  }

  /** One question at a time over the channel, so answers cannot cross. */
  private ask<T>(command: ReceiverCommand): Promise<T> {
    const next = this.queue.then(
      () =>
        new Promise<T>((resolve) => {
          this.child.once("message", (m: T) => resolve(m));
          this.child.send(command);
        }),
    );
    this.queue = next.catch(() => undefined);
    return next;
  }

  reset(markers = false): Promise<unknown> {
    return this.ask({ op: "reset", markers });
  }
  stats(): Promise<ReceiverStats> {
    return this.ask({ op: "stats" });
  }
  /** [marker, monoMs] per request since the last reset(true). */
  async arrivals(): Promise<[string, number][]> {
    return (await this.ask<{ arrivals: [string, number][] }>({ op: "arrivals" })).arrivals;
  }
  pid(): number {
    return this.child.pid!;
  }
  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once("exit", resolve));
    this.child.send({ op: "close" });
    await exited;
  }
}
