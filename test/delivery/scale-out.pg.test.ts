import { Client } from "pg";
import { alertGroupAction, createIntegration, createWebhook, openAlertGroup, uniqueWebhookAlert } from "../helpers/alert-groups";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { eventually } from "../helpers/fixtures";
import { Receiver } from "../helpers/receiver";
import { startChild, type ChildServer } from "./child-server";

// Two outhook processes on one PostgreSQL database share the outbox: FOR UPDATE SKIP LOCKED claims make
// every delivery go out exactly once, whichever instance took it.
const enabled = Boolean(process.env.TEST_DATABASE_URL);
if (!enabled) process.stdout.write("skipped: TEST_DATABASE_URL not set\n");
const describeIfPg = enabled ? describe : describe.skip;

jest.setTimeout(180_000);

describeIfPg("scale-out on PostgreSQL", () => {
  let db: TestDatabase;
  let receiver: Receiver;
  const children: ChildServer[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    receiver = (await Receiver.start()).always({ status: 200, body: { ok: true }, delayMs: 150 });
  });
  afterAll(async () => {
    for (const c of children) await c.kill("SIGTERM");
    await receiver.close();
    await db.drop();
  });

  it("delivers each event exactly once between two instances", async () => {
    const env = { DATABASE_URL: db.url, DELIVERY_CONCURRENCY: "4", WEBHOOK_RETRY_SCHEDULE: "1,1" };
    children.push(await startChild(env)); // the first applies the migrations
    children.push(await startChild(env));
    const [a, b] = children.map((c) => c.client);

    const integration = await createIntegration(a, { type: "webhook" });
    const hooks: string[] = [];
    for (let i = 0; i < 4; i++) {
      hooks.push((await createWebhook(a, { trigger_type: "alert group created", url: `${receiver.url}/created${i}` })).id);
    }
    hooks.push((await createWebhook(a, { trigger_type: "status change", url: `${receiver.url}/sc` })).id);
    for (const id of hooks) await a.gql(`mutation($id: ID!) { rotateWebhookSigningSecret(id: $id) }`, { id });

    const claimers = new Set<string>();
    const watcher = new Client({ connectionString: db.url });
    await watcher.connect();
    let watching = true;
    const watch = (async () => {
      while (watching) {
        const { rows } = await watcher.query("SELECT DISTINCT claimed_by FROM delivery WHERE status = 'in_flight'");
        for (const r of rows) claimers.add(r.claimed_by);
        await new Promise((r) => setTimeout(r, 25));
      }
    })();

    // Events arrive through both instances, so each wakes its own engine; the other one polls.
    const groups: string[] = [];
    for (let i = 0; i < 12; i++) {
      const via = i % 2 === 0 ? a : b;
      const group = await openAlertGroup(via, integration, uniqueWebhookAlert());
      await alertGroupAction(via, group.id, "acknowledge");
      await alertGroupAction(i % 2 === 0 ? b : a, group.id, "resolve");
      groups.push(group.id);
    }
    const expected = groups.length * (4 + 2); // 4 created webhooks + acknowledge and resolve on the status-change one
    await eventually(async () => {
      const { rows } = await watcher.query("SELECT COUNT(*)::int AS n FROM delivery WHERE status = 'succeeded'");
      return rows[0].n === expected;
    }, 90_000, 200);
    watching = false;
    await watch;
    await watcher.end();

    const ids = receiver.requests.map((r) => String(r.headers["webhook-id"]));
    expect(ids).toHaveLength(expected);
    expect(new Set(ids).size).toBe(expected); // exactly once
    expect(claimers.size).toBe(2); // both instances did part of the work
    const order = receiver.requests.filter((r) => r.path === "/sc").map((r) => `${r.json.alert_group.id}:${r.json.event.type}`);
    for (const g of groups) expect(order.filter((o) => o.startsWith(g))).toEqual([`${g}:acknowledge`, `${g}:resolve`]);
  });
});
