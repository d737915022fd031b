import { createWebhook, responsesOf } from "../helpers/alert-groups";
import { eventually } from "../helpers/fixtures";
import { Receiver } from "../helpers/receiver";
import { ADMIN_TOKEN, startTestServer, type TestServer } from "../helpers/server";
import { allDeliveriesSettled } from "../delivery/helpers";
import { createIntegration, groupsOf, inboundPath, type IntegrationJson } from "./helpers";

// Issue 8, "nothing corrupted": numbers stay exact and objects keep the sender's key order from the inbound
// body to every place a payload shows (OnCall parses with Python's json: exact ints, 3.0 stays a float, dicts
// keep their order). Assertions read raw response text: JSON.parse in the test would round the numbers itself.
const BODY = '{"receiver": "r", "2": "two", "big": 12345678901234567890, "whole": 3.0, "tiny": 1e-7, "neg": -0.0}';
const DICT = "{'receiver': 'r', '2': 'two', 'big': 12345678901234567890, 'whole': 3.0, 'tiny': 1e-07, 'neg': -0.0}";
const DUMPED = '{"receiver": "r", "2": "two", "big": 12345678901234567890, "whole": 3.0, "tiny": 1e-07, "neg": -0.0}';
const SORTED = '{"2": "two", "big": 12345678901234567890, "neg": -0.0, "receiver": "r", "tiny": 1e-07, "whole": 3.0}'; // Jinja's tojson sorts keys

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

const postRaw = (path: string, body: string, headers: Record<string, string> = {}) =>
  t.http.post(path, body, { headers: { "content-type": "application/json", ...headers }, transformRequest: (d) => d, responseType: "text" });

describe("an inbound payload with big integers, whole floats and integer-like keys", () => {
  let groupId: string;
  let forwarded: Awaited<ReturnType<typeof createWebhook>>;
  let templated: Awaited<ReturnType<typeof createWebhook>>;

  beforeAll(async () => {
    forwarded = await createWebhook(t, { trigger_type: "alert group created", url: `${receiver.url}/all` });
    templated = await createWebhook(t, {
      trigger_type: "alert group created", url: `${receiver.url}/data`, forward_all: false,
      data: "{{ alert_payload.big }}|{{ alert_payload.whole }}|{{ alert_payload.whole is float }}|{{ alert_payload.keys() | list }}|"
        + "{{ alert_payload | tojson }}|{{ alert_payload | json_dumps }}|{{ alert_payload }}",
    });
    expect((await postRaw(inboundPath(integration), BODY)).status).toBe(200);
    await receiver.waitFor(2);
    await allDeliveriesSettled(t);
    [{ id: groupId }] = await groupsOf(t, integration.id);
  });

  it("reaches a forward_all receiver exactly, keys in the sender's order", () => {
    const body = receiver.requests.find((r) => r.path === "/all")!.body;
    expect(body).toContain(`"alert_payload": ${DUMPED}`);
    expect(body).toContain(`"last_alert": {"id": `);
    expect(body).toContain(`"payload": ${DUMPED}}`);
  });

  it("renders exactly in templates: values, float-ness, keys(), tojson, json_dumps and the dict print", () => {
    const body = receiver.requests.find((r) => r.path === "/data")!.body;
    expect(body).toBe(`12345678901234567890|3.0|True|['receiver', '2', 'big', 'whole', 'tiny', 'neg']|${SORTED}|${DUMPED}|${DICT}`);
  });

  it("is recorded exactly in event_data", async () => {
    const [record] = await responsesOf(t, forwarded.id);
    expect(record.event_data).toContain(`"alert_payload": ${DUMPED}`);
    expect(record.request_data).toContain(`"alert_payload": ${DUMPED}`);
    const [templatedRecord] = await responsesOf(t, templated.id);
    expect(templatedRecord.request_data).toContain("12345678901234567890|3.0|True");
  });

  it("is served exactly by /api/v1/alerts/, last_alert and GraphQL", async () => {
    const compact = `"payload":${BODY.replace(/\s/g, "")}`;
    const alerts = await t.api.get("/api/v1/alerts/", { params: { alert_group_id: groupId }, responseType: "text" });
    expect(alerts.status).toBe(200);
    expect(alerts.data.replace(/\s/g, "")).toContain(compact);
    const group = await t.api.get(`/api/v1/alert_groups/${groupId}/`, { responseType: "text" });
    expect(group.data.replace(/\s/g, "")).toContain(compact);
    const query = JSON.stringify(`{ alertGroup(id: "${groupId}") { lastAlert { payload } } }`);
    const gql = await postRaw("/graphql", `{"query": ${query}}`, { authorization: ADMIN_TOKEN });
    expect(gql.data.replace(/\s/g, "")).toContain(compact);
  });

  it("shows up exactly in a later event's responses", async () => {
    receiver.always({ status: 200, body: '{"ticket": 98765432109876543210, "ratio": 2.0}', headers: { "content-type": "application/json" } });
    const producer = await createWebhook(t, { trigger_type: "acknowledge", url: `${receiver.url}/producer` });
    await createWebhook(t, { trigger_type: "unacknowledge", url: `${receiver.url}/consumer` });
    await t.api.post(`/api/v1/alert_groups/${groupId}/acknowledge/`);
    await eventually(async () => (await responsesOf(t, producer.id)).length === 1);
    await t.api.post(`/api/v1/alert_groups/${groupId}/unacknowledge/`);
    const consumer = await eventually(async () => receiver.requests.find((r) => r.path === "/consumer"));
    expect(consumer.body).toContain(`"${producer.id}": {"ticket": 98765432109876543210, "ratio": 2.0}`);
    receiver.always({ status: 200, body: { ok: true } });
  });
});

