import { Alert, AlertGroup } from "../../src/schema/entities";
import { eventually } from "../helpers/fixtures";
import { startTestServer, type TestServer } from "../helpers/server";
import { createIntegration, eventsOf, groupsOf, inboundPath, postAlert } from "./helpers";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

const element = (alertname: string, instance: string, status: "firing" | "resolved") => ({
  status, labels: { alertname, instance }, annotations: { summary: `${instance} ${status}` },
});

describe("legacy grafana with alerts[]", () => {
  it("splits elements into alerts grouped by alertname, without adding counts", async () => {
    const integration = await createIntegration(t, "grafana");
    const body = { alerts: [element("Disk", "a", "firing"), element("CPU", "a", "firing"), element("Disk", "b", "firing")], status: "firing" };
    expect((await postAlert(t, integration, body)).status).toBe(200);
    const groups = await groupsOf(t, integration.id);
    expect(groups.map((g) => [g.title, g.alerts_count]).sort()).toEqual([["CPU", 1], ["Disk", 2]]);
    const disk = groups.find((g) => g.title === "Disk");
    expect(disk.last_alert.payload).toEqual(element("Disk", "b", "firing"));
  });

  it("resolves ~5 s after the last element once every label set's newest alert is resolved", async () => {
    const integration = await createIntegration(t, "grafana");
    await postAlert(t, integration, { alerts: [element("Mem", "a", "firing"), element("Mem", "b", "firing")] });
    const [group] = await groupsOf(t, integration.id);

    // Only instance a resolved: b's newest alert still fires, so the check leaves the group alone.
    await postAlert(t, integration, { alerts: [element("Mem", "a", "resolved")] });
    expect((await groupsOf(t, integration.id))[0].state).toBe("firing"); // deferred, not at once
    await eventually(async () => (await t.server.dataSource.query("SELECT auto_resolve_due_at FROM alert_group"))
      .every((r: { auto_resolve_due_at: unknown }) => r.auto_resolve_due_at === null), 15_000);
    expect((await groupsOf(t, integration.id))[0]).toMatchObject({ state: "firing", alerts_count: 3 });

    await postAlert(t, integration, { alerts: [element("Mem", "b", "resolved")] });
    await eventually(async () => (await groupsOf(t, integration.id))[0].state === "resolved", 15_000);
    const [resolved] = await groupsOf(t, integration.id);
    expect(resolved).toMatchObject({ id: group.id, resolved_by: null, alerts_count: 4 });
    expect(await eventsOf(t, group.id)).toEqual([["alert group created", null], ["resolve", null]]);
  }, 30_000);

  it("keeps each element's key order and numbers as sent (integer-like keys included)", async () => {
    const integration = await createIntegration(t, "grafana");
    const elementText = '{"status": "firing", "labels": {"alertname": "Order"}, "2": "two", "big": 12345678901234567890, "whole": 3.0}';
    const res = await t.http.post(inboundPath(integration), `{"alerts": [${elementText}]}`, {
      headers: { "content-type": "application/json" }, transformRequest: (d) => d,
    });
    expect(res.status).toBe(200);
    const [group] = await groupsOf(t, integration.id);
    const raw = await t.api.get(`/api/v1/alerts/?alert_group_id=${group.id}`, { responseType: "text", transformResponse: (d) => d });
    expect(raw.data).toContain('"payload":{"status": "firing", "labels": {"alertname": "Order"}, "2": "two", "big": 12345678901234567890, "whole": 3.0}');
  });

  it("treats a body without alerts[] as one alert in the old format, resolved at once", async () => {
    const integration = await createIntegration(t, "grafana");
    await postAlert(t, integration, "grafana_legacy.json");
    await postAlert(t, integration, { ruleName: "Test notification", state: "ok", title: "[OK] Test notification" });
    const groups = await groupsOf(t, integration.id);
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ state: "resolved", alerts_count: 2, title: "[Alerting] Test notification" });
  });
});

describe("legacy grafana alerts[]: one POST is stored all or nothing", () => {
  /** Groups and alerts stored for an integration, read straight from the tables. */
  const storedFor = async (publicId: string) => {
    const ds = t.server.dataSource;
    const [{ id }] = await ds.query(`SELECT id FROM integration WHERE public_id = '${publicId}'`);
    const groups = await ds.getRepository(AlertGroup).find({ where: { integrationId: id } });
    const alerts = groups.length ? await ds.getRepository(Alert).count({ where: groups.map((g) => ({ alertGroupId: g.id })) }) : 0;
    return { groups: groups.length, alerts };
  };

  it("refuses a body with one too deeply nested element with 400, storing none of the others", async () => {
    const integration = await createIntegration(t, "grafana");
    const deep = "[".repeat(10_000) + "]".repeat(10_000);
    const body = `{"alerts": [{"labels": {"alertname": "First"}, "status": "firing"}, ${deep}]}`;
    const res = await t.http.post(inboundPath(integration), body, { headers: { "content-type": "application/json" }, transformRequest: (d) => d });
    expect(res.status).toBe(400);
    expect(res.data.detail).toMatch(/nest/i);
    expect(await storedFor(integration.id)).toEqual({ groups: 0, alerts: 0 });
  });

  it("rolls every element back when storing a later one fails, so the sender's retry stores each once", async () => {
    const integration = await createIntegration(t, "grafana");
    const ds = t.server.dataSource;
    // A database that refuses the second element: set up directly in the schema, not by mocking our code.
    if (t.db.kind === "postgres") {
      await ds.query(`CREATE FUNCTION refuse_boom() RETURNS trigger AS $$ BEGIN
        IF NEW.payload LIKE '%boom%' THEN RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`);
      await ds.query("CREATE TRIGGER refuse_boom BEFORE INSERT ON alert FOR EACH ROW EXECUTE FUNCTION refuse_boom()");
    } else {
      await ds.query("CREATE TRIGGER refuse_boom BEFORE INSERT ON alert WHEN NEW.payload LIKE '%boom%' BEGIN SELECT RAISE(ABORT, 'refused by the test'); END");
    }
    const body = { alerts: [element("Disk", "a", "firing"), element("Disk", "boom", "firing"), element("CPU", "a", "firing")] };
    try {
      expect((await t.http.post(inboundPath(integration), body)).status).toBe(500);
      expect(await storedFor(integration.id)).toEqual({ groups: 0, alerts: 0 });
    } finally {
      await ds.query("DROP TRIGGER refuse_boom" + (t.db.kind === "postgres" ? " ON alert" : ""));
    }
    expect((await t.http.post(inboundPath(integration), body)).status).toBe(200);
    expect(await storedFor(integration.id)).toEqual({ groups: 2, alerts: 3 });
    const groups = await groupsOf(t, integration.id);
    expect(groups.map((g) => [g.title, g.alerts_count]).sort()).toEqual([["CPU", 1], ["Disk", 2]]);
  });
});
