import { Webhook } from "../../src/schema/entities";
import { createIntegration } from "../helpers/integrations";
import { clientFor, startTestServer, type TestServer } from "../helpers/server";
import { createTeam, createUserWithToken } from "../helpers/users";

// REST /api/v1/actions/: the legacy view of the same webhook rows (actions-api.md).
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ BASE_URL: "https://outhook.example.com" });
});
afterAll(() => t.close());

const KEY_ORDER = [
  "id", "name", "is_webhook_enabled", "team_id", "user", "data", "password", "authorization_header",
  "trigger_template", "headers", "url", "forward_whole_payload", "http_method", "trigger_type", "integration_filter",
];
const PLACEHOLDER = "****************";
let counter = 0;
const action = (extra: Record<string, unknown> = {}) => ({ name: `action ${++counter}`, url: "https://example.com/a", ...extra });
const stored = (publicId: string) => t.server.dataSource.getRepository(Webhook).findOneByOrFail({ publicId });

it("creates the spec's example; the same row reads back through /webhooks", async () => {
  const res = await t.api.post("/api/v1/actions/", {
    name: "Notify CMDB", url: "https://cmdb.example.com/hook", user: "oncall", password: "pw", forward_whole_payload: true,
  });
  expect(res.status).toBe(201);
  expect(Object.keys(res.data)).toEqual(KEY_ORDER);
  expect(res.data).toEqual({
    id: res.data.id, name: "Notify CMDB", is_webhook_enabled: true, team_id: null, user: "oncall", data: null,
    password: PLACEHOLDER, authorization_header: null, trigger_template: null, headers: null,
    url: "https://cmdb.example.com/hook", forward_whole_payload: true, http_method: "POST", trigger_type: "escalation",
    integration_filter: null,
  });
  expect(res.data.id).toMatch(/^WH[A-NP-Z1-9]{12}$/);
  const webhook = await t.api.get(`/api/v1/webhooks/${res.data.id}/`);
  expect(webhook.data).toEqual({
    id: res.data.id, name: "Notify CMDB", is_webhook_enabled: true, team: null, data: null, username: "oncall",
    password: PLACEHOLDER, authorization_header: null, trigger_template: null, headers: null,
    url: "https://cmdb.example.com/hook", forward_all: true, http_method: "POST", trigger_type: "escalation",
    integration_filter: null, preset: null,
  });
  const row = await stored(res.data.id);
  expect([row.password, row.isLegacy]).toEqual(["pw", false]);
  expect((await t.api.get(`/api/v1/actions/${res.data.id}`)).data).toEqual(res.data);
});

it("a webhook created through /webhooks shows through /actions", async () => {
  const team = await createTeam(t, "actions-team");
  const hook = (await t.api.post("/api/v1/webhooks/", {
    name: "from webhooks", url: "https://x", http_method: "PUT", trigger_type: "resolve", team: team.publicId, forward_all: false, username: "",
  })).data;
  expect((await t.api.get(`/api/v1/actions/${hook.id}/`)).data).toMatchObject({
    team_id: team.publicId, user: "", forward_whole_payload: false, http_method: "PUT", trigger_type: "resolve",
  });
});

