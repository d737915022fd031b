import { Webhook, WebhookResponse } from "../../src/schema/entities";
import { Trigger } from "../../src/schema/trigger-types";
import { createIntegration } from "../helpers/integrations";
import { startTestServer, type TestServer } from "../helpers/server";
import { createTeam, createUserWithToken } from "../helpers/users";

// GraphQL webhooks: the same service and rules as REST, plus signing secrets.
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

const FIELDS = `id name isWebhookEnabled team data username password authorizationHeader triggerTemplate headers url
  forwardAll httpMethod triggerType integrationFilter preset signed`;
const CREATE = `mutation($input: WebhookInput!) { createWebhook(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation($id: ID!, $input: WebhookInput!) { updateWebhook(id: $id, input: $input) { ${FIELDS} } }`;
const GET = `query($id: ID!) { webhook(id: $id) { ${FIELDS} } }`;
const PLACEHOLDER = "****************";

let counter = 0;
const input = (extra: Record<string, unknown> = {}) => ({
  name: `gql ${++counter}`, url: "https://example.com/{{ alert_group_id }}", httpMethod: "POST", triggerType: "resolve", ...extra,
});
async function create(extra: Record<string, unknown> = {}) {
  const res = await t.gql(CREATE, { input: input(extra) });
  expect(res.errors).toBeUndefined();
  return res.data.createWebhook;
}

it("createWebhook returns the REST fields in camelCase, secrets masked, unsigned", async () => {
  const team = await createTeam(t, "gql-team");
  const { integration } = await createIntegration(t);
  const created = await create({
    team: team.publicId, password: "pw", authorizationHeader: "", integrationFilter: [integration.publicId], forwardAll: false,
  });
  expect(created).toEqual({
    id: expect.stringMatching(/^WH[A-NP-Z1-9]{12}$/), name: created.name, isWebhookEnabled: true, team: team.publicId,
    data: null, username: null, password: PLACEHOLDER, authorizationHeader: "", triggerTemplate: null, headers: null,
    url: "https://example.com/{{ alert_group_id }}", forwardAll: false, httpMethod: "POST", triggerType: "resolve",
    integrationFilter: [integration.publicId], preset: null, signed: false,
  });
  expect((await t.gql(GET, { id: created.id })).data.webhook).toEqual(created);
  // The REST view of the same row agrees.
  expect((await t.api.get(`/api/v1/webhooks/${created.id}/`)).data).toMatchObject({ password: PLACEHOLDER, team: team.publicId });
});

