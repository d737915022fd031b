import { eventually } from "../helpers/fixtures";
import { startTestServer, type TestServer } from "../helpers/server";
import { createIntegration, eventsOf, groupsOf, postAlert } from "./helpers";

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

  it("treats a body without alerts[] as one alert in the old format, resolved at once", async () => {
    const integration = await createIntegration(t, "grafana");
    await postAlert(t, integration, "grafana_legacy.json");
    await postAlert(t, integration, { ruleName: "Test notification", state: "ok", title: "[OK] Test notification" });
    const groups = await groupsOf(t, integration.id);
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ state: "resolved", alerts_count: 2, title: "[Alerting] Test notification" });
  });
});
