import { createIntegration, createWebhook, openAlertGroup, uniqueWebhookAlert } from "../helpers/alert-groups";
import { Receiver } from "../helpers/receiver";
import { startTestServer, type TestServer } from "../helpers/server";
import { finishedDelivery, triggerManually } from "../delivery/helpers";

// Each attempt's duration is measured by the HTTP sender and stored with its record; dashboards read it as
// DeliveryAttempt.durationMs, Webhook.lastAttempt and deliveryStats latency.
let t: TestServer;
let receiver: Receiver;
let groupId: string;
const DELAY_MS = 300;

beforeAll(async () => {
  t = await startTestServer({ WEBHOOK_RETRY_SCHEDULE: "" });
  receiver = await Receiver.start();
  receiver.always({ status: 200, body: { ok: true }, delayMs: DELAY_MS });
  groupId = (await openAlertGroup(t, await createIntegration(t, { type: "webhook" }), uniqueWebhookAlert())).id;
});
afterAll(async () => {
  await t.close();
  await receiver.close();
});

it("a delivered attempt records how long the receiver took; REST's /responses shape is unchanged", async () => {
  const hook = await createWebhook(t, { url: `${receiver.url}/slow` });
  const none = await t.gql(`query($id: ID!) { webhook(id: $id) { lastAttempt { id } } }`, { id: hook.id });
  expect(none.data.webhook.lastAttempt).toBeNull();

  const delivery = await finishedDelivery(t, await triggerManually(t, hook.id, groupId));
  const [attempt] = delivery.attempts;
  // The receiver held the response back for DELAY_MS; the deadline (2 s in tests) bounds it from above.
  expect(attempt.durationMs).toBeGreaterThanOrEqual(DELAY_MS);
  expect(attempt.durationMs).toBeLessThan(2000);

  const last = await t.gql(`query($id: ID!) { webhook(id: $id) { lastAttempt { id durationMs statusCode } } }`, { id: hook.id });
  expect(last.data.webhook.lastAttempt).toEqual({ id: attempt.id, durationMs: attempt.durationMs, statusCode: 200 });
  const rest = await t.api.get(`/api/v1/webhooks/${hook.id}/responses/`);
  expect(Object.keys(rest.data.results[0])).toEqual([
    "timestamp", "url", "request_trigger", "request_headers", "request_data", "status_code", "content", "event_data",
  ]);
});

it("an attempt that failed before sending has no duration; a test send reports one", async () => {
  const broken = await createWebhook(t, { url: "{{ alert_group.id }}" }); // renders to something that is no URL
  const failed = await finishedDelivery(t, await triggerManually(t, broken.id, groupId));
  expect(failed.attempts[0]).toMatchObject({ statusCode: null, durationMs: null });

  const hook = await createWebhook(t, { url: `${receiver.url}/test-send` });
  const sent = await t.gql(`mutation($id: ID!) { sendTestEvent(webhookId: $id) { statusCode durationMs } }`, { id: hook.id });
  expect(sent.errors).toBeUndefined();
  expect(sent.data.sendTestEvent.statusCode).toBe(200);
  expect(sent.data.sendTestEvent.durationMs).toBeGreaterThanOrEqual(DELAY_MS);
});
