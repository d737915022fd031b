import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";

/** The first of `paths` that exists: Debian installs the real clients under these names. */
export function installedProgram(...paths: string[]): string | null {
  return paths.find((p) => fs.existsSync(p)) ?? null;
}

export interface ExternalProgram {
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/** Runs a real program (Alertmanager, Prometheus) with its output kept for failure messages. */
export function runProgram(path: string, args: string[]): ExternalProgram {
  const child = spawn(path, args, { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    child,
    output: () => out,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}