describe("alerting payloads", () => {
  it("keep exact numbers when numFiring/numResolved are added", async () => {
    const alertmanager = await createIntegration(t, "alertmanager");
    const body = '{"status": "firing", "groupKey": "k", "value": 12345678901234567891, "alerts": [{"status": "firing", "n": 1.50}]}';
    expect((await postRaw(inboundPath(alertmanager), body)).status).toBe(200);
    const [group] = await groupsOf(t, alertmanager.id);
    const text = (await t.api.get(`/api/v1/alert_groups/${group.id}/`, { responseType: "text" })).data.replace(/\s/g, "");
    expect(text).toContain('"value":12345678901234567891,"alerts":[{"status":"firing","n":1.50}],"numFiring":1,"numResolved":0}');
  });

  it("legacy grafana alerts[] elements keep exact numbers", async () => {
    const grafana = await createIntegration(t, "grafana");
    const body = '{"alerts": [{"labels": {"alertname": "Big"}, "value": 98765432109876543211, "f": 2.0}]}';
    expect((await postRaw(inboundPath(grafana), body)).status).toBe(200);
    const [group] = await groupsOf(t, grafana.id);
    const text = (await t.api.get(`/api/v1/alerts/`, { params: { alert_group_id: group.id }, responseType: "text" })).data.replace(/\s/g, "");
    expect(text).toContain('"payload":{"labels":{"alertname":"Big"},"value":98765432109876543211,"f":2.0}');
  });
});

describe("previewTemplate", () => {
  const PREVIEW = "query($input: TemplatePreviewInput!) { previewTemplate(input: $input) { output error { message } } }";
  const TEMPLATE = "{{ alert_payload.big }} {{ alert_payload.whole }} {{ alert_payload }}";
  const preview = async (eventData: string) => {
    const body = `{"query": ${JSON.stringify(PREVIEW)}, "variables": {"input": {"field": "URL", "template": ${JSON.stringify(TEMPLATE)}, "eventData": ${eventData}}}}`;
    const res = await postRaw("/graphql", body, { authorization: ADMIN_TOKEN });
    return JSON.parse(res.data).data.previewTemplate;
  };

  it("renders eventData given as an object exactly", async () => {
    const out = await preview('{"alert_payload": {"big": 12345678901234567890, "whole": 3.0}}');
    expect(out).toEqual({ output: "12345678901234567890 3.0 {'big': 12345678901234567890, 'whole': 3.0}", error: null });
  });

  it("renders eventData given as JSON text exactly, key order included", async () => {
    const out = await preview(JSON.stringify('{"alert_payload": {"z": 1, "2": 2, "big": 12345678901234567890, "whole": 3.0}}'));
    expect(out).toEqual({ output: "12345678901234567890 3.0 {'z': 1, '2': 2, 'big': 12345678901234567890, 'whole': 3.0}", error: null });
  });
});
