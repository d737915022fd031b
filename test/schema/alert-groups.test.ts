import { startTestServer, type TestServer } from "../helpers/server";
import { createUserWithToken } from "../helpers/users";
import { adminUser, eventsOf, inboundPath } from "../inbound/helpers";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

const INTEGRATION_FIELDS = "id name type link teamId descriptionShort heartbeatLink templates defaultRoute { id escalationChainId }";
const GROUP_FIELDS = "id integrationId routeId state alertsCount title acknowledgedBy resolvedBy silencedAt silencedUntil webLink lastAlert { id alertGroupId payload }";

async function createIntegration(input: Record<string, unknown>) {
  const res = await t.gql(`mutation($input: IntegrationInput!) { createIntegration(input: $input) { ${INTEGRATION_FIELDS} } }`, { input });
  return res;
}

describe("integrations over GraphQL", () => {
  it("creates, reads, lists, updates and deletes with REST's rules", async () => {
    const created = await createIntegration({ type: "formatted_webhook", name: "gql", templates: { web: { title: "{{ payload.title }}!" } } });
    expect(created.errors).toBeUndefined();
    const integration = created.data.createIntegration;
    expect(integration).toMatchObject({ name: "gql", type: "formatted_webhook", teamId: null, defaultRoute: { escalationChainId: null } });
    expect(integration.link).toMatch(/\/integrations\/v1\/formatted_webhook\/[A-Za-z0-9]{25}\/$/);
    expect(integration.heartbeatLink).toBe(`${integration.link}heartbeat/`);
    expect(integration.templates.web).toEqual({ title: "{{ payload.title }}!", message: null, image_url: null });
    // The REST view of the same row.
    expect((await t.api.get(`/api/v1/integrations/${integration.id}/`)).data.name).toBe("gql");

    const one = await t.gql(`query($id: ID!) { integration(id: $id) { id name } }`, { id: integration.id });
    expect(one.data.integration).toEqual({ id: integration.id, name: "gql" });
    const list = await t.gql(`{ integrations(filter: { name: "gql" }) { totalCount pageInfo { hasNextPage } nodes { id } } }`);
    expect(list.data.integrations).toEqual({ totalCount: 1, pageInfo: { hasNextPage: false }, nodes: [{ id: integration.id }] });

    const updated = await t.gql(`mutation($id: ID!, $input: IntegrationInput!) { updateIntegration(id: $id, input: $input) { name descriptionShort type } }`, {
      id: integration.id, input: { name: "renamed", descriptionShort: "d", type: "webhook" },
    });
    expect(updated.data.updateIntegration).toEqual({ name: "renamed", descriptionShort: "d", type: "formatted_webhook" });

    const removed = await t.gql(`mutation($id: ID!) { deleteIntegration(id: $id) }`, { id: integration.id });
    expect(removed.data.deleteIntegration).toBe(true);
    const gone = await t.gql(`query($id: ID!) { integration(id: $id) { id } }`, { id: integration.id });
    expect(gone.errors![0].extensions).toMatchObject({ code: "NOT_FOUND", status: 404 });
  });

  it("reports validation errors with REST's bodies", async () => {
    const missing = await createIntegration({ name: "no type" });
    expect(missing.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", fields: { type: ["This field is required."] } });
    const invalid = await createIntegration({ type: "zabbix" });
    expect(invalid.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", body: { detail: "Invalid integration type" } });
    const badTemplate = await createIntegration({ type: "webhook", templates: { grouping_key: "{{" } });
    expect(badTemplate.errors![0].extensions.body).toEqual({ detail: "Invalid grouping_key template data" });
    // Field errors under the GraphQL names (REST says description_short and team_id).
    const fields = await createIntegration({ type: "webhook", descriptionShort: "x".repeat(251), teamId: "TNOPE12345678" });
    expect(fields.errors![0].extensions.fields).toEqual({
      descriptionShort: ["Ensure this field has no more than 250 characters."], teamId: ["Object does not exist"],
    });
  });
});

describe("alert groups over GraphQL", () => {
  it("lists, reads and changes alert groups; events record the acting user", async () => {
    const created = await createIntegration({ type: "formatted_webhook" });
    const integration = created.data.createIntegration;
    await t.http.post(inboundPath(integration), { alert_uid: "g1", title: "GraphQL group" });
    const list = await t.gql(`query($f: AlertGroupFilter) { alertGroups(filter: $f) { totalCount nodes { ${GROUP_FIELDS} } } }`, {
      f: { integrationId: integration.id },
    });
    expect(list.errors).toBeUndefined();
    expect(list.data.alertGroups.totalCount).toBe(1);
    const group = list.data.alertGroups.nodes[0];
    expect(group).toMatchObject({
      integrationId: integration.id, routeId: integration.defaultRoute.id, state: "FIRING", alertsCount: 1, title: "GraphQL group",
      webLink: `${t.server.config.baseUrl}/alert-groups/${group.id}`,
      lastAlert: { alertGroupId: group.id, payload: { alert_uid: "g1", title: "GraphQL group" } },
    });

    const admin = (await adminUser(t)).publicId;
    const ack = await t.gql(`mutation($id: ID!) { acknowledgeAlertGroup(id: $id) { state acknowledgedBy } }`, { id: group.id });
    expect(ack.data.acknowledgeAlertGroup).toEqual({ state: "ACKNOWLEDGED", acknowledgedBy: admin });
    const again = await t.gql(`mutation($id: ID!) { acknowledgeAlertGroup(id: $id) { state } }`, { id: group.id });
    expect(again.errors![0].extensions).toMatchObject({ status: 400, body: { detail: "Can't acknowledge an acknowledged alert group" } });
    await t.gql(`mutation($id: ID!) { unacknowledgeAlertGroup(id: $id) { state } }`, { id: group.id });
    const silenced = await t.gql(`mutation($id: ID!) { silenceAlertGroup(id: $id, delay: 3600) { state silencedAt silencedUntil } }`, { id: group.id });
    expect(silenced.data.silenceAlertGroup.state).toBe("SILENCED");
    expect(Date.parse(silenced.data.silenceAlertGroup.silencedUntil) - Date.parse(silenced.data.silenceAlertGroup.silencedAt)).toBe(3_600_000);
    await t.gql(`mutation($id: ID!) { unsilenceAlertGroup(id: $id) { state } }`, { id: group.id });
    const resolved = await t.gql(`mutation($id: ID!) { resolveAlertGroup(id: $id) { state resolvedBy } }`, { id: group.id });
    expect(resolved.data.resolveAlertGroup).toEqual({ state: "RESOLVED", resolvedBy: admin });
    const unresolved = await t.gql(`mutation($id: ID!) { unresolveAlertGroup(id: $id) { state } }`, { id: group.id });
    expect(unresolved.data.unresolveAlertGroup.state).toBe("FIRING");
    expect(await eventsOf(t, group.id)).toEqual([
      ["alert group created", null], ["acknowledge", admin], ["unacknowledge", admin], ["silence", admin],
      ["unsilence", admin], ["resolve", admin], ["unresolve", admin],
    ]);

    const alerts = await t.gql(`query($g: ID) { alerts(filter: { alertGroupId: $g }) { totalCount nodes { id alertGroupId } } }`, { g: group.id });
    expect(alerts.data.alerts.totalCount).toBe(1);

    const wiped = await t.gql(`mutation($id: ID!) { deleteAlertGroup(id: $id) }`, { id: group.id });
    expect(wiped.data.deleteAlertGroup).toBe(true);
    const after = await t.gql(`query($id: ID!) { alertGroup(id: $id) { state title lastAlert { payload } } }`, { id: group.id });
    expect(after.data.alertGroup).toEqual({ state: "RESOLVED", title: null, lastAlert: { payload: {} } });
    const bad = await t.gql(`mutation($id: ID!) { deleteAlertGroup(id: $id, mode: SHRED) }`, { id: group.id });
    expect(bad.errors![0].extensions.code).toBe("GRAPHQL_VALIDATION_FAILED");
    await t.gql(`mutation($id: ID!) { deleteAlertGroup(id: $id, mode: DELETE) }`, { id: group.id });
    const gone = await t.gql(`query($id: ID!) { alertGroup(id: $id) { id } }`, { id: group.id });
    expect(gone.errors![0].extensions.code).toBe("NOT_FOUND");
  });

  it("validates filters and hides other organizations' groups", async () => {
    const bad = await t.gql(`{ alertGroups(filter: { state: "firing" }) { totalCount } }`);
    expect(bad.errors![0].extensions.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(bad.errors![0].message).toMatch(/Enum "AlertGroupState" cannot represent non-enum value: "firing"/);
    const firing = await t.gql(`{ alertGroups(filter: { state: FIRING }) { totalCount nodes { state } } }`);
    expect(firing.errors).toBeUndefined();
    expect(firing.data.alertGroups.nodes.every((g: { state: string }) => g.state === "FIRING")).toBe(true);
    const team = await t.gql(`{ alertGroups(filter: { teamId: "TNOPE12345678" }) { totalCount } }`);
    expect(team.errors![0].extensions.fields).toEqual({ teamId: ["Select a valid choice. That choice is not one of the available choices."] });
    const stranger = await createUserWithToken(t, { role: "admin", newOrganization: true });
    const theirs = await t.gql(`{ alertGroups { totalCount } }`, {}, stranger.token);
    expect(theirs.data.alertGroups.totalCount).toBe(0);
    const viewer = await createUserWithToken(t, { role: "viewer" });
    const denied = await t.gql(`mutation { resolveAlertGroup(id: "INOTEXISTING1") { id } }`, {}, viewer.token);
    expect(denied.errors![0].extensions.code).toBe("FORBIDDEN");
  });
});
