import { Webhook } from "../../src/schema/entities";
import { createIntegration } from "../helpers/integrations";
import { ADMIN_TOKEN, clientFor, startTestServer, type TestServer } from "../helpers/server";
import { createTeam, createUserWithToken } from "../helpers/users";

// REST /api/v1/webhooks/: CRUD, object shape, masking round trip, soft delete, auth, scoping (webhooks-api.md).
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

const KEY_ORDER = [
  "id", "name", "is_webhook_enabled", "team", "data", "username", "password", "authorization_header",
  "trigger_template", "headers", "url", "forward_all", "http_method", "trigger_type", "integration_filter", "preset",
];
const PLACEHOLDER = "****************";
const WEBHOOK_ID = /^WH[ABCDEFGHIJKLMNPQRSTUVWXYZ1-9]{12}$/;

let counter = 0;
const minimal = (extra: Record<string, unknown> = {}) => ({
  name: `hook ${++counter}`, url: "https://example.com/hook", http_method: "POST", trigger_type: "resolve", ...extra,
});
const stored = (publicId: string) => t.server.dataSource.getRepository(Webhook).findOneByOrFail({ publicId });

describe("POST /api/v1/webhooks/", () => {
  it("creates the spec's example and answers the full object in OnCall's key order", async () => {
    const { integration } = await createIntegration(t);
    const body = {
      name: "Ticket on ack", url: "https://tickets.example.com/api/{{ alert_group_id }}",
      http_method: "POST", trigger_type: "acknowledge", forward_all: false,
      data: '{"title": "{{ alert_group.title }}", "by": "{{ user.email }}"}',
      authorization_header: "Bearer s3cr3t", integration_filter: [integration.publicId],
    };
    const res = await t.api.post("/api/v1/webhooks/", body);
    expect(res.status).toBe(201);
    expect(Object.keys(res.data)).toEqual(KEY_ORDER);
    expect(res.data.id).toMatch(WEBHOOK_ID);
    expect(res.data).toEqual({
      id: res.data.id, name: "Ticket on ack", is_webhook_enabled: true, team: null, data: body.data,
      username: null, password: null, authorization_header: PLACEHOLDER, trigger_template: null, headers: null,
      url: body.url, forward_all: false, http_method: "POST", trigger_type: "acknowledge",
      integration_filter: [integration.publicId], preset: null,
    });
    const row = await stored(res.data.id);
    expect(row.authorizationHeader).toBe("Bearer s3cr3t");
    expect(row.isLegacy).toBe(false);
  });

  it("applies the defaults: enabled, forward_all true, everything else null", async () => {
    const res = await t.api.post("/api/v1/webhooks", minimal({ name: "defaults" }));
    expect(res.status).toBe(201);
    expect(res.data).toMatchObject({
      is_webhook_enabled: true, team: null, data: null, username: null, password: null, authorization_header: null,
      trigger_template: null, headers: null, forward_all: true, integration_filter: null, preset: null,
    });
  });

  it("ignores unknown keys, including id", async () => {
    const res = await t.api.post("/api/v1/webhooks/", minimal({ id: "WHAAAAAAAAAAAA", color: "blue", ordering: 1 }));
    expect(res.status).toBe(201);
    expect(res.data.id).not.toBe("WHAAAAAAAAAAAA");
    expect(res.data).not.toHaveProperty("color");
  });

  it("rejects a JSON body that is not an object, and malformed JSON", async () => {
    const list = await t.api.post("/api/v1/webhooks/", [minimal()]);
    expect(list.status).toBe(400);
    expect(list.data).toEqual({ non_field_errors: ["Invalid data. Expected a dictionary, but got list."] });
    const broken = await t.api.post("/api/v1/webhooks/", '{"name": ', {
      headers: { "Content-Type": "application/json" }, transformRequest: [(raw: string) => raw],
    });
    expect(broken.status).toBe(400);
    expect(broken.data.detail).toMatch(/^JSON parse error - /);
  });
});

