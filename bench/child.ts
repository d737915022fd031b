// The RSS measurement runs in a fresh `node dist/src/main.js`, as an operator would run outhook: the
// benchmark process itself has allocated far more than a server ever holds.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export interface Child {
  process: ChildProcess;
  /** http://127.0.0.1:<the port it printed> */
  url: string;
  /** Throws, with the end of its output, once the process has exited unasked. */
  assertRunning(): void;
  rss(): number;
  stop(): Promise<void>;
}

export function rssOf(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb * 1024;
}

/** Starts a CPU clock of a process (all its threads, user + system, from /proc): it reads the ms used since. */
export function cpuClock(pid: number): () => number {
  const started = cpuMsOf(pid);
  return () => cpuMsOf(pid) - started;
}

function cpuMsOf(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
}

/** USER_HZ: 100 on every Linux this runs on (sysconf is out of reach from Node). */
const CLOCK_TICKS_PER_SECOND = 100;

export async function startOuthook(env: NodeJS.ProcessEnv): Promise<Child> {
  const main = path.resolve(__dirname, "../src/main.js");
  // BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server (and its threads) as the bench drives it.
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? "").split(/\s+/).filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, main], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PORT: "0",
      HOST: "127.0.0.1",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let started = false;
  let port = 0;
  let stopping = false;
  const keep = (d: Buffer) => {
    out += d;
    if (started && out.length > 8192) out = out.slice(-4096); // after start-up only the tail, for a crash report
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`outhook did not start:\n${out}`)), 60_000);
    child.stdout!.on("data", () => {
      const match = /listening on port (\d+)/.exec(out);
      if (started || !match) return;
      started = true;
      port = Number(match[1]);
      clearTimeout(timer);
      resolve();
    });
    child.on("exit", (code) => reject(new Error(`outhook exited (${code}):\n${out}`)));
  });
  return {
    process: child,
    url: `http://127.0.0.1:${port}`,
    assertRunning() {
      if (!stopping && (child.exitCode !== null || child.signalCode !== null)) {
        throw new Error(`outhook exited (${child.exitCode ?? child.signalCode}); its last output:\n${out.slice(-4096)}`);
      }
    },
    rss: () => rssOf(child.pid!),
    stop: () =>
      new Promise<void>((resolve) => {
        stopping = true;
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
