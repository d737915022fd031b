import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

export const REPO_ROOT = path.resolve(__dirname, "../..");

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  url: string;
  output(): string;
  /** Resolves with the exit code (or signal name). */
  exited: Promise<number | string>;
}

/** `npm start` as a real process (scripts/start.js builds if needed); resolves once the port is printed. */
export function spawnServer(env: NodeJS.ProcessEnv, script = "scripts/start.js", timeoutMs = 60_000): Promise<ServerProcess> {
  const child = spawn(process.execPath, [path.join(REPO_ROOT, script)], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: "0", HOST: "127.0.0.1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const exited = new Promise<number | string>((resolve) => child.on("exit", (code, signal) => resolve(code ?? signal ?? -1)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), timeoutMs);
    const onData = () => {
      const match = /listening on port (\d+)/.exec(out);
      if (!match) return;
      clearTimeout(timer);
      child.stdout!.off("data", onData);
      const port = Number(match[1]);
      resolve({ child, port, url: `http://127.0.0.1:${port}`, output: () => out, exited });
    };
    child.stdout!.on("data", onData);
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out}`));
    });
  });
}
