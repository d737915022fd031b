import { startTestServer, type TestServer } from "../helpers/server";
import { adminUser, createIntegration, eventsOf, groupsOf, postAlert } from "./helpers";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

async function send(type: string, templates: Record<string, unknown> | null, ...payloads: unknown[]) {
  const integration = await createIntegration(t, type, templates ? { templates } : {});
  for (const payload of payloads) expect((await postAlert(t, integration, payload)).status).toBe(200);
  return { integration, groups: await groupsOf(t, integration.id) };
}

describe("default titles", () => {
  it.each([
    [{ alertname: "X", job: "node", env: "prod" }, "X (node, prod)"],
    [{ alertname: "InstanceDown" }, "InstanceDown "],
    [{ job: "node" }, " (node)"],
    [undefined, " "],
  ])("alertmanager groupLabels %j → %j", async (groupLabels, title) => {
    const { groups } = await send("alertmanager", null, { groupKey: `k-${title}`, status: "firing", alerts: [], groupLabels });
    expect(groups[0].title).toBe(title);
  });

  it("prints group label values that are not strings as Python would, numbers exactly as sent", async () => {
    const integration = await createIntegration(t, "alertmanager");
    const body = '{"groupKey": "numbers", "status": "firing", "alerts": [], "groupLabels": {"alertname": "N", "whole": 1.0, "big": 12345678901234567890, "on": true}}';
    expect((await postAlert(t, integration, body)).status).toBe(200);
    expect((await groupsOf(t, integration.id))[0].title).toBe("N (1.0, 12345678901234567890, True)");
  });

  it("uses labels.alertname and every group label value for the legacy shape", async () => {
    const { groups } = await send("grafana_alerting", null, { groupKey: "legacy", labels: { alertname: "Legacy" }, groupLabels: { alertname: "G", job: "j" } });
    expect(groups[0].title).toBe("Legacy (G, j)");
  });

  it("formatted_webhook falls back to OnCall's placeholder", async () => {
    const { groups } = await send("formatted_webhook", null, { alert_uid: "no-title" });
    expect(groups[0].title).toBe("Title undefined (Check Web Title Template)");
  });

  it("grafana legacy falls back to labels.alertname, then the placeholder (and groups the same way)", async () => {
    const { groups } = await send("grafana", null, { labels: { alertname: "FromLabels" } }, { state: "alerting" }, { ruleName: "R", title: "" });
    expect(groups.map((g) => g.title).sort()).toEqual(["FromLabels", "No title (check Web Title Template)", "No title (check Web Title Template)"]);
  });

  it("is rendered once, from the alert that opens the group", async () => {
    const { groups } = await send("formatted_webhook", null, { alert_uid: "same", title: "first" }, { alert_uid: "same", title: "second" });
    expect(groups).toHaveLength(1);
    expect(groups[0].title).toBe("first");
  });
});

describe("template overrides", () => {
  it("groups by a custom grouping key and resolves on a trimmed, case-insensitive signal", async () => {
    const templates = { grouping_key: "{{ payload.service }}", resolve_signal: "{{ payload.st }}", web: { title: "{{ payload.service }} is {{ payload.st }}" } };
    const { integration } = await send("webhook", templates, { service: "db", st: "bad" }, { service: "db", st: "worse" });
    let groups = await groupsOf(t, integration.id);
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ alerts_count: 2, state: "firing", title: "db is bad" });
    await postAlert(t, integration, { service: "db", st: " OK " });
    groups = await groupsOf(t, integration.id);
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ state: "resolved", alerts_count: 3 });
  });

  it.each([["1"], ["true"], ["True"], ["ok"], ["\tOK\n"]])("%j is a truthy signal", async (value) => {
    const { groups } = await send("webhook", { resolve_signal: "{{ payload.v }}" }, { v: value });
    expect(groups[0].state).toBe("resolved");
  });

  it.each([["yes"], ["0"], ["false"], [""], ["okay"]])("%j is not a signal", async (value) => {
    const { groups } = await send("webhook", { resolve_signal: "{{ payload.v }}" }, { v: value });
    expect(groups[0].state).toBe("firing");
  });

  it("acknowledges by source once, with no user", async () => {
    const templates = { grouping_key: "{{ payload.k }}", acknowledge_signal: '{{ payload.ack == "yes" }}' };
    const { integration, groups } = await send("webhook", templates, { k: "a", ack: "no" }, { k: "a", ack: "yes" }, { k: "a", ack: "yes" });
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ state: "acknowledged", acknowledged_by: null, alerts_count: 3 });
    expect(await eventsOf(t, groups[0].id)).toEqual([["alert group created", null], ["acknowledge", null]]);
    expect(integration.id).toBeTruthy();
  });

  it("a group opened by an acknowledge and resolve signal emits created, acknowledge, resolve", async () => {
    const { groups } = await send("webhook", { acknowledge_signal: "1", resolve_signal: "true" }, { any: 1 });
    expect(groups[0]).toMatchObject({ state: "resolved", acknowledged_by: null, resolved_by: null });
    expect((await eventsOf(t, groups[0].id)).map(([type]) => type)).toEqual(["alert group created", "acknowledge", "resolve"]);
  });

  it("a resolve signal clears a silence without an unsilence event", async () => {
    const templates = { grouping_key: "{{ payload.k }}", resolve_signal: "{{ payload.done }}" };
    const { integration, groups } = await send("webhook", templates, { k: "s", done: false });
    await t.api.post(`/api/v1/alert_groups/${groups[0].id}/silence/`, { delay: -1 });
    await postAlert(t, integration, { k: "s", done: true });
    const [group] = await groupsOf(t, integration.id);
    expect(group).toMatchObject({ state: "resolved", silenced_at: null });
    const admin = (await adminUser(t)).publicId;
    expect(await eventsOf(t, group.id)).toEqual([["alert group created", null], ["silence", admin], ["resolve", null]]);
  });

  it("a title that fails to render becomes the error text", async () => {
    const { groups } = await send("webhook", { web: { title: "{{ payload.missing.deeper }}" } }, { x: 1 });
    expect(groups[0].title).toMatch(/^Template Warning: /);
  });

  it("an empty or failing grouping key opens a new group for every alert; whitespace groups", async () => {
    const empty = await send("webhook", { grouping_key: "{{ payload.none }}" }, { a: 1 }, { a: 1 });
    expect(empty.groups).toHaveLength(2);
    const failing = await send("webhook", { grouping_key: "{{ payload.none.deeper }}" }, { a: 1 }, { a: 1 });
    expect(failing.groups).toHaveLength(2);
    const newline = await send("webhook", { grouping_key: "{{ payload.nl }}" }, { nl: "\n" }, { nl: "\n" });
    expect(newline.groups).toHaveLength(1);
  });

  it("groups a webhook heartbeat by its alert_uid", async () => {
    const { groups } = await send("webhook", null, { is_oncall_heartbeat: true, alert_uid: "hb", n: 1 }, { is_oncall_heartbeat: true, alert_uid: "hb", n: 2 });
    expect(groups).toHaveLength(1);
    expect(groups[0].alerts_count).toBe(2);
  });

  it("keeps different integrations apart even with the same key", async () => {
    const a = await send("formatted_webhook", null, { alert_uid: "shared" });
    const b = await send("formatted_webhook", null, { alert_uid: "shared" });
    expect(a.groups[0].id).not.toBe(b.groups[0].id);
  });
});
