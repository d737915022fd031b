import { Webhook, WebhookResponse } from "../../src/schema/entities";
import { Trigger } from "../../src/schema/trigger-types";
import { clientFor, startTestServer, type TestServer } from "../helpers/server";
import { createUserWithToken } from "../helpers/users";

// GET /api/v1/webhooks/{id}/responses/: selection, order, item shape (webhooks-api.md "Delivery history").
// Records are written straight into the table: the delivery engine is not under test here.
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ BASE_URL: "https://outhook.example.com" });
});
afterAll(() => t.close());

let counter = 0;
async function createWebhook(triggerType: string): Promise<{ publicId: string; row: Webhook }> {
  const res = await t.api.post("/api/v1/webhooks/", {
    name: `responses ${++counter}`, url: "https://example.com", http_method: "POST", trigger_type: triggerType,
  });
  expect(res.status).toBe(201);
  const row = await t.server.dataSource.getRepository(Webhook).findOneByOrFail({ publicId: res.data.id });
  return { publicId: res.data.id, row };
}

function record(webhook: Webhook, triggerType: number, timestamp: string, extra: Partial<WebhookResponse> = {}) {
  return t.server.dataSource.getRepository(WebhookResponse).save({
    organizationId: webhook.organizationId, alertGroupId: null, webhookId: webhook.id, deliveryId: null, attempt: 1,
    triggerType, timestamp: new Date(timestamp), requestTrigger: "", url: `https://example.com/${timestamp}`,
    requestHeaders: null, requestData: null, statusCode: 200, content: "ok", eventData: `{"at": "${timestamp}"}`,
    ...extra,
  });
}

const urls = (body: { results: { url: string }[] }) => body.results.map((r) => r.url.replace("https://example.com/", ""));

it("shows each record in OnCall's shape, newest first, with DRF timestamps", async () => {
  const { publicId, row } = await createWebhook("acknowledge");
  await record(row, Trigger.acknowledge, "2025-03-13T17:02:10.004Z", {
    url: "https://tickets.example.com/api/I32EQF3DHPD1D", requestHeaders: null,
    requestData: "Data - Template Warning: Object of type Undefined is not JSON serializable",
    statusCode: null, content: null, eventData: '{"event": {"type": "acknowledge"}}',
  });
  await record(row, Trigger.acknowledge, "2025-03-14T09:27:42.871Z", {
    url: "https://tickets.example.com/api/IVJ1DEGYD8NCF", requestTrigger: "",
    requestHeaders: '{"Authorization": "****************"}', requestData: '{"title": "[firing:2] InstanceDown"}',
    statusCode: 201, content: '{"ticket": "OPS-1234"}', eventData: '{"event": {"type": "acknowledge"}}',
  });
  await record(row, Trigger.acknowledge, "2025-03-12T00:00:00.000Z", { url: "https://example.com/whole-second" });

  const res = await t.api.get(`/api/v1/webhooks/${publicId}/responses/`);
  expect(res.status).toBe(200);
  expect(Object.keys(res.data)).toEqual(["count", "next", "previous", "results", "page_size", "current_page_number", "total_pages"]);
  expect(res.data).toMatchObject({ count: 3, next: null, previous: null, page_size: 50, current_page_number: 1, total_pages: 1 });
  const [newest, older, oldest] = res.data.results;
  expect(Object.keys(newest)).toEqual([
    "timestamp", "url", "request_trigger", "request_headers", "request_data", "status_code", "content", "event_data",
  ]);
  expect(newest).toEqual({
    timestamp: "2025-03-14T09:27:42.871000Z", url: "https://tickets.example.com/api/IVJ1DEGYD8NCF", request_trigger: "",
    request_headers: '{"Authorization": "****************"}', request_data: '{"title": "[firing:2] InstanceDown"}',
    status_code: 201, content: '{"ticket": "OPS-1234"}', event_data: '{"event": {"type": "acknowledge"}}',
  });
  expect(older).toEqual({
    timestamp: "2025-03-13T17:02:10.004000Z", url: "https://tickets.example.com/api/I32EQF3DHPD1D", request_trigger: "",
    request_headers: null, request_data: "Data - Template Warning: Object of type Undefined is not JSON serializable",
    status_code: null, content: null, event_data: '{"event": {"type": "acknowledge"}}',
  });
  expect(oldest.timestamp).toBe("2025-03-12T00:00:00Z"); // no fraction when it is zero
  expect((await t.api.get(`/api/v1/webhooks/${publicId}/responses`)).data).toEqual(res.data);
});