describe("GET /api/v1/webhooks/{id}/", () => {
  it("returns the object with and without the trailing slash", async () => {
    const created = (await t.api.post("/api/v1/webhooks/", minimal({ password: "pw" }))).data;
    const withSlash = await t.api.get(`/api/v1/webhooks/${created.id}/`);
    const without = await t.api.get(`/api/v1/webhooks/${created.id}`);
    expect(withSlash.status).toBe(200);
    expect(withSlash.data).toEqual(created);
    expect(without.data).toEqual(created);
    expect(Object.keys(withSlash.data)).toEqual(KEY_ORDER);
    expect(created.password).toBe(PLACEHOLDER);
  });

  it("answers 404 for an unknown id", async () => {
    const res = await t.api.get("/api/v1/webhooks/WHNOPE1234567A/");
    expect(res.status).toBe(404);
    expect(res.data).toEqual({ detail: "Not found." });
  });

  it("fetches a connected-integration webhook by id although the list hides it", async () => {
    const created = (await t.api.post("/api/v1/webhooks/", minimal({ name: "connected one" }))).data;
    await t.server.dataSource.getRepository(Webhook).update({ publicId: created.id }, { isFromConnectedIntegration: true });
    expect((await t.api.get(`/api/v1/webhooks/${created.id}/`)).status).toBe(200);
    const list = await t.api.get("/api/v1/webhooks/", { params: { perpage: 100 } });
    expect(list.data.results.map((w: { id: string }) => w.id)).not.toContain(created.id);
  });
});

describe("PUT and PATCH /api/v1/webhooks/{id}/", () => {
  it("PATCH from the spec: disables, keeps the secret through the placeholder, drops the filter", async () => {
    const { integration } = await createIntegration(t);
    const created = (await t.api.post("/api/v1/webhooks/", minimal({ authorization_header: "Bearer s3cr3t", integration_filter: [integration.publicId] }))).data;
    const res = await t.api.patch(`/api/v1/webhooks/${created.id}/`, {
      is_webhook_enabled: false, authorization_header: PLACEHOLDER, integration_filter: [],
    });
    expect(res.status).toBe(200);
    expect(res.data).toEqual({ ...created, is_webhook_enabled: false, integration_filter: null });
    expect((await stored(created.id)).authorizationHeader).toBe("Bearer s3cr3t");
  });

  it("replaces a secret with any other string and clears it with null", async () => {
    const created = (await t.api.post("/api/v1/webhooks/", minimal({ password: "old", authorization_header: "Token a" }))).data;
    const res = await t.api.patch(`/api/v1/webhooks/${created.id}/`, { password: "new", authorization_header: null });
    expect(res.data.password).toBe(PLACEHOLDER);
    expect(res.data.authorization_header).toBeNull();
    const row = await stored(created.id);
    expect(row.password).toBe("new");
    expect(row.authorizationHeader).toBeNull();
    // The placeholder comparison is exact: one asterisk more is a new secret.
    await t.api.patch(`/api/v1/webhooks/${created.id}/`, { password: `${PLACEHOLDER}*` });
    expect((await stored(created.id)).password).toBe(`${PLACEHOLDER}*`);
  });

  it("round-trips GET → PUT of the whole object without touching the secrets", async () => {
    const created = (await t.api.post("/api/v1/webhooks/", minimal({ username: "u", password: "p4ss", authorization_header: "Basic x" }))).data;
    const fetched = (await t.api.get(`/api/v1/webhooks/${created.id}/`)).data;
    const res = await t.api.put(`/api/v1/webhooks/${created.id}/`, { ...fetched, name: `${fetched.name} (edited)` });
    expect(res.status).toBe(200);
    expect(res.data).toEqual({ ...fetched, name: `${fetched.name} (edited)` });
    const row = await stored(created.id);
    expect([row.password, row.authorizationHeader]).toEqual(["p4ss", "Basic x"]);
  });

  it("PUT keeps absent fields but resets team and integration_filter; PATCH keeps both", async () => {
    const team = await createTeam(t, "put-team");
    const { integration } = await createIntegration(t);
    const create = minimal({ team: team.publicId, integration_filter: [integration.publicId], data: "{{ alert_payload }}", forward_all: false });
    const created = (await t.api.post("/api/v1/webhooks/", create)).data;
    expect(created.team).toBe(team.publicId);

    const patched = await t.api.patch(`/api/v1/webhooks/${created.id}/`, { http_method: "PUT" });
    expect(patched.data).toEqual({ ...created, http_method: "PUT" });

    const put = await t.api.put(`/api/v1/webhooks/${created.id}/`, { http_method: "GET" });
    expect(put.status).toBe(200);
    expect(put.data).toEqual({ ...created, http_method: "GET", team: null, integration_filter: null });
  });

  it("answers 404 for an unknown id before looking at the body", async () => {
    const res = await t.api.put("/api/v1/webhooks/WHNOPE1234567A/", [1, 2]);
    expect(res.status).toBe(404);
  });
});

