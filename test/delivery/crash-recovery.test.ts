import Database from "better-sqlite3";
import { Client } from "pg";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createIntegration, createWebhook, openAlertGroup, postAlert, uniqueWebhookAlert } from "../helpers/alert-groups";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { eventually } from "../helpers/fixtures";
import { Receiver } from "../helpers/receiver";
import { startChild, type ChildServer } from "./child-server";
import { GateReceiver, settle } from "./gate-receiver";

// delivery.md §14.2 (adopted): nothing is lost. A real process is killed with SIGKILL while requests are in
// flight; after a restart on the same SQLite file every delivery arrives, and the only duplicates are the
// attempts that were in flight, carrying the same webhook-id.
jest.setTimeout(300_000);

describe("crash recovery", () => {
  let dir: string;
  let receiver: Receiver;
  let child: ChildServer | undefined;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "outhook-crash-"));
    receiver = await Receiver.start();
  });
  afterAll(async () => {
    await child?.kill();
    await receiver.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("resumes every unfinished delivery after kill -9", async () => {
    const env = { DATABASE_URL: `sqlite:${path.join(dir, "outhook.sqlite")}`, DELIVERY_CONCURRENCY: "3", WEBHOOK_RETRY_SCHEDULE: "1,1,1" };
    child = await startChild(env);
    const integration = await createIntegration(child.client, { type: "webhook" });
    const hooks: string[] = [];
    for (let i = 0; i < 4; i++) {
      const hook = await createWebhook(child.client, { trigger_type: "alert group created", url: `${receiver.url}/h${i}` });
      await child.client.gql(`mutation($id: ID!) { rotateWebhookSigningSecret(id: $id) }`, { id: hook.id });
      hooks.push(hook.id);
    }
    receiver.always({ status: 200, body: { ok: true }, delayMs: 3000 });
    const groups: string[] = [];
    for (let i = 0; i < 3; i++) groups.push((await openAlertGroup(child.client, integration, uniqueWebhookAlert())).id);

    await receiver.waitFor(3, 20_000); // three requests in flight, the rest queued
    const beforeKill = new Set(receiver.requests.map((r) => String(r.headers["webhook-id"])));
    await child.kill("SIGKILL");

    receiver.always({ status: 200, body: { ok: true } });
    child = await startChild(env);
    const deliveryIds = await eventually(async () => {
      const ids: string[] = [];
      for (const hook of hooks) {
        const res = await child!.client.gql(`query($w: ID!) { deliveries(filter: { webhookId: $w }, first: 100) { nodes { id status } } }`, { w: hook });
        const nodes = res.data.deliveries.nodes as { id: string; status: string }[];
        if (nodes.some((n) => n.status !== "SUCCEEDED")) return null;
        ids.push(...nodes.map((n) => n.id));
      }
      return ids;
    }, 60_000, 250);

    expect(deliveryIds).toHaveLength(hooks.length * groups.length);
    const counts = new Map<string, number>();
    for (const r of receiver.requests) {
      const id = String(r.headers["webhook-id"]);
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    expect(new Set(counts.keys())).toEqual(new Set(deliveryIds)); // every delivery arrived, nothing else did
    for (const [id, n] of counts) {
      if (n > 1) {
        expect(beforeKill.has(id)).toBe(true); // only an attempt that was in flight is repeated
        expect(n).toBe(2);
      }
    }
  });

  // The crash window: an attempt answered but not yet durably recorded is sent again after a kill -9. Records are
  // committed as soon as the engine is free (no coalescing timer), so a kill repeats the attempts in flight at the
  // receiver and few more; and at most 2 × DELIVERY_CONCURRENCY attempts are ever sent and unrecorded, so even a
  // kill while the database stalls repeats no more. The bounds are in units of concurrency, not time: a loaded
  // machine slows sending and recording alike.
  it("a kill -9 repeats the attempts in flight and few more; while the database stalls, at most 2 × concurrency", async () => {
    const concurrency = 8;
    const db = await createTestDatabase(); // a SQLite file, or PostgreSQL when the suite runs there
    const env = { DATABASE_URL: db.url, DELIVERY_CONCURRENCY: String(concurrency), WEBHOOK_RETRY_SCHEDULE: "1,1,1" };
    const gate = await GateReceiver.start();
    const idOf = (r: { headers: Record<string, unknown> }) => String(r.headers["webhook-id"]);
    await child?.kill(); // the previous test's server
    try {
      gate.answerAfter(10);
      child = await startChild(env);
      const integration = await createIntegration(child.client, { type: "webhook" });
      const hooks: string[] = [];
      for (let i = 0; i < 16; i++) {
        const hook = await createWebhook(child.client, { trigger_type: "alert group created", url: `${gate.url}/w${i}`, integration_filter: [integration.id] });
        await child.client.gql(`mutation($id: ID!) { rotateWebhookSigningSecret(id: $id) }`, { id: hook.id });
        hooks.push(hook.id);
      }
      for (let i = 0; i < 40; i++) await postAlert(child.client, integration, uniqueWebhookAlert()); // 640 deliveries

      const kills: { inFlight: number; from: number; to: number }[] = [];
      const killChild = async () => {
        gate.freeze(); // what is unanswered now stays in flight
        await child!.kill("SIGKILL");
        const from = kills.at(-1)?.to ?? 0;
        kills.push({ inFlight: gate.inFlight, from, to: gate.received.length });
      };
      const restart = async () => {
        gate.thaw();
        child = await startChild(env);
      };
      for (let k = 0; k < 3; k++) {
        await gate.waitFor(gate.received.length + 60, 60_000); // delivering at full speed
        await killChild();
        await restart();
      }
      await gate.waitFor(gate.received.length + 60, 60_000);
      const resume = await stallRecords(db);
      await settle(1_500); // answered attempts pile up only if sending goes on while nothing can be recorded
      await killChild();
      await resume();
      await restart();

      await eventually(async () => {
        for (const hook of hooks) {
          const res = await child!.client.gql(`query($w: ID!) { deliveries(filter: { webhookId: $w }, first: 100) { nodes { status } } }`, { w: hook });
          const nodes = res.data.deliveries.nodes as { status: string }[];
          if (nodes.length < 40 || nodes.some((n) => n.status !== "SUCCEEDED")) return false;
        }
        return true;
      }, 120_000, 500);

      expect(new Set(gate.received.map(idOf)).size).toBe(640); // nothing lost
      // A kill's repeats: deliveries received before it (since the previous kill) and received again later.
      const repeats = kills.map(({ from, to }) => {
        const before = new Set(gate.received.slice(from, to).map(idOf));
        return new Set(gate.received.slice(to).map(idOf).filter((id) => before.has(id))).size;
      });
      for (const [k, { inFlight }] of kills.entries()) {
        expect(repeats[k]).toBeGreaterThanOrEqual(inFlight); // what was in flight is always sent again
        expect(repeats[k]).toBeLessThanOrEqual(2 * concurrency);
      }
      const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
      const normal = kills.slice(0, 3);
      expect(sum(repeats.slice(0, 3))).toBeLessThanOrEqual(sum(normal.map((k) => k.inFlight)) + normal.length * concurrency);
    } finally {
      await child?.kill();
      child = undefined;
      await gate.close();
      await db.drop();
    }
  });
});

/** Holds the database so that no record can be committed (SQLite: the write lock; PostgreSQL: the records table). */
async function stallRecords(db: TestDatabase): Promise<() => Promise<void>> {
  if (db.kind === "postgres") {
    const client = new Client({ connectionString: db.url });
    await client.connect();
    await client.query("BEGIN");
    await client.query("LOCK TABLE webhook_response IN EXCLUSIVE MODE");
    return async () => {
      await client.query("ROLLBACK");
      await client.end();
    };
  }
  const sqlite = new Database(db.url.slice("sqlite:".length), { timeout: 10_000 });
  sqlite.exec("BEGIN IMMEDIATE");
  return async () => {
    sqlite.exec("ROLLBACK");
    sqlite.close();
  };
}