it("lists only this webhook's records under its current trigger type", async () => {
  const { publicId, row } = await createWebhook("resolve");
  const { row: other } = await createWebhook("resolve");
  await record(row, Trigger.resolve, "2025-01-01T10:00:00.000Z");
  await record(row, Trigger.escalation, "2025-01-01T11:00:00.000Z");
  await record(other, Trigger.resolve, "2025-01-01T12:00:00.000Z");
  expect(urls((await t.api.get(`/api/v1/webhooks/${publicId}/responses/`)).data)).toEqual(["2025-01-01T10:00:00.000Z"]);

  // Changing the trigger type hides the older deliveries and shows those of the new type.
  expect((await t.api.patch(`/api/v1/webhooks/${publicId}/`, { trigger_type: "escalation" })).status).toBe(200);
  expect(urls((await t.api.get(`/api/v1/webhooks/${publicId}/responses/`)).data)).toEqual(["2025-01-01T11:00:00.000Z"]);
});

it("a status change webhook also lists the records of the six status triggers it fired on", async () => {
  const { publicId, row } = await createWebhook("status change");
  const status = [Trigger.acknowledge, Trigger.resolve, Trigger.silence, Trigger.unsilence, Trigger.unresolve, Trigger.unacknowledge];
  for (const [i, trigger] of [Trigger.statusChange, ...status].entries()) {
    await record(row, trigger, `2025-02-0${i + 1}T00:00:00.000Z`);
  }
  await record(row, Trigger.alertGroupCreated, "2025-02-08T00:00:00.000Z");
  await record(row, Trigger.escalation, "2025-02-09T00:00:00.000Z");
  const res = (await t.api.get(`/api/v1/webhooks/${publicId}/responses/`)).data;
  expect(res.count).toBe(7);
  expect(urls(res)).toEqual([7, 6, 5, 4, 3, 2, 1].map((d) => `2025-02-0${d}T00:00:00.000Z`));
});

it("pages like every list: 50 by default, perpage, absolute links", async () => {
  const { publicId, row } = await createWebhook("silence");
  for (let i = 0; i < 5; i++) await record(row, Trigger.silence, `2025-04-0${i + 1}T00:00:00.000Z`);
  const page = (await t.api.get(`/api/v1/webhooks/${publicId}/responses/`, { params: { perpage: 2, page: 2 } })).data;
  expect(page).toMatchObject({ count: 5, page_size: 2, current_page_number: 2, total_pages: 3 });
  expect(urls(page)).toEqual(["2025-04-03T00:00:00.000Z", "2025-04-02T00:00:00.000Z"]);
  expect(page.next).toBe(`https://outhook.example.com/api/v1/webhooks/${publicId}/responses/?page=3&perpage=2`);
  expect(page.previous).toBe(`https://outhook.example.com/api/v1/webhooks/${publicId}/responses/?perpage=2`);
});

it("is read permission, scoped to the organization", async () => {
  const { publicId } = await createWebhook("resolve");
  const viewer = clientFor(t.url, (await createUserWithToken(t, { role: "viewer" })).token);
  expect((await viewer.get(`/api/v1/webhooks/${publicId}/responses/`)).status).toBe(200);
  const none = clientFor(t.url, (await createUserWithToken(t, { role: "none" })).token);
  expect((await none.get(`/api/v1/webhooks/${publicId}/responses/`)).status).toBe(403);
  const stranger = clientFor(t.url, (await createUserWithToken(t, { newOrganization: true })).token);
  expect((await stranger.get(`/api/v1/webhooks/${publicId}/responses/`)).data).toEqual({ detail: "Not found." });
  expect((await t.http.get(`/api/v1/webhooks/${publicId}/responses/`)).status).toBe(401);
});