describe("DELETE /api/v1/webhooks/{id}/", () => {
  it("soft-deletes: 204 without body, renames the row, frees the name, and 404s afterwards", async () => {
    const created = (await t.api.post("/api/v1/webhooks/", minimal({ name: "to delete" }))).data;
    const res = await t.api.delete(`/api/v1/webhooks/${created.id}/`);
    expect(res.status).toBe(204);
    expect(res.data).toBe("");
    expect(res.headers["content-length"] ?? "0").toBe("0");

    const row = await t.server.dataSource.getRepository(Webhook).findOneByOrFail({ publicId: created.id });
    expect(row.name).toBe(`to delete_deleted_${created.id}`);
    expect(row.deletedAt).toBeInstanceOf(Date);

    for (const [method, path] of [
      ["get", `/api/v1/webhooks/${created.id}/`], ["put", `/api/v1/webhooks/${created.id}/`],
      ["patch", `/api/v1/webhooks/${created.id}/`], ["delete", `/api/v1/webhooks/${created.id}/`],
      ["get", `/api/v1/webhooks/${created.id}/responses/`],
    ] as const) {
      const again = await t.api.request({ method, url: path, data: method === "put" || method === "patch" ? {} : undefined });
      expect([method, path, again.status, again.data]).toEqual([method, path, 404, { detail: "Not found." }]);
    }
    const list = await t.api.get("/api/v1/webhooks/", { params: { name: "to delete" } });
    expect(list.data.count).toBe(0);
    expect((await t.api.post("/api/v1/webhooks/", minimal({ name: "to delete" }))).status).toBe(201);
  });

  it("keeps the first 78 characters of a long name (101 characters in all)", async () => {
    const name = "n".repeat(100);
    const created = (await t.api.post("/api/v1/webhooks/", minimal({ name }))).data;
    expect((await t.api.delete(`/api/v1/webhooks/${created.id}`)).status).toBe(204);
    const row = await stored(created.id);
    expect(row.name).toBe(`${"n".repeat(78)}_deleted_${created.id}`);
    expect(row.name).toHaveLength(101);
  });
});

