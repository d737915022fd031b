import { readFixture } from "../helpers/fixtures";
import { startTestServer, type TestServer } from "../helpers/server";
import { adminUser, createIntegration, eventsOf, groupsOf, postAlert } from "./helpers";

/** inbound.md §9 "Expected sequences": a fresh integration each, default templates. */
let t: TestServer;
let admin: string;
beforeAll(async () => {
  t = await startTestServer();
  admin = (await adminUser(t)).publicId;
});
afterAll(() => t.close());

async function send(type: string, ...payloads: unknown[]) {
  const integration = await createIntegration(t, type);
  for (const payload of payloads) expect((await postAlert(t, integration, payload)).status).toBe(200);
  return integration;
}

const firing = () => readFixture("inbound/alertmanager_firing.json");
const resolved = () => readFixture("inbound/alertmanager_resolved.json");

describe("inbound.md §9 expected sequences", () => {
  it("alertmanager_firing, then alertmanager_resolved: one group, resolved by the source", async () => {
    const integration = await send("alertmanager", "alertmanager_firing.json");
    const [afterFirst] = await groupsOf(t, integration.id);
    expect(afterFirst).toMatchObject({ state: "firing", alerts_count: 1, title: "InstanceDown " });
    expect(await eventsOf(t, afterFirst.id)).toEqual([["alert group created", null]]);

    await postAlert(t, integration, "alertmanager_resolved.json");
    const groups = await groupsOf(t, integration.id);
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ id: afterFirst.id, state: "resolved", resolved_by: null, acknowledged_at: null, acknowledged_by: null, alerts_count: 2 });
    expect(groups[0].last_alert.payload).toEqual({ ...resolved(), numFiring: 0, numResolved: 2 });
    expect(Object.keys(groups[0].last_alert.payload).slice(-2)).toEqual(["numFiring", "numResolved"]);
    expect(await eventsOf(t, afterFirst.id)).toEqual([["alert group created", null], ["resolve", null]]);
    // The first alert (event data's alert_payload) is the firing body, unchanged (it already had numFiring).
    const alerts = (await t.api.get(`/api/v1/alerts/?alert_group_id=${afterFirst.id}`)).data.results;
    expect(alerts.at(-1).payload).toEqual(firing());
  });

  it("alertmanager_firing twice: one group, two alerts, one created event", async () => {
    const integration = await send("alertmanager", "alertmanager_firing.json", "alertmanager_firing.json");
    const groups = await groupsOf(t, integration.id);
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ state: "firing", alerts_count: 2 });
    expect(await eventsOf(t, groups[0].id)).toEqual([["alert group created", null]]);
  });

  it("firing, resolved, firing: the resolved group stays closed, a new one opens", async () => {
    const integration = await send("alertmanager", "alertmanager_firing.json", "alertmanager_resolved.json", "alertmanager_firing.json");
    const [newest, oldest] = await groupsOf(t, integration.id);
    expect(oldest).toMatchObject({ state: "resolved", alerts_count: 2 });
    expect(newest).toMatchObject({ state: "firing", alerts_count: 1 });
    expect(await eventsOf(t, newest.id)).toEqual([["alert group created", null]]);
  });

  it("alertmanager_resolved alone: opened and resolved at once", async () => {
    const integration = await send("alertmanager", "alertmanager_resolved.json");
    const groups = await groupsOf(t, integration.id);
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ state: "resolved", resolved_by: null, alerts_count: 1, title: "InstanceDown " });
    expect(await eventsOf(t, groups[0].id)).toEqual([["alert group created", null], ["resolve", null]]);
  });

  it("firing, acknowledge via API, resolved: acknowledged_by the user, resolved_by null", async () => {
    const integration = await send("alertmanager", "alertmanager_firing.json");
    const [group] = await groupsOf(t, integration.id);
    expect((await t.api.post(`/api/v1/alert_groups/${group.id}/acknowledge/`)).status).toBe(200);
    await postAlert(t, integration, "alertmanager_resolved.json");
    const groups = await groupsOf(t, integration.id);
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ state: "resolved", acknowledged_by: admin, resolved_by: null });
    expect(await eventsOf(t, group.id)).toEqual([["alert group created", null], ["acknowledge", admin], ["resolve", null]]);
  });

  it("firing, resolve and unresolve via API, firing: two groups, the unresolved one firing with 1 alert", async () => {
    const integration = await send("alertmanager", "alertmanager_firing.json");
    const [group] = await groupsOf(t, integration.id);
    await t.api.post(`/api/v1/alert_groups/${group.id}/resolve/`);
    await t.api.post(`/api/v1/alert_groups/${group.id}/unresolve/`);
    await postAlert(t, integration, "alertmanager_firing.json");
    const [newest, unresolved] = await groupsOf(t, integration.id);
    expect(unresolved).toMatchObject({ id: group.id, state: "firing", alerts_count: 1 });
    expect(newest).toMatchObject({ state: "firing", alerts_count: 1 });
    expect(newest.id).not.toBe(group.id);
  });

  it("a resolve signal with no open group joins the latest resolved group: no state change, no event", async () => {
    const integration = await send("alertmanager", "alertmanager_firing.json", "alertmanager_resolved.json", "alertmanager_resolved.json");
    const groups = await groupsOf(t, integration.id);
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ state: "resolved", alerts_count: 3 });
    expect(await eventsOf(t, groups[0].id)).toEqual([["alert group created", null], ["resolve", null]]);
  });

  it("formatted_webhook, then formatted_webhook_resolved: one group resolved by the source", async () => {
    const integration = await send("formatted_webhook", "formatted_webhook.json", "formatted_webhook_resolved.json");
    const groups = await groupsOf(t, integration.id);
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ state: "resolved", resolved_by: null, alerts_count: 2, title: "TestAlert: The whole system is down" });
  });

  it("webhook twice: one group with two alerts, titled Incident", async () => {
    const integration = await send("webhook", "webhook.json", "webhook.json");
    const groups = await groupsOf(t, integration.id);
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ alerts_count: 2, title: "Incident", state: "firing" });
  });

  it('webhook, then the same body plus "state": "ok": two groups, the second opened and resolved', async () => {
    const body = readFixture("inbound/webhook.json");
    const integration = await send("webhook", body, { ...body, state: "ok" });
    const [second, first] = await groupsOf(t, integration.id);
    expect(first).toMatchObject({ state: "firing", alerts_count: 1 });
    expect(second).toMatchObject({ state: "resolved", alerts_count: 1, resolved_by: null });
    expect(await eventsOf(t, second.id)).toEqual([["alert group created", null], ["resolve", null]]);
  });

  it("webhook payloads group only when identical, key order included", async () => {
    const integration = await send("webhook", { a: 1, b: 2 }, { b: 2, a: 1 }, { a: 1, b: 2 });
    const groups = await groupsOf(t, integration.id);
    expect(groups.map((g) => g.alerts_count).sort()).toEqual([1, 2]);
  });

  it("grafana_legacy: one group titled [Alerting] Test notification", async () => {
    const integration = await send("grafana", "grafana_legacy.json");
    const groups = await groupsOf(t, integration.id);
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ title: "[Alerting] Test notification", alerts_count: 1, state: "firing" });
    expect(groups[0].last_alert.payload).toEqual(readFixture("inbound/grafana_legacy.json"));
  });

  it("grafana_alerting firing then resolved: one group, counts added only where absent", async () => {
    const integration = await send("grafana_alerting", "grafana_alerting_firing.json", "grafana_alerting_resolved.json");
    const groups = await groupsOf(t, integration.id);
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ state: "resolved", title: "InstanceDown ", alerts_count: 2 });
    expect(groups[0].last_alert.payload).toEqual(readFixture("inbound/grafana_alerting_resolved.json"));
  });

  it("numFiring/numResolved are added for alerting types only, counted from alerts[]", async () => {
    const partial = { alerts: [{ status: "firing" }, { status: "resolved" }, { status: "firing" }, {}], status: "firing", groupKey: "k" };
    const am = await send("alertmanager", partial);
    expect((await groupsOf(t, am.id))[0].last_alert.payload).toEqual({ ...partial, numFiring: 2, numResolved: 1 });
    const keepsOwn = { numFiring: 7, groupKey: "k2" };
    const ga = await send("grafana_alerting", keepsOwn);
    expect((await groupsOf(t, ga.id))[0].last_alert.payload).toEqual(keepsOwn);
    const wh = await send("webhook", partial);
    expect((await groupsOf(t, wh.id))[0].last_alert.payload).toEqual(partial);
  });

  it("alertmanager_firing posted to a grafana integration: one alert per element, grouped by alertname", async () => {
    const integration = await send("grafana", "alertmanager_firing.json");
    const groups = await groupsOf(t, integration.id);
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ alerts_count: 2, title: "InstanceDown", state: "firing" });
    const alerts = (await t.api.get(`/api/v1/alerts/?alert_group_id=${groups[0].id}`)).data.results;
    expect(alerts.map((a: any) => a.payload)).toEqual([...firing().alerts].reverse());
  });
});
