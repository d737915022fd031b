import { createIntegration, createWebhook, deliveriesOf, openAlertGroup, responsesOf, uniqueWebhookAlert } from "../helpers/alert-groups";
import { Receiver } from "../helpers/receiver";
import { startTestServer, type TestServer } from "../helpers/server";
import { MASK } from "../../src/attempts/record";
import { allDeliveriesSettled, finishedDelivery, triggerManually } from "./helpers";
import { freePort } from "../helpers/ports";

// delivery.md §8: one response record per attempt that got past the integration filter and the trigger
// template, with exactly the fields of its outcome row. WEBHOOK_RETRY_SCHEDULE="" → one attempt each.
describe("response records per outcome", () => {
  let t: TestServer;
  let receiver: Receiver;
  let groupId: string;
  let integrationId: string;
  let integration: Awaited<ReturnType<typeof createIntegration>>;

  beforeAll(async () => {
    t = await startTestServer({ WEBHOOK_RETRY_SCHEDULE: "", OUTGOING_WEBHOOK_TIMEOUT: "1" });
    receiver = await Receiver.start();
    integration = await createIntegration(t, { type: "webhook" });
    integrationId = integration.id;
    groupId = (await openAlertGroup(t, integration, uniqueWebhookAlert())).id;
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  async function run(body: Record<string, unknown>) {
    const hook = await createWebhook(t, { url: `${receiver.url}/r`, headers: '{"Authorization": "x", "X-A": "1"}', ...body });
    const before = receiver.requests.length;
    const delivery = await finishedDelivery(t, await triggerManually(t, hook.id, groupId));
    return { hook, delivery, sent: receiver.requests.length - before, records: delivery.attempts };
  }

  const MASKED = JSON.stringify({ Authorization: MASK, "X-A": "1" }).replace(/,/g, ", ").replace(/":/g, '": ');

  it("not from a selected integration: no record, the delivery is skipped with its reason", async () => {
    const other = await createIntegration(t, { type: "webhook" });
    const hook = await createWebhook(t, { trigger_type: "alert group created", url: `${receiver.url}/r`, integration_filter: [other.id] });
    const before = receiver.requests.length;
    await openAlertGroup(t, integration, uniqueWebhookAlert());
    await allDeliveriesSettled(t);
    const [delivery] = await deliveriesOf(t, hook.id);
    expect(receiver.requests.length).toBe(before);
    expect(delivery).toMatchObject({ status: "SKIPPED", skipReason: "Alert group was not from a selected integration", attempts: [] });
    expect(await responsesOf(t, hook.id)).toEqual([]);
  });

  it("trigger template not true: no record, skipped with the rendered text", async () => {
    const { delivery, sent, records } = await run({ trigger_template: "{{ alert_group_id == 'nope' }}" });
    expect(sent).toBe(0);
    expect(records).toEqual([]);
    expect(delivery).toMatchObject({ status: "SKIPPED", skipReason: "False" });
  });

  it("trigger template true: sent, the rendered text recorded", async () => {
    const { delivery, records } = await run({ trigger_template: "{{ alert_group_id is defined }}" });
    expect(delivery.status).toBe("SUCCEEDED");
    expect(records[0].requestTrigger).toBe("True");
  });

  it("trigger template error: only request_trigger", async () => {
    const { delivery, sent, records } = await run({ trigger_template: "{{ missing.foo }}" });
    expect(sent).toBe(0);
    expect(delivery.status).toBe("FAILED");
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ url: null, requestHeaders: null, requestData: null, statusCode: null, content: null });
    expect(records[0].requestTrigger).toMatch(/^Trigger - Template Warning: /);
  });

  it("URL template error", async () => {
    const { sent, records } = await run({ url: `${receiver.url}/{{ missing.foo }}` });
    expect(sent).toBe(0);
    expect(records[0]).toMatchObject({ requestTrigger: "", requestHeaders: null, requestData: null, statusCode: null, content: null });
    expect(records[0].url).toMatch(/^URL - Template Warning: /);
  });

  it.each([
    ["ftp://example.com/x", "URL - Malformed url"],
    ["not a url", "URL - Malformed url"],
  ])("URL rejected: %s", async (url, message) => {
    const { sent, records } = await run({ url });
    expect(sent).toBe(0);
    expect(records[0]).toEqual(expect.objectContaining({ requestTrigger: "", url: message, requestHeaders: null, requestData: null, statusCode: null, content: null }));
  });

  it("URL rejected: a self-reference to BASE_URL", async () => {
    const { records } = await run({ url: `${t.server.config.baseUrl}/api/v1/webhooks/` });
    expect(records[0].url).toBe("URL - Potential self-reference");
  });

  it("headers error", async () => {
    const { records } = await run({ headers: '{"X": "{{ missing.foo }}"}' });
    expect(records[0]).toMatchObject({ requestTrigger: "", url: `${receiver.url}/r`, requestData: null, statusCode: null, content: null });
    expect(records[0].requestHeaders).toMatch(/^Headers - Template Warning: /);
  });

  it("data error", async () => {
    const { records } = await run({ forward_all: false, data: '{"x": {{ alert_payload.missing | tojson }}}' });
    expect(records[0]).toMatchObject({ requestTrigger: "", url: `${receiver.url}/r`, requestHeaders: null, statusCode: null, content: null });
    expect(records[0].requestData).toBe("Data - Template Warning: Object of type Undefined is not JSON serializable");
  });

  it("HTTP response: status and content; a 4xx is delivered, final, and recorded as failed", async () => {
    receiver.respondWith({ status: 404, body: { detail: "nope" } });
    const { delivery, records } = await run({});
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ requestTrigger: "", url: `${receiver.url}/r`, requestHeaders: MASKED, statusCode: 404, content: '{"detail": "nope"}' });
    expect(JSON.parse(records[0].requestData).alert_group_id).toBe(groupId);
    expect(delivery.status).toBe("FAILED");
  });

  it("HTTP response with a text body", async () => {
    receiver.respondWith({ status: 200, body: "plain text" });
    const { delivery, records } = await run({});
    expect(records[0]).toMatchObject({ statusCode: 200, content: "plain text" });
    expect(delivery.status).toBe("SUCCEEDED");
  });

  it("redirect to a rejected URL: URL error, headers and body kept, no status", async () => {
    receiver.respondWith({ status: 302, headers: { location: "ftp://elsewhere.example.com/" } });
    const { records } = await run({});
    expect(records[0]).toMatchObject({ requestTrigger: "", url: "URL - Malformed url", requestHeaders: MASKED, statusCode: null, content: null });
    expect(records[0].requestData).not.toBeNull();
  });

  it("TLS error: error text, no status", async () => {
    const { delivery, records } = await run({ url: receiver.url.replace("http://", "https://") + "/r" });
    expect(records[0]).toMatchObject({ url: receiver.url.replace("http://", "https://") + "/r", requestHeaders: MASKED, statusCode: null });
    expect(records[0].content).toMatch(/TLS|SSL/);
    expect(records[0].content).not.toMatch(/\n/);
    expect(delivery.status).toBe("FAILED");
  });

  it("timeout: error text, no status", async () => {
    receiver.respondWith({ status: 200, delayMs: 1500 });
    const { records } = await run({});
    expect(records[0]).toMatchObject({ requestHeaders: MASKED, statusCode: null });
    expect(records[0].content).toMatch(/timed out/);
  });

  it("connection refused: error text, no status", async () => {
    const port = await freePort();
    const { records } = await run({ url: `http://127.0.0.1:${port}/r` });
    expect(records[0]).toMatchObject({ url: `http://127.0.0.1:${port}/r`, statusCode: null });
    expect(records[0].content).toMatch(/refused/i);
  });

  it("event_data is the full payload as JSON text", async () => {
    const { records } = await run({});
    const eventData = JSON.parse(records[0].eventData);
    expect(eventData.alert_group_id).toBe(groupId);
    expect(eventData.integration.id).toBe(integrationId);
  });
});

