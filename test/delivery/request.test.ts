import { createIntegration, createWebhook, openAlertGroup, uniqueWebhookAlert } from "../helpers/alert-groups";
import { Receiver } from "../helpers/receiver";
import { startTestServer, type TestServer } from "../helpers/server";
import { Webhook } from "../../src/schema/entities";
import { MASK } from "../../src/attempts/record";
import { finishedDelivery, triggerManually } from "./helpers";

// delivery.md §5: how the request is built from the webhook, and what the record shows of it.
describe("building the request", () => {
  let t: TestServer;
  let receiver: Receiver;
  let groupId: string;

  beforeAll(async () => {
    t = await startTestServer();
    receiver = await Receiver.start();
    const integration = await createIntegration(t, { type: "webhook" });
    groupId = (await openAlertGroup(t, integration, uniqueWebhookAlert({ text: 'He said "hi"\nline2' }))).id;
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  /** Creates the webhook, runs it once by hand, returns what the receiver got and the attempt's record. */
  async function run(body: Record<string, unknown>, setup?: (id: string) => Promise<void>) {
    const hook = await createWebhook(t, { url: `${receiver.url}/hook`, ...body });
    if (setup) await setup(hook.id);
    const before = receiver.requests.length;
    const delivery = await finishedDelivery(t, await triggerManually(t, hook.id, groupId));
    const request = receiver.requests.slice(before)[0];
    return { hook, delivery, request, record: delivery.attempts[0] };
  }

  it("forward_all sends the whole payload as JSON", async () => {
    const { request, record, delivery } = await run({ forward_all: true });
    expect(delivery.status).toBe("SUCCEEDED");
    expect(request.method).toBe("POST");
    expect(request.headers["content-type"]).toBe("application/json");
    expect(request.json.alert_group_id).toBe(groupId);
    expect(request.json.event.type).toBe("escalation");
    expect(record.requestData).toBe(request.body);
    expect(JSON.parse(record.eventData)).toEqual(request.json);
    expect(record.requestHeaders).toBe("{}");
    expect(record.requestTrigger).toBe("");
    expect(record.url).toBe(`${receiver.url}/hook`);
    expect(record.statusCode).toBe(200);
    expect(record.content).toBe('{"ok": true}');
  });

  it("data that renders to JSON is sent as JSON, byte for byte", async () => {
    const data = '{"id": "{{ alert_group_id }}", "big": 12345678901234567890, "text": "{{ alert_payload.text }}"}';
    const { request, record } = await run({ forward_all: false, data });
    expect(request.headers["content-type"]).toBe("application/json");
    expect(request.body).toBe(record.requestData);
    expect(request.body).toContain("12345678901234567890");
    expect(request.json.id).toBe(groupId);
  });

  it("data that does not render to JSON is sent as raw text without a Content-Type", async () => {
    const { request, record } = await run({ forward_all: false, data: "group {{ alert_group_id }}" });
    expect(request.body).toBe(`group ${groupId}`);
    expect(record.requestData).toBe(`group ${groupId}`);
    expect(request.headers["content-type"]).toBeUndefined();
  });

  it("the headers template may set the Content-Type of a raw body", async () => {
    const { request } = await run({ forward_all: false, data: "plain", headers: '{"Content-Type": "text/plain"}' });
    expect(request.headers["content-type"]).toBe("text/plain");
    expect(request.body).toBe("plain");
  });

  it("POST without data sends no body", async () => {
    const { request, record } = await run({ forward_all: false, data: null });
    expect(request.body).toBe("");
    expect(record.requestData).toBeNull();
  });

  it.each(["GET", "DELETE", "OPTIONS"])("%s carries no body: forward_all and data are ignored", async (method) => {
    const { request, record } = await run({ http_method: method, forward_all: true });
    expect(request.method).toBe(method);
    expect(request.body).toBe("");
    expect(record.requestData).toBeNull();
  });

  it.each(["PUT", "PATCH"])("%s carries the body", async (method) => {
    const { request } = await run({ http_method: method, forward_all: true });
    expect(request.method).toBe(method);
    expect(request.json.alert_group_id).toBe(groupId);
  });

  it("rendered headers are sent and recorded", async () => {
    const { request, record } = await run({ headers: '{"X-Group": "{{ alert_group_id }}", "X-Static": "yes"}' });
    expect(request.headers["x-group"]).toBe(groupId);
    expect(request.headers["x-static"]).toBe("yes");
    expect(JSON.parse(record.requestHeaders)).toEqual({ "X-Group": groupId, "X-Static": "yes" });
  });

  it("authorization_header replaces an Authorization from the template; both are masked in the record", async () => {
    const { request, record } = await run({ headers: '{"authorization": "from-template", "X-A": "1"}', authorization_header: "Bearer s3cr3t" });
    expect(request.headers.authorization).toBe("Bearer s3cr3t");
    expect(JSON.parse(record.requestHeaders)).toEqual({ "X-A": "1", Authorization: MASK });
  });

  it("an Authorization header from the template alone is sent and masked", async () => {
    const { request, record } = await run({ headers: '{"Authorization": "Token abc"}' });
    expect(request.headers.authorization).toBe("Token abc");
    expect(JSON.parse(record.requestHeaders)).toEqual({ Authorization: MASK });
  });

  it("basic auth wins over authorization_header; the record shows the header entry, masked, not the Basic one", async () => {
    const { request, record } = await run({ username: "oncall", password: "pw", authorization_header: "Bearer s3cr3t" });
    expect(request.headers.authorization).toBe(`Basic ${Buffer.from("oncall:pw").toString("base64")}`);
    expect(JSON.parse(record.requestHeaders)).toEqual({ Authorization: MASK });
  });

  it("basic auth needs both username and password", async () => {
    const { request, record } = await run({ username: "oncall" });
    expect(request.headers.authorization).toBeUndefined();
    expect(record.requestHeaders).toBe("{}");
  });

  it("a URL with user-info is sent as is and recorded masked", async () => {
    const url = receiver.url.replace("http://", "http://user:secret@") + "/hook";
    const { request, record } = await run({ url });
    expect(request.headers.authorization).toBe(`Basic ${Buffer.from("user:secret").toString("base64")}`);
    expect(record.url).toBe(receiver.url.replace("http://", `http://${MASK}@`) + "/hook");
  });

  it.each([
    ['["not", "an", "object"]'],
    ['{"X-Number": 1}'],
    ["not json at all"],
  ])("headers %s fail with 'Template did not result in json/dict'", async (headers) => {
    const before = receiver.requests.length;
    const { record, delivery } = await run({ headers });
    expect(receiver.requests.length).toBe(before);
    expect(delivery.status).toBe("FAILED");
    expect(record).toMatchObject({
      requestTrigger: "", url: `${receiver.url}/hook`, requestHeaders: "Headers - Template did not result in json/dict",
      requestData: null, statusCode: null, content: null,
    });
  });

  describe("legacy webhooks (actions-api.md)", () => {
    const makeLegacy = (id: string) => t.server.dataSource.getRepository(Webhook).update({ publicId: id }, { isLegacy: true }).then(() => undefined);

    it("forward_all sends only the alert payload", async () => {
      const { request, record } = await run({ forward_all: true }, makeLegacy);
      expect(request.json).toEqual(JSON.parse(record.eventData).alert_payload);
      expect(request.json.alert_uid).toMatch(/^test-/);
      expect(JSON.parse(record.eventData).alert_group_id).toBe(groupId); // event_data stays the full payload
    });

    it("the data template sees only alert_payload and alert_group_id", async () => {
      const data = '{"g": "{{ alert_group_id }}", "t": "{{ alert_payload.title }}", "e": "{{ event }}", "u": "{{ user }}"}';
      const { request } = await run({ forward_all: false, data }, makeLegacy);
      expect(request.json.g).toBe(groupId);
      expect(request.json.t).toMatch(/^Test alert/);
      expect(request.json.e).toBe("");
      expect(request.json.u).toBe("");
    });
  });
});
