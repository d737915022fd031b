// What an event's records have in common (all of event_data but `webhook`) is stored once per distinct text
// (src/attempts/shared-event-data.ts), yet every record shows exactly the event_data that was sent: a forward_all
// body is that payload, byte for byte.
import { alertGroupAction, createIntegration, createWebhook, deliveriesOf, openAlertGroup, responsesOf, uniqueWebhookAlert } from "../helpers/alert-groups";
import { readFixture } from "../helpers/fixtures";
import { Receiver } from "../helpers/receiver";
import { startTestServer, type TestServer } from "../helpers/server";
import { allDeliveriesSettled } from "./helpers";

const WEBHOOKS = 4;

let t: TestServer;
let receiver: Receiver;
const count = async (sql: string) => Number((await t.server.dataSource.query(sql))[0].n);

beforeAll(async () => {
  t = await startTestServer({ WEBHOOK_RETRY_SCHEDULE: "" });
  // Each answer is ~600 bytes, so the responses an acknowledge sends carry a few kilobytes: shared, not inline.
  receiver = await Receiver.start();
  receiver.always({ status: 200, body: { ok: true, note: "é ".repeat(100), detail: "x".repeat(300) } });
});
afterAll(async () => {
  await t.close();
  await receiver.close();
});

test("records of an event whose responses are shared show exactly the payload that was sent", async () => {
  const integration = await createIntegration(t, { type: "webhook" });
  for (let i = 0; i < WEBHOOKS; i++) await createWebhook(t, { trigger_type: "alert group created", url: `${receiver.url}/created` });
  const acknowledged = [];
  for (let i = 0; i < WEBHOOKS; i++) acknowledged.push(await createWebhook(t, { trigger_type: "acknowledge", url: `${receiver.url}/ack/${i}` }));
  const group = await openAlertGroup(t, integration, uniqueWebhookAlert());
  await allDeliveriesSettled(t);
  await alertGroupAction(t, group.id, "acknowledge");
  await allDeliveriesSettled(t);

  for (const [i, hook] of acknowledged.entries()) {
    const sent = receiver.requests.find((r) => r.path === `/ack/${i}`)!.body;
    expect(sent).toContain('"responses": {');
    const [record] = await responsesOf(t, hook.id);
    expect(record.event_data).toBe(sent);
    const { data } = await t.gql(`{ webhookResponses(id: "${hook.id}", first: 5) { nodes { eventData } } }`);
    expect(data.webhookResponses.nodes[0].eventData).toBe(sent);
    const attempts = await t.gql(`{ webhook(id: "${hook.id}") { lastAttempt { eventData } } }`);
    expect(attempts.data.webhook.lastAttempt.eventData).toBe(sent);
  }
  // Stored once: the acknowledge records hold only their `webhook`, the snapshot table the rest, responses included.
  const shared = `SELECT COUNT(*) AS n FROM webhook_response WHERE responses_hash IN (SELECT hash FROM responses_snapshot WHERE text LIKE '%"responses": {%')`;
  expect(await count(shared)).toBe(WEBHOOKS);
  expect(await count(`SELECT COUNT(*) AS n FROM webhook_response WHERE event_data LIKE '%"responses"%'`)).toBe(0);
});

test("an Alertmanager alert's records each keep only their webhook; the alert is stored once for them all", async () => {
  const integration = await createIntegration(t, { type: "alertmanager" });
  const hooks = [];
  for (let i = 0; i < WEBHOOKS; i++) hooks.push(await createWebhook(t, { trigger_type: "alert group created", url: `${receiver.url}/am/${i}` }));
  const snapshotsBefore = await count("SELECT COUNT(*) AS n FROM responses_snapshot");
  await openAlertGroup(t, integration, readFixture("inbound/alertmanager_firing.json"));
  await allDeliveriesSettled(t);

  for (const [i, hook] of hooks.entries()) {
    const sent = receiver.requests.find((r) => r.path === `/am/${i}`)!.body;
    expect(sent).toContain('"alert_payload": {"alerts": [');
    expect(sent).toContain(`"webhook": {"id": "${hook.id}"`);
    const [record] = await responsesOf(t, hook.id);
    expect(record.event_data).toBe(sent);
    const [delivery] = await deliveriesOf(t, hook.id);
    expect(delivery.attempts[0].eventData).toBe(sent);
    const stored = (await t.server.dataSource.query(
      `SELECT r.event_data AS own, r.responses_at AS at FROM webhook_response r JOIN webhook w ON w.id = r.webhook_id WHERE w.public_id = '${hook.id}'`,
    ))[0];
    expect(stored.own).toBe(`, "webhook": {"id": "${hook.id}", "name": "${hook.name}", "labels": {}}}`);
    expect(Number(stored.at)).toBe(0);
  }
  expect(await count("SELECT COUNT(*) AS n FROM responses_snapshot")).toBe(snapshotsBefore + 1);
});
