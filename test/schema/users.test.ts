import { ApiToken, PersonalNotificationWebhook } from "../../src/schema/entities";
import { Trigger } from "../../src/schema/trigger-types";
import { createWebhookRow } from "../escalation/helpers";
import { clientFor, startTestServer, type TestServer } from "../helpers/server";
import { createUserWithToken } from "../helpers/users";

// GraphQL: users, teams, API tokens, personal notification webhooks (domain-api.md §2, §9–10; delivery.md §2).
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

const USER_FIELDS = "id grafanaId username email role permissions timezone isActive teams { id name }";
const CREATE_USER = `mutation($input: UserInput!) { createUser(input: $input) { ${USER_FIELDS} } }`;
const UPDATE_USER = `mutation($id: ID!, $input: UserInput!) { updateUser(id: $id, input: $input) { ${USER_FIELDS} } }`;
const CREATE_TEAM = `mutation($input: TeamInput!) { createTeam(input: $input) { id grafanaId name email avatarUrl } }`;
const TOKEN = `mutation($userId: ID!, $name: String!) { createApiToken(userId: $userId, name: $name) { token apiToken { id name userId revokedAt } } }`;
const BIND = `mutation($userId: ID!, $webhookId: ID, $context: JSON) {
  setPersonalNotificationWebhook(userId: $userId, webhookId: $webhookId, context: $context) { webhookId context }
}`;
const BINDING_OF = `query($id: ID!) { user(id: $id) { personalNotificationWebhook { webhookId context } } }`;

const errorOf = (res: { errors?: any[] }) => res.errors?.[0];

describe("teams", () => {
  it("creates, renames, lists and deletes a team (user-settings:admin)", async () => {
    const created = await t.gql(CREATE_TEAM, { input: { name: "sre", email: "sre@example.com" } });
    expect(created.errors).toBeUndefined();
    const team = created.data.createTeam;
    expect(team).toMatchObject({ id: expect.stringMatching(/^T/), name: "sre", email: "sre@example.com", avatarUrl: "" });
    expect((await t.api.get(`/api/v1/teams/${team.id}/`)).data.name).toBe("sre");

    const dup = await t.gql(CREATE_TEAM, { input: { name: "sre" } });
    expect(errorOf(dup).extensions).toMatchObject({ code: "BAD_USER_INPUT", fields: { name: ["A team with this name already exists."] } });
    const missing = await t.gql(CREATE_TEAM, { input: {} });
    expect(errorOf(missing).extensions.fields).toEqual({ name: ["This field is required."] });

    const renamed = await t.gql(`mutation($id: ID!) { updateTeam(id: $id, input: { name: "sre-2" }) { name email } }`, { id: team.id });
    expect(renamed.data.updateTeam).toEqual({ name: "sre-2", email: "sre@example.com" });
    const listed = await t.gql(`{ teams(filter: { name: "sre-2" }) { totalCount nodes { id } } }`);
    expect(listed.data.teams).toEqual({ totalCount: 1, nodes: [{ id: team.id }] });

    const chain = await t.api.post("/api/v1/escalation_chains/", { name: "team chain", team_id: team.id });
    expect((await t.gql(`mutation($id: ID!) { deleteTeam(id: $id) }`, { id: team.id })).data.deleteTeam).toBe(true);
    expect((await t.api.get(`/api/v1/teams/${team.id}/`)).status).toBe(404);
    expect((await t.api.get(`/api/v1/escalation_chains/${chain.data.id}/`)).data.team_id).toBeNull();
  });

  it("needs user-settings:admin to manage and user-settings:read to read", async () => {
    const editor = await createUserWithToken(t, { role: "editor" });
    const denied = await t.gql(CREATE_TEAM, { input: { name: "nope" } }, editor.token);
    expect(errorOf(denied).extensions).toMatchObject({ code: "FORBIDDEN", status: 403 });
    expect((await t.gql(`{ teams { totalCount } }`, {}, editor.token)).errors).toBeUndefined();
  });
});

