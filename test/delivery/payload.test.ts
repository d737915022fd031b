import { alertGroupAction, createIntegration, createWebhook, openAlertGroup, postAlert } from "../helpers/alert-groups";
import { eventually, readFixture } from "../helpers/fixtures";
import { Receiver } from "../helpers/receiver";
import { startTestServer, type TestServer } from "../helpers/server";
import { createTeam, createUserWithToken } from "../helpers/users";
import { AlertGroup, UserNotification } from "../../src/schema/entities";
import { allDeliveriesSettled, keysOf } from "./helpers";

// delivery.md §4 and §13: outhook's payloads have the fixtures' exact shape; they differ only in
// permalinks.web (BASE_URL/alert-groups/<id>), labels ({}), and the extra `users_to_notify` (ruling).
function expectedKeys(fixture: Record<string, unknown>, withResponses: boolean): string[] {
  const keys = keysOf(fixture).filter((k) => k !== "responses" || withResponses);
  keys.splice(keys.indexOf("users_to_be_notified") + 1, 0, "users_to_notify");
  if (withResponses && !keys.includes("responses")) keys.splice(keys.indexOf("webhook"), 0, "responses");
  return keys;
}

describe("event payloads", () => {
  let t: TestServer;
  const sink = { ticket: null as unknown as Receiver, text: null as unknown as Receiver, main: null as unknown as Receiver };

  beforeAll(async () => {
    t = await startTestServer();
    sink.ticket = (await Receiver.start()).always({ status: 201, body: { id: "10042", key: "OPS-1234" } });
    sink.text = (await Receiver.start()).always({ status: 200, body: "OK" });
    sink.main = await Receiver.start();
  });
  afterAll(async () => {
    await t.close();
    for (const r of Object.values(sink)) await r.close();
  });

  it("acknowledge: the acknowledge-alertmanager fixture's shape, with responses of the other webhooks", async () => {
    const fixture = readFixture("events/acknowledge-alertmanager.json");
    const team = await createTeam(t, "Platform");
    const bob = await createUserWithToken(t, { username: "bob" });
    const admin = (await t.api.get("/api/v1/users/current/")).data;
    const chain = (await t.api.post("/api/v1/escalation_chains/", { name: "payload-chain" })).data;
    await t.api.post("/api/v1/escalation_policies/", {
      escalation_chain_id: chain.id, type: "notify_persons", persons_to_notify: [admin.id, bob.user.publicId],
    });
    const integration = await createIntegration(t, { name: "Prod Prometheus", team_id: team.publicId, default_route: { escalation_chain_id: chain.id } });
    const ticket = await createWebhook(t, { trigger_type: "alert group created", url: `${sink.ticket.url}/issue`, integration_filter: [integration.id] });
    const ack = await createWebhook(t, { name: "Post ack to status page", trigger_type: "acknowledge", url: `${sink.main.url}/ack` });

    const group = await openAlertGroup(t, integration);
    await sink.ticket.waitFor(1);
    await eventually(async () => (await notifiedCount(t, group.id)) === 2, 15_000);
    await allDeliveriesSettled(t);
    await alertGroupAction(t, group.id, "acknowledge");
    const [request] = await sink.main.waitFor(1);
    const body = request.json;

    expect(keysOf(body)).toEqual(expectedKeys(fixture, true));
    expect(keysOf(body.alert_group)).toEqual(keysOf(fixture.alert_group));
    expect(keysOf(body.alert_group.last_alert)).toEqual(keysOf(fixture.alert_group.last_alert));
    expect(keysOf(body.integration)).toEqual(keysOf(fixture.integration));
    expect(keysOf(body.user)).toEqual(keysOf(fixture.user));

    const userOf = (u: any) => ({ id: u.id, username: u.username, email: u.email });
    const bobRef = { id: bob.user.publicId, username: "bob", email: bob.user.email };
    expect(body.user).toEqual(userOf(admin));
    expect(body.alert_group_id).toBe(group.id);
    expect(body.alert_group).toMatchObject({
      id: group.id, integration_id: integration.id, team_id: team.publicId, route_id: integration.defaultRouteId,
      alerts_count: 1, state: "acknowledged", resolved_at: null, resolved_by: null, acknowledged_by: admin.id,
      labels: {}, title: group.title, silenced_at: null,
      permalinks: { slack: null, slack_app: null, telegram: null, web: `${t.server.config.baseUrl}/alert-groups/${group.id}` },
    });
    expect(body.alert_group.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?Z$/);
    expect(body.event.time).toBe(body.alert_group.acknowledged_at.replace("Z", "+00:00"));
    expect(body.alert_payload).toEqual(readFixture("inbound/alertmanager_firing.json"));
    expect(body.alert_group.last_alert.payload).toEqual(body.alert_payload);
    expect(body.integration).toEqual({ id: integration.id, type: "alertmanager", name: "Prod Prometheus - Alertmanager", team: "Platform", labels: {} });
    expect(body.users_to_be_notified).toEqual([userOf(admin), bobRef]);
    expect(body.users_to_notify).toEqual(body.users_to_be_notified);
    expect(body.notified_users).toEqual([userOf(admin), bobRef]);
    expect(body.alert_group_acknowledged_by).toEqual(userOf(admin));
    expect(body.alert_group_resolved_by).toBeNull();
    expect(body.responses).toEqual({ [ticket.id]: { id: "10042", key: "OPS-1234" } });
    expect(body.webhook).toEqual({ id: ack.id, name: "Post ack to status page", labels: {} });
  });

  it("resolve by the source on a status-change webhook: the resolve-grafana-alerting fixture's shape", async () => {
    const fixture = readFixture("events/resolve-grafana-alerting.json");
    const integration = await createIntegration(t, { type: "grafana_alerting" });
    const hook = await createWebhook(t, { trigger_type: "status change", url: `${sink.main.url}/sc`, integration_filter: [integration.id] });
    const before = sink.main.requests.length;
    const group = await openAlertGroup(t, integration, readFixture("inbound/grafana_alerting_firing.json"));
    await allDeliveriesSettled(t);
    await postAlert(t, integration, readFixture("inbound/grafana_alerting_resolved.json"));
    const requests = await sink.main.waitFor(before + 1);
    const body = requests[before].json;

    expect(keysOf(body)).toEqual(expectedKeys(fixture, false)); // no other webhook ran on this group
    expect(body.event).toEqual({ type: "resolve", time: body.alert_group.resolved_at.replace("Z", "+00:00") });
    expect(body.user).toBeNull();
    expect(body.alert_group).toMatchObject({ id: group.id, state: "resolved", resolved_by: null, alerts_count: 2 });
    expect(body.alert_group.last_alert.payload.status).toBe("resolved");
    expect(body.alert_payload).toEqual(readFixture("inbound/grafana_alerting_firing.json"));
    expect(body.integration.name).toMatch(/^Grafana Alerting/);
    expect(body.webhook.id).toBe(hook.id);
  });

  it("alert group created: the alert-group-created-webhook fixture's shape, no responses key", async () => {
    const fixture = readFixture("events/alert-group-created-webhook.json");
    const integration = await createIntegration(t, { type: "webhook", name: "Checkout service" });
    const created = await createWebhook(t, { trigger_type: "alert group created", url: `${sink.main.url}/created`, integration_filter: [integration.id] });
    const before = sink.main.requests.length;
    const group = await openAlertGroup(t, integration, readFixture("inbound/webhook.json"));
    const body = (await sink.main.waitFor(before + 1))[before].json;
    expect(keysOf(body)).toEqual(expectedKeys(fixture, false));
    expect(body.event).toEqual({ type: "alert group created", time: body.alert_group.created_at.replace("Z", "+00:00") });
    expect(body.alert_group).toMatchObject({ id: group.id, state: "firing", title: "Incident", alerts_count: 1, acknowledged_at: null });
    expect(body.alert_payload).toEqual(readFixture("inbound/webhook.json"));
    expect(body.integration.name).toBe("Checkout service - Webhook");
    expect(body.users_to_be_notified).toEqual([]);
    expect(body.webhook.id).toBe(created.id);
  });
});

async function notifiedCount(t: TestServer, groupId: string): Promise<number> {
  const group = await t.server.dataSource.getRepository(AlertGroup).findOneByOrFail({ publicId: groupId });
  return t.server.dataSource.getRepository(UserNotification).countBy({ alertGroupId: group.id });
}