describe("validation", () => {
  it("requires only name and url", async () => {
    const res = await t.api.post("/api/v1/actions/", {});
    expect([res.status, res.data]).toEqual([400, { name: ["This field is required."], url: ["This field is required."] }]);
  });

  it("reports errors under the action's own field names", async () => {
    const res = await t.api.post("/api/v1/actions/", action({ team_id: "TNOPE12345678", user: "u".repeat(101), forward_whole_payload: null }));
    expect(res.data).toEqual({
      team_id: ["Object does not exist"], user: ["Ensure this field has no more than 100 characters."],
      forward_whole_payload: ["This field may not be null."],
    });
  });

  it("http_method: null gets the choice message; unknown trigger types the detail body", async () => {
    const method = "Must be one of ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH']";
    expect((await t.api.post("/api/v1/actions/", action({ http_method: null }))).data).toEqual({ http_method: [method] });
    expect((await t.api.post("/api/v1/actions/", action({ http_method: "get" }))).data).toEqual({ http_method: [method] });
    const trigger = await t.api.post("/api/v1/actions/", action({ trigger_type: "resolved" }));
    expect(trigger.status).toBe(400);
    expect(trigger.data.detail).toMatch(/^trigger_type must one of \['escalation', /);
  });

  it("user: null and \"\" are allowed; team_id \"\" and \"null\" are no team; data \"\" is null", async () => {
    const created = (await t.api.post("/api/v1/actions/", action({ user: "", team_id: "null", data: "" }))).data;
    expect([created.user, created.team_id, created.data]).toEqual(["", null, null]);
    expect((await t.api.post("/api/v1/actions/", action({ user: null, team_id: "" }))).data.user).toBeNull();
  });

  it("masks secrets and keeps them when the placeholder comes back", async () => {
    const created = (await t.api.post("/api/v1/actions/", action({ authorization_header: "Token z" }))).data;
    const res = await t.api.put(`/api/v1/actions/${created.id}/`, { ...created, name: "kept secret" });
    expect(res.data).toEqual({ ...created, name: "kept secret" });
    expect((await stored(created.id)).authorizationHeader).toBe("Token z");
  });

  it("ignores a preset key, but refuses to update a simple_webhook preset webhook", async () => {
    const created = (await t.api.post("/api/v1/actions/", action({ preset: "simple_webhook" }))).data;
    expect((await stored(created.id)).preset).toBeNull();
    await t.server.dataSource.getRepository(Webhook).update({ publicId: created.id }, { preset: "simple_webhook" });
    const res = await t.api.patch(`/api/v1/actions/${created.id}/`, { name: "new" });
    expect([res.status, res.data]).toEqual([400, { non_field_errors: ["Preset webhooks must be modified through web UI"] }]);
  });

  it("names are unique across both endpoints", async () => {
    await t.api.post("/api/v1/webhooks/", { name: "shared name", url: "https://x", http_method: "POST", trigger_type: "resolve" });
    expect((await t.api.post("/api/v1/actions/", action({ name: "shared name" }))).data).toEqual({
      non_field_errors: ["The fields name, organization must make a unique set."],
    });
  });
});

describe("update and delete", () => {
  it("PUT resets team_id and integration_filter when absent; PATCH keeps them", async () => {
    const team = await createTeam(t, "put-actions-team");
    const { integration } = await createIntegration(t);
    const created = (await t.api.post("/api/v1/actions/", action({ team_id: team.publicId, integration_filter: [integration.publicId] }))).data;
    expect(created.integration_filter).toEqual([integration.publicId]);
    const patched = await t.api.patch(`/api/v1/actions/${created.id}/`, { trigger_type: "acknowledge" });
    expect(patched.data).toEqual({ ...created, trigger_type: "acknowledge" });
    const put = await t.api.put(`/api/v1/actions/${created.id}/`, { http_method: "GET" });
    expect(put.data).toEqual({ ...created, trigger_type: "acknowledge", http_method: "GET", team_id: null, integration_filter: null });
  });

  it("DELETE soft-deletes with the same renaming rule", async () => {
    const created = (await t.api.post("/api/v1/actions/", action({ name: "gone action" }))).data;
    const res = await t.api.delete(`/api/v1/actions/${created.id}`);
    expect([res.status, res.data]).toEqual([204, ""]);
    expect((await stored(created.id)).name).toBe(`gone action_deleted_${created.id}`);
    expect((await t.api.get(`/api/v1/actions/${created.id}/`)).status).toBe(404);
    expect((await t.api.get(`/api/v1/webhooks/${created.id}/`)).status).toBe(404);
  });

  it("has no /responses sub-route and answers 405 for methods it does not offer", async () => {
    const created = (await t.api.post("/api/v1/actions/", action())).data;
    expect((await t.api.get(`/api/v1/actions/${created.id}/responses/`)).status).toBe(404);
    const res = await t.api.post(`/api/v1/actions/${created.id}/`, {});
    expect([res.status, res.data]).toEqual([405, { detail: 'Method "POST" not allowed.' }]);
    expect((await t.api.put("/api/v1/actions/", {})).status).toBe(405);
  });
});

describe("list", () => {
  it("shows every trigger type and connected-integration webhooks, in creation order, with filters", async () => {
    const { token, organization } = await createUserWithToken(t, { newOrganization: true });
    const api = clientFor(t.url, token);
    const team = await createTeam(t, "list-actions-team", organization.id);
    const a = (await api.post("/api/v1/actions/", action({ trigger_type: "resolve" }))).data;
    const b = (await api.post("/api/v1/webhooks/", { name: "connected", url: "https://x", http_method: "POST", trigger_type: "silence", team: team.publicId })).data;
    await t.server.dataSource.getRepository(Webhook).update({ publicId: b.id }, { isFromConnectedIntegration: true });
    const c = (await api.post("/api/v1/actions/", action())).data;

    const all = (await api.get("/api/v1/actions")).data;
    expect(all).toMatchObject({ count: 3, next: null, previous: null, page_size: 50, current_page_number: 1, total_pages: 1 });
    expect(all.results.map((r: { id: string }) => r.id)).toEqual([a.id, b.id, c.id]);
    expect(Object.keys(all.results[1])).toEqual(KEY_ORDER);
    expect((await api.get("/api/v1/webhooks/")).data.count).toBe(2);

    expect((await api.get("/api/v1/actions/", { params: { name: "connected" } })).data.results.map((r: { id: string }) => r.id)).toEqual([b.id]);
    expect((await api.get("/api/v1/actions/", { params: { team_id: team.publicId } })).data.count).toBe(1);
    expect((await api.get("/api/v1/actions/", { params: { team_id: "null" } })).data.count).toBe(2);
    expect((await api.get("/api/v1/actions/", { params: { team_id: "TNOPE12345678" } })).status).toBe(400);

    const page = (await api.get("/api/v1/actions/", { params: { perpage: 2 } })).data;
    expect([page.page_size, page.total_pages, page.next]).toEqual([2, 2, "https://outhook.example.com/api/v1/actions/?page=2&perpage=2"]);
  });
});

describe("permissions (ruling: the same as /webhooks)", () => {
  it("401 without a token; a viewer reads but cannot write", async () => {
    expect((await t.http.get("/api/v1/actions/")).data).toEqual({ detail: "Invalid token." });
    const created = (await t.api.post("/api/v1/actions/", action())).data;
    const viewer = clientFor(t.url, (await createUserWithToken(t, { role: "viewer" })).token);
    expect((await viewer.get("/api/v1/actions/")).status).toBe(200);
    expect((await viewer.get(`/api/v1/actions/${created.id}/`)).data).toEqual(created);
    const forbidden = { detail: "You do not have permission to perform this action." };
    for (const res of [
      await viewer.post("/api/v1/actions/", action()),
      await viewer.put(`/api/v1/actions/${created.id}/`, {}),
      await viewer.patch(`/api/v1/actions/${created.id}/`, {}),
      await viewer.delete(`/api/v1/actions/${created.id}/`),
    ]) {
      expect([res.status, res.data]).toEqual([403, forbidden]);
    }
  });

  it("another organization's action is 404", async () => {
    const created = (await t.api.post("/api/v1/actions/", action())).data;
    const other = clientFor(t.url, (await createUserWithToken(t, { newOrganization: true })).token);
    expect((await other.get(`/api/v1/actions/${created.id}/`)).data).toEqual({ detail: "Not found." });
    expect((await other.delete(`/api/v1/actions/${created.id}/`)).status).toBe(404);
  });
});
