import net from "node:net";
import { alertGroupAction, createIntegration, createWebhook, openAlertGroup, postAlert, responsesOf, uniqueWebhookAlert } from "../helpers/alert-groups";
import { eventually } from "../helpers/fixtures";
import { scrape, type Scrape } from "../helpers/prometheus";
import { Receiver } from "../helpers/receiver";
import { startTestServer, ADMIN_TOKEN, type TestServer } from "../helpers/server";

// Issue 11, metrics: GET /metrics scraped over HTTP after real deliveries to a real receiver.
jest.setTimeout(60_000);

const ATTEMPTS = "outhook_delivery_attempts_total";

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("GET /metrics", () => {
  let t: TestServer;
  let ok: Receiver;
  let failing: Receiver;
  let slow: Receiver;

  beforeAll(async () => {
    [ok, failing, slow] = await Promise.all([Receiver.start(), Receiver.start(), Receiver.start()]);
    failing.always({ status: 500, body: "down" });
    slow.always({ status: 200, delayMs: 2_000 });
    // Loopback allowed by range only, so a private address stays refused; a failed attempt retries in an hour.
    t = await startTestServer({
      DANGEROUS_WEBHOOKS_ENABLED: "false", WEBHOOK_ALLOWED_CIDRS: "127.0.0.1/32", OUTGOING_WEBHOOK_TIMEOUT: "1", WEBHOOK_RETRY_SCHEDULE: "3600",
    });
  });
  afterAll(async () => {
    await t?.close();
    await Promise.all([ok, failing, slow].map((r) => r?.close()));
  });

  it("needs no token, and exposes the process defaults", async () => {
    const m = await scrape(t.http);
    expect(m.series("process_cpu_user_seconds_total")).toHaveLength(1);
    expect(m.series("nodejs_eventloop_lag_seconds")).toHaveLength(1);
  });

  it("counts each attempt once by outcome and trigger type, times those that sent, and reads the queue", async () => {
    const created = { trigger_type: "alert group created" };
    const hooks = {
      success: await createWebhook(t, { ...created, url: `${ok.url}/ok` }),
      http_error: await createWebhook(t, { ...created, url: `${failing.url}/500` }),
      connect_error: await createWebhook(t, { ...created, url: `http://127.0.0.1:${await closedPort()}/closed` }),
      timeout: await createWebhook(t, { ...created, url: `${slow.url}/slow` }),
      refused: await createWebhook(t, { ...created, url: "http://10.20.30.40/private" }),
      template_error: await createWebhook(t, { ...created, url: `${ok.url}/never`, forward_all: false, data: "{{ 1 / alert_payload.zero }}" }),
      skipped: await createWebhook(t, { ...created, url: `${ok.url}/never`, trigger_template: "{{ false }}" }),
    };
    const statusChange = await createWebhook(t, { trigger_type: "status change", url: `${failing.url}/status` });
    const integration = await createIntegration(t, { type: "webhook" });

    const group = await openAlertGroup(t, integration, uniqueWebhookAlert({ zero: 0 }));
    const after = await eventually(async () => {
      const m = await scrape(t.http);
      return m.sum(ATTEMPTS) >= 7 ? m : null;
    });

    for (const outcome of Object.keys(hooks)) {
      expect({ outcome, n: after.value(ATTEMPTS, { outcome, trigger_type: "alert_group_created" }) }).toEqual({ outcome, n: 1 });
    }
    expect(after.sum(ATTEMPTS)).toBe(7);
    // Four attempts sent a request (success, 500, connection refused, timeout); the timeout took the 1 s deadline.
    expect(after.value("outhook_delivery_attempt_duration_seconds_count")).toBe(4);
    expect(after.value("outhook_delivery_attempt_duration_seconds_sum")).toBeGreaterThanOrEqual(1);
    expect(after.value("outhook_delivery_attempt_duration_seconds_bucket", { le: "0.5" })).toBe(3);
    expect(after.value("outhook_delivery_attempt_duration_seconds_bucket", { le: "+Inf" })).toBe(4);
    expect(after.value("outhook_template_failures_total", { field: "data", kind: "error" })).toBe(1);
    // The 500, the closed port and the timeout wait an hour for their retry; nothing waits for a first attempt.
    expect(after.value("outhook_deliveries_pending")).toBe(3);
    expect(after.value("outhook_deliveries_in_flight")).toBe(0);
    expect(after.value("outhook_delivery_oldest_pending_age_seconds")).toBe(0);
    // What the records say agrees.
    expect(await responsesOf(t, hooks.skipped.id)).toEqual([]);
    expect((await responsesOf(t, hooks.refused.id)).map((r) => r.url)).toEqual(["URL - This url is not supported for outgoing webhooks"]);

    // The status-change webhook's first delivery fails and waits for its retry; the next one of the same group
    // waits behind it for its first attempt.
    await alertGroupAction(t, group.id, "acknowledge");
    const acknowledged = await eventually(async () => {
      const m = await scrape(t.http);
      return m.value(ATTEMPTS, { outcome: "http_error", trigger_type: "acknowledge" }) === 1 ? m : null;
    });
    expect(acknowledged.value("outhook_deliveries_pending")).toBe(4);
    await alertGroupAction(t, group.id, "resolve");
    const resolved = await eventually(async () => {
      const m = await scrape(t.http);
      return m.value("outhook_deliveries_pending") === 5 && m.value("outhook_delivery_oldest_pending_age_seconds") > 0 ? m : null;
    });
    expect(resolved.sum(ATTEMPTS)).toBe(8);
    expect((await responsesOf(t, statusChange.id)).length).toBe(1);
  });

  it("a template that runs past its deadline counts as kind timeout", async () => {
    const slowTemplate = "{% for a in alert_payload.l %}{% for b in alert_payload.l %}{% for c in alert_payload.l %}x{% endfor %}{% endfor %}{% endfor %}";
    await createWebhook(t, { trigger_type: "alert group created", url: `${ok.url}/x`, forward_all: false, data: slowTemplate });
    const before = await scrape(t.http);
    await postAlert(t, await createIntegration(t, { type: "webhook" }), uniqueWebhookAlert({ l: Array.from({ length: 2000 }, (_, i) => i) }));
    const m = await eventually(async () => {
      const now = await scrape(t.http);
      return now.value("outhook_template_failures_total", { field: "data", kind: "timeout" }) === 1 ? now : null;
    }, 20_000);
    // The earlier data template (`1 / alert_payload.zero`) fails too, as a warning: this payload has no `zero`.
    const delta = (name: string, labels: Record<string, string>) => m.value(name, labels) - before.value(name, labels);
    expect(delta(ATTEMPTS, { outcome: "template_error", trigger_type: "alert_group_created" })).toBe(2);
    expect(delta("outhook_template_failures_total", { field: "data", kind: "warning" })).toBe(1);
  });

  it("counts inbound alerts by integration type and result, and the integration templates that failed", async () => {
    const integration = await createIntegration(t, { type: "webhook", templates: { grouping_key: "{{ payload.key }}", resolve_signal: "{{ payload.state == 'ok' }}" } });
    const broken = await createIntegration(t, { type: "webhook", templates: { grouping_key: "{{ 1 / payload.zero }}" } });
    const path = new URL(integration.link).pathname;
    const before = await scrape(t.http);
    const count = (m: Scrape, result: string) => m.value("outhook_inbound_alerts_total", { integration_type: "webhook", result }) - before.value("outhook_inbound_alerts_total", { integration_type: "webhook", result });

    await postAlert(t, integration, { key: "db", state: "alerting" });
    await postAlert(t, integration, { key: "db", state: "alerting" });
    await postAlert(t, integration, { key: "db", state: "ok" });
    await postAlert(t, broken, { zero: 0 });
    expect((await t.http.post("/integrations/v1/webhook/no-such-token/", { a: 1 })).status).toBe(403);
    expect((await t.http.post(path, "", { headers: { "content-type": "application/json" } })).status).toBe(400);
    expect((await t.http.post("/integrations/v1/made-up-type/no-such-token/", { a: 1 })).status).toBe(403);

    const m = await scrape(t.http);
    expect({ created: count(m, "created"), grouped: count(m, "grouped"), resolved: count(m, "resolved"), rejected: count(m, "rejected") }).toEqual({
      created: 2, grouped: 1, resolved: 1, rejected: 2,
    });
    expect(m.value("outhook_inbound_alerts_total", { integration_type: "unknown", result: "rejected" })).toBe(1);
    expect(m.value("outhook_template_failures_total", { field: "grouping_key", kind: "error" })).toBe(1);
  });

  it("labels HTTP requests with route templates, never raw paths", async () => {
    const hook = await createWebhook(t, { url: `${ok.url}/x` });
    const integration = await createIntegration(t, { type: "webhook" });
    const token = new URL(integration.link).pathname.split("/")[4];
    expect((await t.api.get(`/api/v1/webhooks/${hook.id}/`)).status).toBe(200);
    expect((await t.api.get("/api/v1/webhooks/WHNOSUCH1/")).status).toBe(404);
    await postAlert(t, integration, uniqueWebhookAlert());
    expect((await t.http.get("/no/such/path")).status).toBe(404);

    const m = await scrape(t.http);
    const requests = "outhook_http_requests_total";
    expect(m.value(requests, { route: "/api/v1/webhooks/:id", method: "GET", status: "200" })).toBeGreaterThanOrEqual(1);
    expect(m.value(requests, { route: "/api/v1/webhooks/:id", method: "GET", status: "404" })).toBeGreaterThanOrEqual(1);
    expect(m.value(requests, { route: "/integrations/v1/:type/:token", method: "POST", status: "200" })).toBeGreaterThanOrEqual(1);
    expect(m.value(requests, { route: "unmatched", method: "GET", status: "404" })).toBeGreaterThanOrEqual(1);
    expect(m.value(requests, { route: "/metrics", method: "GET", status: "200" })).toBeGreaterThanOrEqual(1);
    for (const raw of [hook.id, "WHNOSUCH1", token, "/no/such/path"]) expect(m.text).not.toContain(raw);
  });
});

describe("GET /metrics with METRICS_TOKEN", () => {
  let t: TestServer;
  beforeAll(async () => (t = await startTestServer({ METRICS_TOKEN: "metrics-secret-123" })));
  afterAll(() => t?.close());

  it("answers 401 without the bearer or with another token, 200 with it", async () => {
    const get = (authorization?: string) => t.http.get("/metrics", { headers: authorization ? { authorization } : {} });
    for (const authorization of [undefined, "Bearer wrong", "metrics-secret-123", `Bearer ${ADMIN_TOKEN}`, "Basic bWV0cmljcy1zZWNyZXQtMTIz"]) {
      const res = await get(authorization);
      expect({ authorization, status: res.status }).toEqual({ authorization, status: 401 });
      expect(res.headers["www-authenticate"]).toMatch(/^Bearer/);
    }
    const m = await scrape(t.http, { authorization: "Bearer metrics-secret-123" });
    expect(m.series("outhook_deliveries_pending")).toHaveLength(1);
  });
});
