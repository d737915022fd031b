import type { Client } from "graphql-ws";
import { Client as PgClient } from "pg";
import { eventually } from "../helpers/fixtures";
import { createIntegration, createWebhook, openAlertGroup } from "../helpers/alert-groups";
import { DELIVERY_EVENTS, feedHasSubscribers, liveClient, subscribe } from "../helpers/live";
import { Receiver } from "../helpers/receiver";
import { ADMIN_TOKEN, startTestServer, type TestServer } from "../helpers/server";

// Two instances on one PostgreSQL database: a subscriber on either hears every attempt exactly once, whichever
// instance made it (NOTIFY in the recording transaction, one LISTEN connection per instance).
const enabled = Boolean(process.env.TEST_DATABASE_URL);
if (!enabled) process.stdout.write("skipped: TEST_DATABASE_URL not set\n");
const describeIfPg = enabled ? describe : describe.skip;

jest.setTimeout(60_000);

describeIfPg("deliveryEvents across instances", () => {
  let a: TestServer;
  let b: TestServer;
  let receiver: Receiver;
  const clients: Client[] = [];

  beforeAll(async () => {
    a = await startTestServer();
    b = await startTestServer({}, a.db);
    receiver = await Receiver.start();
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.dispose();
    await feedHasSubscribers(a, 0);
    await feedHasSubscribers(b, 0);
  });
  afterAll(async () => {
    await b.stop();
    await a.close();
    await receiver.close();
  });

  it("a subscriber on A receives, once, the attempts B made", async () => {
    await a.server.engine.stop(); // only B claims from now on
    const integration = await createIntegration(a);
    const group = await openAlertGroup(a, integration);
    const hook = await createWebhook(a, { url: `${receiver.url}/hook` });
    const onA = liveClient(a.url, { Authorization: ADMIN_TOKEN });
    const onB = liveClient(b.url, { Authorization: ADMIN_TOKEN });
    clients.push(onA, onB);
    const heardByA = subscribe(onA, DELIVERY_EVENTS).received;
    const heardByB = subscribe(onB, DELIVERY_EVENTS).received;
    await feedHasSubscribers(a, 1);
    await feedHasSubscribers(b, 1);

    const trigger = async () => {
      const res = await a.gql(`mutation($w: ID!, $g: ID) { triggerWebhook(webhookId: $w, alertGroupId: $g) { id } }`, { w: hook.id, g: group.id });
      return res.data.triggerWebhook.id as string;
    };
    const first = await trigger();
    await heardByA.waitForEvents(1);
    // A second attempt behind the first: events go out in commit order, so a repeat of the first would be here by now.
    const second = await trigger();
    await heardByA.waitForEvents(2);
    await heardByB.waitForEvents(2);
    expect(heardByA.events.map((e) => [e.delivery.id, e.outcome, e.attempt.statusCode])).toEqual([
      [first, "SUCCEEDED", 200],
      [second, "SUCCEEDED", 200],
    ]);
    expect(heardByB.events.map((e) => e.delivery.id)).toEqual([first, second]);
    expect(receiver.requests).toHaveLength(2);
  });

  it("hears again after its LISTEN connection was cut", async () => {
    const admin = new PgClient({ connectionString: a.db.url });
    await admin.connect();
    const listeners = async () =>
      (await admin.query(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN %'`)).rows.map((r) => r.pid as number);
    const before = await listeners();
    expect(before).toHaveLength(2); // one per instance
    await admin.query("SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid", [before]);
    await eventually(async () => {
      const now = await listeners();
      return now.length === 2 && now.every((pid) => !before.includes(pid));
    }, 20_000, 100);
    await admin.end();

    const integration = await createIntegration(b);
    const group = await openAlertGroup(b, integration);
    const hook = await createWebhook(b, { url: `${receiver.url}/again` });
    const onA = liveClient(a.url, { Authorization: ADMIN_TOKEN });
    clients.push(onA);
    const heard = subscribe(onA, DELIVERY_EVENTS, { webhookId: hook.id }).received;
    await feedHasSubscribers(a, 1);
    const res = await b.gql(`mutation($w: ID!, $g: ID) { triggerWebhook(webhookId: $w, alertGroupId: $g) { id } }`, { w: hook.id, g: group.id });
    const [event] = await heard.waitForEvents(1);
    expect(event.delivery.id).toBe(res.data.triggerWebhook.id);
  });
});
