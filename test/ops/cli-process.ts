import { spawn } from "node:child_process";
import path from "node:path";
import { buildOnce } from "../delivery/build";
import { REPO_ROOT } from "../helpers/process";

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npx outhook …` as a real process: bin/outhook.js on the built dist/, with only the given environment. */
export async function outhook(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  await buildOnce();
  const child = spawn(process.execPath, [path.join(REPO_ROOT, "bin/outhook.js"), ...args], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, SECRET_KEY: "test-secret-key", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  const code = await new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
  return { code, stdout, stderr };
}
