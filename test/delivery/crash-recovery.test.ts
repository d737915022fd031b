import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createIntegration, createWebhook, openAlertGroup, uniqueWebhookAlert } from "../helpers/alert-groups";
import { eventually } from "../helpers/fixtures";
import { Receiver } from "../helpers/receiver";
import { startChild, type ChildServer } from "./child-server";

// delivery.md §14.2 (adopted): nothing is lost. A real process is killed with SIGKILL while requests are in
// flight; after a restart on the same SQLite file every delivery arrives, and the only duplicates are the
// attempts that were in flight, carrying the same webhook-id.
jest.setTimeout(180_000);

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
});
