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

const FIELDS = `id name isWebhookEnabled teamId data username password authorizationHeader triggerTemplate headers url
  forwardAll httpMethod triggerType integrationFilter preset signed`;
const CREATE = `mutation($input: WebhookInput!) { createWebhook(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation($id: ID!, $input: WebhookInput!) { updateWebhook(id: $id, input: $input) { ${FIELDS} } }`;
const GET = `query($id: ID!) { webhook(id: $id) { ${FIELDS} } }`;
const PLACEHOLDER = "****************";

let counter = 0;
const input = (extra: Record<string, unknown> = {}) => ({
  name: `gql ${++counter}`, url: "https://example.com/{{ alert_group_id }}", httpMethod: "POST", triggerType: "RESOLVE", ...extra,
});
async function create(extra: Record<string, unknown> = {}) {
  const res = await t.gql(CREATE, { input: input(extra) });
  expect(res.errors).toBeUndefined();
  return res.data.createWebhook;
}

it("createWebhook returns the REST fields in camelCase, enums for method and trigger, secrets masked, unsigned", async () => {
  const team = await createTeam(t, "gql-team");
  const { integration } = await createIntegration(t);
  const created = await create({
    teamId: team.publicId, password: "pw", authorizationHeader: "", integrationFilter: [integration.publicId], forwardAll: false,
    triggerType: "ALERT_GROUP_CREATED",
  });
  expect(created).toEqual({
    id: expect.stringMatching(/^WH[A-NP-Z1-9]{12}$/), name: created.name, isWebhookEnabled: true, teamId: team.publicId,
    data: null, username: null, password: PLACEHOLDER, authorizationHeader: "", triggerTemplate: null, headers: null,
    url: "https://example.com/{{ alert_group_id }}", forwardAll: false, httpMethod: "POST", triggerType: "ALERT_GROUP_CREATED",
    integrationFilter: [integration.publicId], preset: null, signed: false,
  });
  expect((await t.gql(GET, { id: created.id })).data.webhook).toEqual(created);
  const nested = await t.gql(`query($id: ID!) { webhook(id: $id) { team { id name } lastAttempt { id } } }`, { id: created.id });
  expect(nested.data.webhook).toEqual({ team: { id: team.publicId, name: "gql-team" }, lastAttempt: null });
  // The REST view of the same row agrees.
  expect((await t.api.get(`/api/v1/webhooks/${created.id}/`)).data).toMatchObject({
    password: PLACEHOLDER, team: team.publicId, trigger_type: "alert group created",
  });
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
  const bad = await t.gql(CREATE, { input: input({ teamId: "TNOPE12345678", integrationFilter: ["CNOPE"] }) });
  expect(bad.errors![0].extensions.fields).toEqual({
    teamId: ["Object does not exist"],
    integrationFilter: ["Integration does not exist"],
  });
  // Enum values are checked by GraphQL itself, before the service runs.
  const method = await t.gql(CREATE, { input: input({ httpMethod: "post" }) });
  expect(method.errors![0].extensions.code).toBe("BAD_USER_INPUT");
  expect(method.errors![0].message).toMatch(/Value "post" does not exist in "HttpMethod" enum/);
  const trigger = await t.gql(CREATE, { input: input({ triggerType: "resolved" }) });
  expect(trigger.errors![0].extensions.code).toBe("BAD_USER_INPUT");
  expect(trigger.errors![0].message).toMatch(/"resolved" does not exist in "TriggerType" enum/);
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

it("webhooks pages by cursor and filters like the REST list", async () => {
  const { token, organization } = await createUserWithToken(t, { newOrganization: true });
  const team = await createTeam(t, "gql-list-team", organization.id);
  const names: string[] = [];
  for (let i = 0; i < 3; i++) {
    const res = await t.gql(CREATE, { input: input({ teamId: i === 1 ? team.publicId : null }) }, token);
    names.push(res.data.createWebhook.name);
  }
  const LIST = `query($filter: WebhookFilter, $first: Int, $after: String, $orderBy: NameOrder) {
    webhooks(filter: $filter, first: $first, after: $after, orderBy: $orderBy) {
      totalCount pageInfo { hasNextPage hasPreviousPage endCursor } nodes { name } } }`;
  const all = (await t.gql(LIST, {}, token)).data.webhooks;
  expect(all).toMatchObject({ totalCount: 3, pageInfo: { hasNextPage: false, hasPreviousPage: false }, nodes: names.map((name) => ({ name })) });
  const first = (await t.gql(LIST, { first: 2 }, token)).data.webhooks;
  expect(first).toMatchObject({ totalCount: 3, pageInfo: { hasNextPage: true, hasPreviousPage: false }, nodes: [{ name: names[0] }, { name: names[1] }] });
  const second = (await t.gql(LIST, { first: 2, after: first.pageInfo.endCursor }, token)).data.webhooks;
  expect(second).toMatchObject({ pageInfo: { hasNextPage: false, hasPreviousPage: true }, nodes: [{ name: names[2] }] });
  const byName = (await t.gql(LIST, { orderBy: { field: "NAME", direction: "DESC" } }, token)).data.webhooks;
  expect(byName.nodes).toEqual([...names].sort().reverse().map((name) => ({ name })));
  expect((await t.gql(LIST, { filter: { teamId: team.publicId } }, token)).data.webhooks.nodes).toEqual([{ name: names[1] }]);
  expect((await t.gql(LIST, { filter: { teamId: "null" } }, token)).data.webhooks.totalCount).toBe(2);
  expect((await t.gql(LIST, { filter: { name: names[0] } }, token)).data.webhooks.totalCount).toBe(1);
  const unknown = await t.gql(LIST, { filter: { teamId: "TNOPE12345678" } }, token);
  expect(unknown.errors![0].extensions.fields).toEqual({ teamId: ["Select a valid choice. That choice is not one of the available choices."] });
});

it("webhookResponses lists the delivery records newest first", async () => {
  const created = await create({ triggerType: "ACKNOWLEDGE" });
  const row = await t.server.dataSource.getRepository(Webhook).findOneByOrFail({ publicId: created.id });
  const base = {
    organizationId: row.organizationId, alertGroupId: null, webhookId: row.id, deliveryId: null, requestTrigger: "",
    requestHeaders: null, requestData: "{}", content: "ok", eventData: "{}",
  };
  const repo = t.server.dataSource.getRepository(WebhookResponse);
  await repo.save({ ...base, triggerType: Trigger.acknowledge, attempt: 1, timestamp: new Date("2025-05-01T10:00:00.123Z"), url: "https://a/1", statusCode: 500 });
  await repo.save({ ...base, triggerType: Trigger.acknowledge, attempt: 2, timestamp: new Date("2025-05-01T10:00:10.000Z"), url: "https://a/1", statusCode: 200, durationMs: 12 });
  await repo.save({ ...base, triggerType: Trigger.resolve, attempt: 1, timestamp: new Date("2025-05-02T00:00:00.000Z"), url: "https://a/2", statusCode: 200 });
  const res = await t.gql(
    `query($id: ID!) { webhookResponses(id: $id) { totalCount nodes { timestamp url statusCode attempt requestTrigger eventData durationMs } } }`,
    { id: created.id },
  );
  expect(res.data.webhookResponses).toEqual({
    totalCount: 2,
    nodes: [
      { timestamp: "2025-05-01T10:00:10.000Z", url: "https://a/1", statusCode: 200, attempt: 2, requestTrigger: "", eventData: "{}", durationMs: 12 },
      { timestamp: "2025-05-01T10:00:00.123Z", url: "https://a/1", statusCode: 500, attempt: 1, requestTrigger: "", eventData: "{}", durationMs: null },
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
  expect(anonymous.data).toEqual({ errors: [{ message: "Invalid token.", extensions: { code: "UNAUTHENTICATED" } }] });
});
