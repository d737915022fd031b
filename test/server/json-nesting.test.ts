import { createWebhook, responsesOf } from "../helpers/alert-groups";
import { Receiver } from "../helpers/receiver";
import { ADMIN_TOKEN, startTestServer, type TestServer } from "../helpers/server";
import { allDeliveriesSettled } from "../delivery/helpers";
import { createIntegration, groupsOf, inboundPath, type IntegrationJson } from "../inbound/helpers";

// Issue 8: deeply nested JSON must be refused with a clear 400 before anything recursive touches it, on every
// surface that reads a JSON body; what the limit lets through must travel the whole way without overflowing.
const LIMIT = 100;
const nested = (levels: number, inner = "1") => "[".repeat(levels) + inner + "]".repeat(levels);

let t: TestServer;
let receiver: Receiver;
let integration: IntegrationJson;
beforeAll(async () => {
  t = await startTestServer();
  receiver = await Receiver.start();
  integration = await createIntegration(t, "webhook");
});
afterAll(async () => {
  await t.close();
  await receiver.close();
});

const postJson = (path: string, body: string, headers: Record<string, string> = {}) =>
  t.http.post(path, body, { headers: { "content-type": "application/json", ...headers }, transformRequest: (d) => d });

const NESTING_ERROR = { detail: `JSON parse error - nesting deeper than ${LIMIT} levels` };

describe("too deeply nested bodies", () => {
  it.each([10_000, LIMIT + 1])("inbound links refuse %i levels with 400 JSON and store nothing", async (levels) => {
    const res = await postJson(inboundPath(integration), `{"deep": ${nested(levels - 1)}}`);
    expect(res.status).toBe(400);
    expect(res.data).toEqual(NESTING_ERROR);
    expect(await groupsOf(t, integration.id)).toEqual([]);
    expect((await t.http.get("/health")).status).toBe(200);
  });

  it("/api/v1 refuses them with 400 JSON", async () => {
    const res = await postJson("/api/v1/webhooks/", `{"name": "deep", "data": ${nested(10_000)}}`, { authorization: ADMIN_TOKEN });
    expect(res.status).toBe(400);
    expect(res.data).toEqual(NESTING_ERROR);
  });

  it("/graphql refuses them with 400 JSON", async () => {
    const query = JSON.stringify("query($x: JSON) { viewer { id } }");
    const res = await postJson("/graphql", `{"query": ${query}, "variables": {"x": ${nested(10_000)}}}`, { authorization: ADMIN_TOKEN });
    expect(res.status).toBe(400);
    expect(res.data).toEqual(NESTING_ERROR);
  });

  it("escaped brackets inside strings do not count", async () => {
    const res = await postJson(inboundPath(integration), JSON.stringify({ text: "[{".repeat(5_000), quote: '"[' }));
    expect(res.status).toBe(200);
  });
});

describe("a payload at the limit", () => {
  it("is grouped, rendered, forwarded and recorded", async () => {
    const local = await createIntegration(t, "webhook");
    const forwarded = await createWebhook(t, { trigger_type: "alert group created", url: `${receiver.url}/all`, integration_filter: [local.id] });
    const templated = await createWebhook(t, {
      trigger_type: "alert group created", url: `${receiver.url}/data`, forward_all: false, integration_filter: [local.id],
      data: "{{ alert_payload | tojson }}|{{ alert_payload }}|{{ alert_group.last_alert.payload | tojson }}",
    });
    const deepest = nested(LIMIT - 1, '"x"');
    expect((await postJson(inboundPath(local), `{"d": ${deepest}}`)).status).toBe(200);
    await receiver.waitFor(2);
    await allDeliveriesSettled(t);

    const dumped = `{"d": ${deepest}}`;
    expect(receiver.requests.find((r) => r.path === "/all")!.body).toContain(`"alert_payload": ${dumped}`);
    const data = receiver.requests.find((r) => r.path === "/data")!.body;
    expect(data).toBe(`${dumped}|{'d': ${deepest.replace('"x"', "'x'")}}|${dumped}`);
    expect((await responsesOf(t, forwarded.id))[0].status_code).toBe(200);
    expect((await responsesOf(t, templated.id))[0].event_data).toContain(dumped);
    const [group] = await groupsOf(t, local.id);
    expect(group.last_alert.payload.d).toBeDefined();
  });
});