it("field errors come back as BAD_USER_INPUT with camelCase fields", async () => {
  const res = await t.gql(CREATE, { input: {} });
  expect(res.data).toBeNull();
  expect(res.errors![0].extensions).toMatchObject({
    code: "BAD_USER_INPUT",
    fields: {
      name: ["This field is required."], url: ["This field is required."],
      httpMethod: ["This field is required."], triggerType: ["This field is required."],
    },
  });
  const bad = await t.gql(CREATE, { input: input({ httpMethod: "post", team: "TNOPE12345678", integrationFilter: ["CNOPE"] }) });
  expect(bad.errors![0].extensions.fields).toEqual({
    team: ["Object does not exist"],
    httpMethod: ["Must be one of ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH']"],
    integrationFilter: ["Integration does not exist"],
  });
  const trigger = await t.gql(CREATE, { input: input({ triggerType: "resolved" }) });
  expect(trigger.errors![0].extensions.code).toBe("BAD_USER_INPUT");
  expect(trigger.errors![0].message).toMatch(/^trigger_type must one of \[/);
});

it("updateWebhook has PATCH semantics and keeps secrets sent back as the placeholder", async () => {
  const { integration } = await createIntegration(t);
  const created = await create({ authorizationHeader: "Bearer x", integrationFilter: [integration.publicId] });
  const res = await t.gql(UPDATE, { id: created.id, input: { isWebhookEnabled: false, authorizationHeader: PLACEHOLDER } });
  expect(res.errors).toBeUndefined();
  expect(res.data.updateWebhook).toEqual({ ...created, isWebhookEnabled: false });
  const row = await t.server.dataSource.getRepository(Webhook).findOneByOrFail({ publicId: created.id });
  expect(row.authorizationHeader).toBe("Bearer x");
  const cleared = await t.gql(UPDATE, { id: created.id, input: { integrationFilter: null, data: "{{ x | to_json }}" } });
  expect(cleared.errors![0].extensions.fields).toEqual({ data: ["Template Error: No filter named 'to_json'."] });
  const ok = await t.gql(UPDATE, { id: created.id, input: { integrationFilter: null } });
  expect(ok.data.updateWebhook.integrationFilter).toBeNull();
});

it("webhooks pages and filters like the REST list", async () => {
  const { token, organization } = await createUserWithToken(t, { newOrganization: true });
  const team = await createTeam(t, "gql-list-team", organization.id);
  const names: string[] = [];
  for (let i = 0; i < 3; i++) {
    const res = await t.gql(CREATE, { input: input({ team: i === 1 ? team.publicId : null }) }, token);
    names.push(res.data.createWebhook.name);
  }
  const LIST = `query($name: String, $teamId: ID, $page: Int, $perpage: Int) {
    webhooks(name: $name, teamId: $teamId, page: $page, perpage: $perpage) { totalCount page perpage totalPages nodes { name } } }`;
  const all = (await t.gql(LIST, {}, token)).data.webhooks;
  expect(all).toEqual({ totalCount: 3, page: 1, perpage: 50, totalPages: 1, nodes: names.map((name) => ({ name })) });
  const second = (await t.gql(LIST, { perpage: 2, page: 9 }, token)).data.webhooks;
  expect(second).toEqual({ totalCount: 3, page: 2, perpage: 2, totalPages: 2, nodes: [{ name: names[2] }] });
  expect((await t.gql(LIST, { teamId: team.publicId }, token)).data.webhooks.nodes).toEqual([{ name: names[1] }]);
  expect((await t.gql(LIST, { teamId: "null" }, token)).data.webhooks.totalCount).toBe(2);
  expect((await t.gql(LIST, { name: names[0] }, token)).data.webhooks.totalCount).toBe(1);
  const unknown = await t.gql(LIST, { teamId: "TNOPE12345678" }, token);
  expect(unknown.errors![0].extensions.fields).toEqual({ teamId: ["Select a valid choice. That choice is not one of the available choices."] });
});

it("webhookResponses lists the delivery records newest first", async () => {
  const created = await create({ triggerType: "acknowledge" });
  const row = await t.server.dataSource.getRepository(Webhook).findOneByOrFail({ publicId: created.id });
  const base = {
    organizationId: row.organizationId, alertGroupId: null, webhookId: row.id, deliveryId: null, requestTrigger: "",
    requestHeaders: null, requestData: "{}", content: "ok", eventData: "{}",
  };
  const repo = t.server.dataSource.getRepository(WebhookResponse);
  await repo.save({ ...base, triggerType: Trigger.acknowledge, attempt: 1, timestamp: new Date("2025-05-01T10:00:00.123Z"), url: "https://a/1", statusCode: 500 });
  await repo.save({ ...base, triggerType: Trigger.acknowledge, attempt: 2, timestamp: new Date("2025-05-01T10:00:10.000Z"), url: "https://a/1", statusCode: 200 });
  await repo.save({ ...base, triggerType: Trigger.resolve, attempt: 1, timestamp: new Date("2025-05-02T00:00:00.000Z"), url: "https://a/2", statusCode: 200 });
  const res = await t.gql(
    `query($id: ID!) { webhookResponses(id: $id) { totalCount nodes { timestamp url statusCode attempt requestTrigger eventData } } }`,
    { id: created.id },
  );
  expect(res.data.webhookResponses).toEqual({
    totalCount: 2,
    nodes: [
      { timestamp: "2025-05-01T10:00:10.000Z", url: "https://a/1", statusCode: 200, attempt: 2, requestTrigger: "", eventData: "{}" },
      { timestamp: "2025-05-01T10:00:00.123Z", url: "https://a/1", statusCode: 500, attempt: 1, requestTrigger: "", eventData: "{}" },
    ],
  });
});

it("rotateWebhookSigningSecret returns a Standard Webhooks secret once, stored encrypted; removeWebhookSigningSecret unsigns", async () => {
  const created = await create();
  const ROTATE = `mutation($id: ID!) { rotateWebhookSigningSecret(id: $id) }`;
  const first = (await t.gql(ROTATE, { id: created.id })).data.rotateWebhookSigningSecret;
  expect(first).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
  expect(Buffer.from(first.slice(6), "base64")).toHaveLength(32);
  expect((await t.gql(GET, { id: created.id })).data.webhook.signed).toBe(true);
  const raw = await t.server.dataSource
    .createQueryBuilder().select("w.signing_secret", "secret").from("webhook", "w").where("w.public_id = :id", { id: created.id }).getRawOne();
  expect(raw.secret).not.toContain(first.slice(6));
  expect((await t.server.dataSource.getRepository(Webhook).findOneByOrFail({ publicId: created.id })).signingSecret).toBe(first);

  const second = (await t.gql(ROTATE, { id: created.id })).data.rotateWebhookSigningSecret;
  expect(second).not.toBe(first);
  const removed = await t.gql(`mutation($id: ID!) { removeWebhookSigningSecret(id: $id) { id signed } }`, { id: created.id });
  expect(removed.data.removeWebhookSigningSecret).toEqual({ id: created.id, signed: false });
  expect((await t.server.dataSource.getRepository(Webhook).findOneByOrFail({ publicId: created.id })).signingSecret).toBeNull();
});

it("deleteWebhook soft-deletes; the id is then NOT_FOUND", async () => {
  const created = await create();
  expect((await t.gql(`mutation($id: ID!) { deleteWebhook(id: $id) }`, { id: created.id })).data.deleteWebhook).toBe(true);
  const gone = await t.gql(GET, { id: created.id });
  expect(gone.errors![0].extensions.code).toBe("NOT_FOUND");
  expect((await t.gql(`mutation($id: ID!) { deleteWebhook(id: $id) }`, { id: created.id })).errors![0].extensions.code).toBe("NOT_FOUND");
});

it("permissions and organization scope hold as over REST", async () => {
  const created = await create({ password: "secret" });
  const viewer = (await createUserWithToken(t, { role: "viewer" })).token;
  expect((await t.gql(GET, { id: created.id }, viewer)).data.webhook.password).toBe(PLACEHOLDER);
  for (const [query, vars] of [
    [CREATE, { input: input() }],
    [UPDATE, { id: created.id, input: { name: "x" } }],
    [`mutation($id: ID!) { deleteWebhook(id: $id) }`, { id: created.id }],
    [`mutation($id: ID!) { rotateWebhookSigningSecret(id: $id) }`, { id: created.id }],
    [`mutation($id: ID!) { removeWebhookSigningSecret(id: $id) { id } }`, { id: created.id }],
  ] as const) {
    const res = await t.gql(query, vars, viewer);
    expect(res.errors![0].extensions.code).toBe("FORBIDDEN");
  }
  const stranger = (await createUserWithToken(t, { newOrganization: true })).token;
  expect((await t.gql(GET, { id: created.id }, stranger)).errors![0].extensions.code).toBe("NOT_FOUND");
  expect((await t.gql(`mutation($id: ID!) { rotateWebhookSigningSecret(id: $id) }`, { id: created.id }, stranger)).errors![0].extensions.code).toBe("NOT_FOUND");
  const anonymous = await t.http.post("/graphql", { query: `{ webhooks { totalCount } }` });
  expect(anonymous.status).toBe(401);
});
