import { Webhook as StandardWebhook } from "standardwebhooks";
import { createIntegration, createWebhook, openAlertGroup, responsesOf, uniqueWebhookAlert } from "../helpers/alert-groups";
import { readFixture } from "../helpers/fixtures";
import { Receiver } from "../helpers/receiver";
import { startTestServer, type TestServer } from "../helpers/server";
import { createUserWithToken } from "../helpers/users";
import { deliveriesOf } from "../helpers/alert-groups";
import { finishedDelivery, triggerManually } from "./helpers";

// webhooks-api.md "Operations OnCall exposes only in its internal API", over GraphQL: manual trigger,
// redelivery, test sends, template preview; and the delivery history grouped by delivery.
describe("manual operations", () => {
  let t: TestServer;
  let receiver: Receiver;
  let integration: Awaited<ReturnType<typeof createIntegration>>;
  let groupId: string;
  let admin: any;

  beforeAll(async () => {
    t = await startTestServer({ WEBHOOK_RETRY_SCHEDULE: "" });
    receiver = await Receiver.start();
    integration = await createIntegration(t, { type: "webhook" });
    groupId = (await openAlertGroup(t, integration, uniqueWebhookAlert())).id;
    admin = (await t.api.get("/api/v1/users/current/")).data;
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  const TRIGGER = `mutation($w: ID!, $g: ID) { triggerWebhook(webhookId: $w, alertGroupId: $g) { id status eventType } }`;

  describe("triggerWebhook", () => {
    it("queues an escalation run as the caller; recorded under trigger 0 and listed on /responses", async () => {
      const hook = await createWebhook(t, { url: `${receiver.url}/manual` });
      const before = receiver.requests.length;
      const delivery = await finishedDelivery(t, await triggerManually(t, hook.id, groupId));
      const body = receiver.requests[before].json;
      expect(body.event.type).toBe("escalation");
      expect(body.event.time).toMatch(/\+00:00$/);
      expect(body.user).toEqual({ id: admin.id, username: admin.username, email: admin.email });
      expect(delivery).toMatchObject({ eventType: "ESCALATION", status: "SUCCEEDED", webhookId: hook.id, alertGroupId: groupId });
      expect(delivery.attempts[0].triggerType).toBe("ESCALATION");
      expect(await responsesOf(t, hook.id)).toHaveLength(1);
    });

    it("needs only read permission", async () => {
      const hook = await createWebhook(t, { url: `${receiver.url}/viewer` });
      const viewer = await createUserWithToken(t, { role: "viewer" });
      const res = await t.gql(TRIGGER, { w: hook.id, g: groupId }, viewer.token);
      expect(res.errors).toBeUndefined();
      await finishedDelivery(t, res.data.triggerWebhook.id);
    });

    it.each([
      ["a webhook that is not of type escalation", { trigger_type: "acknowledge" }, { trigger_type: "This webhook is not manually triggerable." }],
    ])("refuses %s", async (_name, body, errorBody) => {
      const hook = await createWebhook(t, { url: `${receiver.url}/x`, ...body });
      const res = await t.gql(TRIGGER, { w: hook.id, g: groupId });
      expect(res.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", status: 400, body: errorBody });
    });

    it("requires the alert group", async () => {
      const hook = await createWebhook(t, { url: `${receiver.url}/x` });
      const res = await t.gql(TRIGGER, { w: hook.id, g: null });
      expect(res.errors![0].extensions).toMatchObject({ status: 400, body: { alert_group: "This field is required." } });
    });

    it("is 404 for another organization's group, an unknown webhook, or a group outside the integration filter", async () => {
      const other = await createUserWithToken(t, { newOrganization: true });
      const otherHook = (await t.http.post("/api/v1/webhooks/", { name: "o", url: `${receiver.url}/o`, http_method: "POST", trigger_type: "escalation" }, { headers: { Authorization: other.token } })).data;
      const filtered = await createWebhook(t, { url: `${receiver.url}/f`, integration_filter: [(await createIntegration(t, { type: "webhook" })).id] });
      for (const [w, token] of [[otherHook.id, undefined], ["WHNOPENOPENOPE", undefined], [filtered.id, undefined]] as const) {
        const res = await t.gql(TRIGGER, { w, g: groupId }, token);
        expect(res.errors![0].extensions.code).toBe("NOT_FOUND");
      }
      const res = await t.gql(TRIGGER, { w: otherHook.id, g: groupId }, other.token);
      expect(res.errors![0].extensions.code).toBe("NOT_FOUND");
    });

    it("refuses a disabled webhook (one enabled rule)", async () => {
      const hook = await createWebhook(t, { url: `${receiver.url}/off`, is_webhook_enabled: false });
      const res = await t.gql(TRIGGER, { w: hook.id, g: groupId });
      expect(res.errors![0].extensions).toMatchObject({ status: 400 });
    });
  });

  describe("redeliver", () => {
    const REDELIVER = `mutation($a: ID, $d: ID) { redeliver(attemptId: $a, deliveryId: $d) { id status attemptCount } }`;

    it("runs a new attempt of the same delivery, with the same webhook-id, from a delivery id or an attempt id", async () => {
      const hook = await createWebhook(t, { url: `${receiver.url}/again` });
      const secret = (await t.gql(`mutation($id: ID!) { rotateWebhookSigningSecret(id: $id) }`, { id: hook.id })).data.rotateWebhookSigningSecret;
      receiver.respondWith({ status: 404 });
      const before = receiver.requests.length;
      const deliveryId = await triggerManually(t, hook.id, groupId);
      const first = await finishedDelivery(t, deliveryId);
      expect(first.status).toBe("FAILED");

      let res = await t.gql(REDELIVER, { d: deliveryId });
      expect(res.errors).toBeUndefined();
      let done = await finishedDelivery(t, deliveryId);
      expect(done).toMatchObject({ status: "SUCCEEDED", attemptCount: 2 });

      res = await t.gql(REDELIVER, { a: first.attempts[0].id });
      expect(res.data.redeliver.id).toBe(deliveryId);
      done = await finishedDelivery(t, deliveryId);
      expect(done.attempts.map((a: any) => a.attempt)).toEqual([1, 2, 3]);

      const requests = receiver.requests.slice(before);
      expect(requests).toHaveLength(3);
      const verifier = new StandardWebhook(secret);
      for (const r of requests) {
        expect(r.headers["webhook-id"]).toBe(deliveryId);
        expect(() => verifier.verify(r.body, r.headers as Record<string, string>)).not.toThrow();
      }
    });

    it("is 404 for an unknown delivery and needs write permission", async () => {
      expect((await t.gql(REDELIVER, { d: "DNOPENOPENOPE" })).errors![0].extensions.code).toBe("NOT_FOUND");
      expect((await t.gql(REDELIVER, { a: "999999" })).errors![0].extensions.code).toBe("NOT_FOUND");
      const viewer = await createUserWithToken(t, { role: "viewer" });
      expect((await t.gql(REDELIVER, { d: "DNOPENOPENOPE" }, viewer.token)).errors![0].extensions.code).toBe("FORBIDDEN");
    });
  });

  describe("sendTestEvent", () => {
    const TEST = `mutation($w: ID!, $g: ID) { sendTestEvent(webhookId: $w, alertGroupId: $g) {
      messageId triggered skipReason requestTrigger url requestHeaders requestData statusCode content eventData } }`;

    it("sends a sample payload and stores nothing", async () => {
      const hook = await createWebhook(t, { trigger_type: "acknowledge", url: `${receiver.url}/test`, integration_filter: [integration.id] });
      const before = receiver.requests.length;
      const res = await t.gql(TEST, { w: hook.id });
      expect(res.errors).toBeUndefined();
      const result = res.data.sendTestEvent;
      const body = receiver.requests[before].json;
      expect(result).toMatchObject({ triggered: true, skipReason: null, statusCode: 200, url: `${receiver.url}/test` });
      expect(body.event.type).toBe("acknowledge");
      expect(body.webhook.id).toBe(hook.id);
      expect(JSON.parse(result.eventData)).toEqual(body);
      expect(await responsesOf(t, hook.id)).toEqual([]);
      expect(await deliveriesOf(t, hook.id)).toEqual([]);
    });

    it("uses a real alert group when given", async () => {
      const hook = await createWebhook(t, { url: `${receiver.url}/test-group` });
      const before = receiver.requests.length;
      const res = await t.gql(TEST, { w: hook.id, g: groupId });
      expect(res.data.sendTestEvent.statusCode).toBe(200);
      expect(receiver.requests[before].json.alert_group_id).toBe(groupId);
    });
  });

  describe("previewTemplate", () => {
    const PREVIEW = `query($input: TemplatePreviewInput!) { previewTemplate(input: $input) { output triggered error { kind message record } } }`;
    const eventData = readFixture("events/acknowledge-alertmanager.json");

    it("renders a URL over a given payload", async () => {
      const res = await t.gql(PREVIEW, { input: { field: "URL", template: "https://x/{{ alert_group_id }}?u={{ user.username }}", eventData } });
      expect(res.data.previewTemplate).toEqual({ output: "https://x/IVJ1DEGYD8NCF?u=alice", triggered: null, error: null });
    });

    it("escapes strings in headers and data, as a delivery does", async () => {
      const payload = { ...eventData, alert_payload: { text: 'He said "hi"' } };
      const res = await t.gql(PREVIEW, { input: { field: "DATA", template: '{"t": "{{ alert_payload.text }}"}', eventData: payload } });
      expect(res.data.previewTemplate.output).toBe('{"t": "He said \\"hi\\""}');
    });

    it.each([
      ["{{ alert_payload.status == 'firing' }}", "True", true],
      ["{{ alert_payload.status == 'resolved' }}", "False", false],
      ["1", "1", true],
      [" True", " True", false],
    ])("trigger template %s", async (template, output, triggered) => {
      const res = await t.gql(PREVIEW, { input: { field: "TRIGGER_TEMPLATE", template, eventData } });
      expect(res.data.previewTemplate).toEqual({ output, triggered, error: null });
    });

    it("reports a warning with the record text a delivery would store", async () => {
      const res = await t.gql(PREVIEW, { input: { field: "DATA", template: '{"x": {{ alert_payload.missing | tojson }}}', eventData } });
      expect(res.data.previewTemplate).toEqual({
        output: null,
        triggered: null,
        error: {
          kind: "WARNING",
          message: "Template Warning: Object of type Undefined is not JSON serializable",
          record: "Data - Template Warning: Object of type Undefined is not JSON serializable",
        },
      });
    });

    it("reports an error", async () => {
      const res = await t.gql(PREVIEW, { input: { field: "HEADERS", template: "{{ x | to_json }}", eventData } });
      expect(res.data.previewTemplate.error).toEqual({
        kind: "ERROR", message: "Template Error: No filter named 'to_json'.", record: "Headers - Template Error: No filter named 'to_json'.",
      });
    });

    it("builds the payload from a real alert group", async () => {
      const res = await t.gql(PREVIEW, { input: { field: "URL", template: "{{ alert_group.id }}/{{ integration.id }}", alertGroupId: groupId } });
      expect(res.data.previewTemplate.output).toBe(`${groupId}/${integration.id}`);
    });

    it("needs write permission", async () => {
      const viewer = await createUserWithToken(t, { role: "viewer" });
      const res = await t.gql(PREVIEW, { input: { field: "URL", template: "x", eventData } }, viewer.token);
      expect(res.errors![0].extensions.code).toBe("FORBIDDEN");
    });
  });

  it("deliveries groups attempts by delivery, newest delivery first", async () => {
    const hook = await createWebhook(t, { url: `${receiver.url}/grouped` });
    const first = await triggerManually(t, hook.id, groupId);
    await finishedDelivery(t, first);
    const second = await triggerManually(t, hook.id, groupId);
    await finishedDelivery(t, second);
    const deliveries = await deliveriesOf(t, hook.id);
    expect(deliveries.map((d) => d.id)).toEqual([second, first]);
    for (const d of deliveries) expect(d.attempts.map((a: any) => a.attempt)).toEqual([1]);
  });
});