describe("authentication, permissions, scoping, methods", () => {
  it("401 for a missing or unknown token; the bare token and Bearer both work", async () => {
    const missing = await t.http.get("/api/v1/webhooks/");
    expect([missing.status, missing.data]).toEqual([401, { detail: "Invalid token." }]);
    const unknown = await clientFor(t.url, "not-a-token").post("/api/v1/webhooks/", minimal());
    expect([unknown.status, unknown.data]).toEqual([401, { detail: "Invalid token." }]);
    expect((await clientFor(t.url, ADMIN_TOKEN).get("/api/v1/webhooks/")).status).toBe(200);
    expect((await clientFor(t.url, `Bearer ${ADMIN_TOKEN}`).get("/api/v1/webhooks/")).status).toBe(200);
  });

  it("a viewer reads but every write is 403, checked before the body and the id", async () => {
    const created = (await t.api.post("/api/v1/webhooks/", minimal())).data;
    const { token } = await createUserWithToken(t, { role: "viewer" });
    const viewer = clientFor(t.url, token);
    expect((await viewer.get("/api/v1/webhooks/")).status).toBe(200);
    expect((await viewer.get(`/api/v1/webhooks/${created.id}/`)).data).toEqual(created);
    expect((await viewer.get(`/api/v1/webhooks/${created.id}/responses/`)).status).toBe(200);
    const forbidden = { detail: "You do not have permission to perform this action." };
    for (const res of [
      await viewer.post("/api/v1/webhooks/", minimal()),
      await viewer.post("/api/v1/webhooks/", ["not", "an", "object"]),
      await viewer.put(`/api/v1/webhooks/${created.id}/`, { name: "x" }),
      await viewer.patch(`/api/v1/webhooks/${created.id}/`, { name: "x" }),
      await viewer.patch("/api/v1/webhooks/WHNOPE1234567A/", { name: "x" }),
      await viewer.delete(`/api/v1/webhooks/${created.id}/`),
    ]) {
      expect([res.status, res.data]).toEqual([403, forbidden]);
    }
    expect((await t.api.get(`/api/v1/webhooks/${created.id}/`)).data).toEqual(created);
  });

  it("an editor cannot write webhooks; explicit RBAC permissions decide over the role", async () => {
    const editor = clientFor(t.url, (await createUserWithToken(t, { role: "editor" })).token);
    expect((await editor.post("/api/v1/webhooks/", minimal())).status).toBe(403);
    const writer = clientFor(t.url, (await createUserWithToken(t, {
      role: "viewer", permissions: ["grafana-oncall-app.outgoing-webhooks:read", "grafana-oncall-app.outgoing-webhooks:write"],
    })).token);
    expect((await writer.post("/api/v1/webhooks/", minimal())).status).toBe(201);
    const nothing = clientFor(t.url, (await createUserWithToken(t, { role: "admin", permissions: [] })).token);
    expect((await nothing.get("/api/v1/webhooks/")).status).toBe(403);
  });

  it("another organization's webhook is 404 everywhere and absent from its list", async () => {
    const created = (await t.api.post("/api/v1/webhooks/", minimal({ name: "ours" }))).data;
    const other = clientFor(t.url, (await createUserWithToken(t, { role: "admin", newOrganization: true })).token);
    expect((await other.get(`/api/v1/webhooks/${created.id}/`)).status).toBe(404);
    expect((await other.put(`/api/v1/webhooks/${created.id}/`, { name: "theirs" })).status).toBe(404);
    expect((await other.patch(`/api/v1/webhooks/${created.id}/`, { name: "theirs" })).status).toBe(404);
    expect((await other.delete(`/api/v1/webhooks/${created.id}/`)).status).toBe(404);
    expect((await other.get(`/api/v1/webhooks/${created.id}/responses/`)).status).toBe(404);
    expect((await other.get("/api/v1/webhooks/")).data.count).toBe(0);
    // Names are unique per organization only.
    expect((await other.post("/api/v1/webhooks/", minimal({ name: "ours" }))).status).toBe(201);
    expect((await t.api.get(`/api/v1/webhooks/${created.id}/`)).data).toEqual(created);
  });

  it("405 with OnCall's body for methods a path does not offer", async () => {
    const created = (await t.api.post("/api/v1/webhooks/", minimal())).data;
    for (const [method, path] of [
      ["post", `/api/v1/webhooks/${created.id}/`], ["put", "/api/v1/webhooks/"], ["delete", "/api/v1/webhooks"],
      ["post", `/api/v1/webhooks/${created.id}/responses/`], ["delete", `/api/v1/webhooks/${created.id}/responses`],
    ] as const) {
      const res = await t.api.request({ method, url: path, data: {} });
      expect([path, res.status, res.data]).toEqual([path, 405, { detail: `Method "${method.toUpperCase()}" not allowed.` }]);
    }
  });
});

describe("a script's round trip", () => {
  it("create, list, update with the placeholder, delete, responses", async () => {
    const create = await t.api.post("/api/v1/webhooks/", {
      name: "script hook", url: "https://hooks.example.com/{{ alert_group_id }}", http_method: "POST",
      trigger_type: "alert group created", password: "hunter2", username: "bot",
    });
    expect(create.status).toBe(201);
    const id = create.data.id;

    const list = await t.api.get("/api/v1/webhooks/", { params: { name: "script hook" } });
    expect(list.data).toEqual({
      count: 1, next: null, previous: null, results: [create.data], page_size: 50, current_page_number: 1, total_pages: 1,
    });

    const edited = { ...list.data.results[0], trigger_type: "resolve", password: PLACEHOLDER };
    const update = await t.api.put(`/api/v1/webhooks/${id}/`, edited);
    expect(update.status).toBe(200);
    expect(update.data).toEqual(edited);
    expect((await stored(id)).password).toBe("hunter2");

    const responses = await t.api.get(`/api/v1/webhooks/${id}/responses/`);
    expect(responses.data).toEqual({
      count: 0, next: null, previous: null, results: [], page_size: 50, current_page_number: 1, total_pages: 1,
    });
    expect((await t.api.delete(`/api/v1/webhooks/${id}/`)).status).toBe(204);
    expect((await t.api.get(`/api/v1/webhooks/${id}/responses/`)).status).toBe(404);
  });
});