describe("users", () => {
  it("creates a user with role, teams and timezone; REST shows it", async () => {
    const team = (await t.gql(CREATE_TEAM, { input: { name: "payments" } })).data.createTeam;
    const res = await t.gql(CREATE_USER, { input: { username: "carol", email: "carol@example.com", role: "EDITOR", teams: [team.id], timezone: "Europe/Berlin" } });
    expect(res.errors).toBeUndefined();
    const carol = res.data.createUser;
    expect(carol).toMatchObject({ id: expect.stringMatching(/^U/), username: "carol", role: "EDITOR", permissions: null, timezone: "Europe/Berlin", isActive: true, teams: [{ id: team.id, name: "payments" }] });
    const rest = await t.api.get(`/api/v1/users/${carol.id}/`);
    expect(rest.data).toMatchObject({ username: "carol", role: "editor", teams: [team.id], grafana_id: carol.grafanaId });
  });

  it("reports every invalid field at once", async () => {
    const res = await t.gql(CREATE_USER, { input: { username: " ", email: "not-an-email", permissions: ["grafana-oncall-app.fly"], teams: ["TAAAAAAAAAAAA"], timezone: "Mars/Olympus" } });
    expect(errorOf(res).extensions.fields).toEqual({
      username: ["This field may not be blank."],
      email: ["Enter a valid email address."],
      permissions: ["Unknown permission: grafana-oncall-app.fly."],
      teams: ["Object does not exist"],
      timezone: ['"Mars/Olympus" is not a valid time zone.'],
    });
    const role = await t.gql(CREATE_USER, { input: { username: "owner", role: "OWNER" } });
    expect(errorOf(role).extensions.code).toBe("BAD_USER_INPUT");
    expect(errorOf(role).message).toMatch(/Value "OWNER" does not exist in "UserRole" enum/);
    const dup = await t.gql(CREATE_USER, { input: { username: "ADMIN" } });
    expect(errorOf(dup).extensions.fields).toEqual({ username: ["A user with that username already exists."] });
  });

  it("explicit permissions replace the role's (RBAC mode)", async () => {
    const created = (await t.gql(CREATE_USER, { input: { username: "rbac", role: "VIEWER" } })).data.createUser;
    const updated = await t.gql(UPDATE_USER, { id: created.id, input: { permissions: ["grafana-oncall-app.escalation-chains:write", "grafana-irm-app.escalation-chains:read"] } });
    expect(updated.data.updateUser.permissions).toHaveLength(2);
    const token = (await t.gql(TOKEN, { userId: created.id, name: "ci" })).data.createApiToken.token;
    const api = clientFor(t.url, token);
    expect((await api.post("/api/v1/escalation_chains/", { name: "rbac chain" })).status).toBe(201);
    expect((await api.get("/api/v1/users/")).status).toBe(403);
  });

  it("lets a user edit their own profile but not their role; admins edit anyone", async () => {
    const editor = await createUserWithToken(t, { role: "editor", username: "self-editor" });
    const own = await t.gql(UPDATE_USER, { id: editor.user.publicId, input: { email: "me@example.com", timezone: "UTC" } }, editor.token);
    expect(own.data.updateUser).toMatchObject({ email: "me@example.com", timezone: "UTC" });
    const promote = await t.gql(UPDATE_USER, { id: editor.user.publicId, input: { role: "ADMIN" } }, editor.token);
    expect(errorOf(promote).extensions.code).toBe("FORBIDDEN");
    const other = await createUserWithToken(t, { role: "viewer" });
    const foreign = await t.gql(UPDATE_USER, { id: other.user.publicId, input: { email: "x@example.com" } }, editor.token);
    expect(errorOf(foreign).extensions.code).toBe("FORBIDDEN");
    const byAdmin = await t.gql(UPDATE_USER, { id: other.user.publicId, input: { role: "EDITOR", isActive: false } });
    expect(byAdmin.data.updateUser).toMatchObject({ role: "EDITOR", isActive: false });
    const blocked = await clientFor(t.url, other.token).get("/api/v1/users/current/");
    expect(blocked.status).toBe(403);
    expect(blocked.data).toEqual({ detail: "Only active users are allowed to perform this action." });
  });

  it("deletes a user with their tokens; other organizations' users are not found", async () => {
    const doomed = await createUserWithToken(t, { username: "doomed" });
    const res = await t.gql(`mutation($id: ID!) { deleteUser(id: $id) }`, { id: doomed.user.publicId });
    expect(res.data.deleteUser).toBe(true);
    expect((await clientFor(t.url, doomed.token).get("/api/v1/users/current/")).status).toBe(401);
    expect(await t.server.dataSource.getRepository(ApiToken).countBy({ userId: doomed.user.id })).toBe(0);
    const stranger = await createUserWithToken(t, { newOrganization: true });
    const hidden = await t.gql(`query($id: ID!) { user(id: $id) { id } }`, { id: stranger.user.publicId });
    expect(errorOf(hidden).extensions).toMatchObject({ code: "NOT_FOUND", status: 404 });
  });

  it("lists users with filters", async () => {
    const res = await t.gql(`{ users(filter: { username: "CAROL" }) { totalCount nodes { username } } currentUser { username } }`);
    expect(res.data.users).toEqual({ totalCount: 1, nodes: [{ username: "carol" }] });
    expect(res.data.currentUser.username).toBe("admin");
    const editors = await t.gql(`{ users(filter: { roles: [EDITOR] }, orderBy: { field: USERNAME }) { nodes { username role } } }`);
    expect(editors.data.users.nodes.length).toBeGreaterThan(0);
    expect(editors.data.users.nodes.every((u: { role: string }) => u.role === "EDITOR")).toBe(true);
    const names = editors.data.users.nodes.map((u: { username: string }) => u.username);
    expect(names).toEqual([...names].sort());
    const bad = await t.gql(`{ users(filter: { roles: ["9"] }) { totalCount } }`);
    expect(errorOf(bad).extensions.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });
});

describe("createApiToken", () => {
  it("returns a working 64-hex token once, at most 5 live per user, api-keys:write only", async () => {
    const owner = await createUserWithToken(t, { role: "viewer", username: "token-owner" });
    const tokens: string[] = [];
    // createUserWithToken already issued one.
    for (let i = 0; i < 4; i++) {
      const res = await t.gql(TOKEN, { userId: owner.user.publicId, name: `t${i}` });
      expect(res.errors).toBeUndefined();
      expect(res.data.createApiToken.apiToken).toMatchObject({ name: `t${i}`, userId: owner.user.publicId, revokedAt: null });
      tokens.push(res.data.createApiToken.token);
    }
    expect(tokens[0]).toMatch(/^[0-9a-f]{64}$/);
    const me = await clientFor(t.url, tokens[0]).get("/api/v1/users/current/");
    expect(me.data.id).toBe(owner.user.publicId);
    const sixth = await t.gql(TOKEN, { userId: owner.user.publicId, name: "one too many" });
    expect(errorOf(sixth).extensions).toMatchObject({ code: "BAD_USER_INPUT", status: 400 });
    const editor = await createUserWithToken(t, { role: "editor" });
    const denied = await t.gql(TOKEN, { userId: editor.user.publicId, name: "mine" }, editor.token);
    expect(errorOf(denied).extensions.code).toBe("FORBIDDEN");
    const unknown = await t.gql(TOKEN, { userId: "UAAAAAAAAAAAA", name: "x" });
    expect(errorOf(unknown).extensions.code).toBe("NOT_FOUND");
  });
});

describe("personal notification webhook", () => {
  it("binds a personal-notification webhook with a private context, replaces and clears it", async () => {
    const owner = await createUserWithToken(t, { role: "editor", username: "pager-owner" });
    const first = await createWebhookRow(t, { triggerType: Trigger.personalNotification });
    const second = await createWebhookRow(t, { triggerType: Trigger.personalNotification });
    const bound = await t.gql(BIND, { userId: owner.user.publicId, webhookId: first.publicId, context: { pager_id: "bob-7731" } }, owner.token);
    expect(bound.data.setPersonalNotificationWebhook).toEqual({ webhookId: first.publicId, context: { pager_id: "bob-7731" } });

    // Stored encrypted: the raw column does not contain the context.
    const [raw] = await t.server.dataSource.query(`SELECT context FROM personal_notification_webhook WHERE user_id = ${owner.user.id}`);
    expect(String(raw.context)).not.toContain("bob-7731");

    const mine = await t.gql(BINDING_OF, { id: owner.user.publicId }, owner.token);
    expect(mine.data.user.personalNotificationWebhook).toEqual({ webhookId: first.publicId, context: { pager_id: "bob-7731" } });
    const asAdmin = await t.gql(BINDING_OF, { id: owner.user.publicId });
    expect(asAdmin.data.user.personalNotificationWebhook).toEqual({ webhookId: first.publicId, context: null });
    const viewer = await createUserWithToken(t, { role: "viewer" });
    expect((await t.gql(BINDING_OF, { id: owner.user.publicId }, viewer.token)).data.user.personalNotificationWebhook).toBeNull();

    const replaced = await t.gql(BIND, { userId: owner.user.publicId, webhookId: second.publicId, context: null }, owner.token);
    expect(replaced.data.setPersonalNotificationWebhook).toEqual({ webhookId: second.publicId, context: null });
    expect(await t.server.dataSource.getRepository(PersonalNotificationWebhook).countBy({ userId: owner.user.id })).toBe(1);

    const cleared = await t.gql(`mutation($id: ID!) { clearPersonalNotificationWebhook(userId: $id) }`, { id: owner.user.publicId }, owner.token);
    expect(cleared.data.clearPersonalNotificationWebhook).toBe(true);
    expect((await t.gql(BINDING_OF, { id: owner.user.publicId }, owner.token)).data.user.personalNotificationWebhook).toBeNull();
  });

  it("answers OnCall's binding errors", async () => {
    const { user } = await createUserWithToken(t, { username: "binding-errors" });
    const escalationHook = await createWebhookRow(t, { triggerType: Trigger.escalation });
    const deleted = await createWebhookRow(t, { triggerType: Trigger.personalNotification, deletedAt: new Date() });
    const other = await createUserWithToken(t, { newOrganization: true });
    const foreign = await createWebhookRow(t, { triggerType: Trigger.personalNotification, organizationId: other.organization.id });
    const good = await createWebhookRow(t, { triggerType: Trigger.personalNotification });
    const cases: [Record<string, unknown>, Record<string, string>][] = [
      [{}, { webhook: "This field is required." }],
      [{ webhookId: null }, { webhook: "This field is required." }],
      [{ webhookId: "WHAAAAAAAAAAAA" }, { webhook: "Webhook not found." }],
      [{ webhookId: escalationHook.publicId }, { webhook: "Webhook not found." }],
      [{ webhookId: deleted.publicId }, { webhook: "Webhook not found." }],
      [{ webhookId: foreign.publicId }, { webhook: "Webhook not found." }],
      [{ webhookId: good.publicId, context: [1, 2] }, { context: "Invalid context." }],
      [{ webhookId: good.publicId, context: "text" }, { context: "Invalid context." }],
    ];
    for (const [vars, body] of cases) {
      const res = await t.gql(BIND, { userId: user.publicId, ...vars });
      const error = errorOf(res);
      expect({ vars, message: error?.message, body: error?.extensions?.body }).toEqual({ vars, message: Object.values(body)[0], body });
      expect(error.extensions.code).toBe("BAD_USER_INPUT");
    }
  });

  it("another user's binding needs user-settings:admin", async () => {
    const editor = await createUserWithToken(t, { role: "editor" });
    const target = await createUserWithToken(t, { role: "editor" });
    const hook = await createWebhookRow(t, { triggerType: Trigger.personalNotification });
    const res = await t.gql(BIND, { userId: target.user.publicId, webhookId: hook.publicId }, editor.token);
    expect(errorOf(res).extensions.code).toBe("FORBIDDEN");
    const viewer = await createUserWithToken(t, { role: "viewer" });
    const own = await t.gql(BIND, { userId: viewer.user.publicId, webhookId: hook.publicId }, viewer.token);
    expect(errorOf(own).extensions.code).toBe("FORBIDDEN"); // user-settings:write is editor and up
  });
});
