// Starts the inbound reference (reference-app-process.ts) on a fresh SQLite file.
import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";

export interface ReferenceApp {
  /** The inbound link's path shape, so the same clients post the same way. */
  url: string;
  inboundPath: string;
  pid: number;
  close(): Promise<void>;
}

export async function startReferenceApp(dbFile: string): Promise<ReferenceApp> {
  const child: ChildProcess = fork(path.join(__dirname, "reference-app-process.js"), [dbFile], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once("message", (m: { port: number }) => resolve(m.port));
    child.once("exit", (code) => reject(new Error(`reference app exited (${code})`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    inboundPath: "/integrations/v1/alertmanager/reference0123456789abcdef/",
    pid: child.pid!,
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.send("close");
      await exited;
    },
  };
}
