// outhook as a user runs it: `node dist/src/main.js` on a fresh SQLite file, set up through its REST API.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import axios, { type AxiosInstance } from "axios";
import { startOuthook, type Child } from "../child";
import { until } from "./clock";
import { createBenchDatabase, type BenchDatabase } from "./database";
import type { Receiver } from "./receiver";

const TOKEN = "bench-e2e-token-0123456789abcdef";

export interface Outhook {
  child: Child;
  url: string;
  db: BenchDatabase;
  api: AxiosInstance;
  close(): Promise<void>;
}

export function scratchDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "outhook-e2e-"));
}

export async function startE2eOuthook(dir: string, env: NodeJS.ProcessEnv = {}): Promise<Outhook> {
  const db = await createBenchDatabase(dir);
  const child = await startOuthook({
    DATABASE_URL: db.url,
    ...(db.kind === "postgres" ? { SECRET_KEY: "bench-secret-key" } : {}), // required there; SQLite makes its own
    PORT: "0",
    BOOTSTRAP_API_TOKEN: TOKEN,
    DANGEROUS_WEBHOOKS_ENABLED: "true",
    LOG_LEVEL: "warn",
    ...env,
  });
  const api = axios.create({ baseURL: child.url, headers: { Authorization: TOKEN }, validateStatus: () => true });
  return {
    child, url: child.url, db, api,
    async close() {
      await child.stop();
      await db.drop();
    },
  };
}

function check<T>(what: string, res: { status: number; data: T }, expected: number): T {
  if (res.status !== expected) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.data)}`);
  return res.data;
}

/** An Alertmanager integration; returns the path of its inbound link. */
export async function createAlertmanagerIntegration(outhook: Outhook): Promise<string> {
  const created = check("create integration", await outhook.api.post("/api/v1/integrations/", { type: "alertmanager" }), 201) as { link: string };
  return new URL(created.link).pathname;
}

/** `n` webhooks on `alert group created` posting `data` to `url`, created 4 at a time; their public ids. */
export async function createWebhooks(outhook: Outhook, n: number, url: string, data: string): Promise<string[]> {
  const ids: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(4, n) }, async () => {
      while (next < n) {
        const name = `bench ${++next}`;
        const body = { name, url, http_method: "POST", trigger_type: "alert group created", data, forward_all: false };
        ids.push((check("create webhook", await outhook.api.post("/api/v1/webhooks/", body), 201) as { id: string }).id);
      }
    }),
  );
  return ids;
}

/** Deletes the webhooks (soft delete), so a later phase on the same server starts from its own. */
export async function deleteWebhooks(outhook: Outhook, ids: string[]): Promise<void> {
  for (const id of ids) check("delete webhook", await outhook.api.delete(`/api/v1/webhooks/${id}/`), 204);
}

/** Waits until the receiver has counted `n` requests since its reset; fails at once if outhook has died. */
export async function waitForRequests(outhook: Outhook, receiver: Receiver, n: number, what: string, everyMs = 20): Promise<void> {
  await until(what, async () => {
    outhook.child.assertRunning();
    return (await receiver.stats()).count >= n;
  }, everyMs);
}
