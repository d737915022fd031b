import { Webhook } from "../../src/schema/entities";
import { createIntegration } from "../helpers/integrations";
import { startTestServer, type TestServer } from "../helpers/server";
import { createTeam, createUserWithToken } from "../helpers/users";

// Field rules of webhooks-api.md "The webhook object": every message a client can see.
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

const PLACEHOLDER = "****************";
const TRIGGER_DETAIL =
  "trigger_type must one of ['escalation', 'alert group created', 'acknowledge', 'resolve', 'silence', 'unsilence', 'unresolve', 'unacknowledge', 'status change', 'personal notification']";
const METHOD_ERROR = "Must be one of ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH']";

let counter = 0;
const minimal = (extra: Record<string, unknown> = {}) => ({
  name: `valid ${++counter}`, url: "https://example.com/hook", http_method: "POST", trigger_type: "resolve", ...extra,
});
const create = (extra: Record<string, unknown>) => t.api.post("/api/v1/webhooks/", minimal(extra));
const createOk = async (extra: Record<string, unknown> = {}) => {
  const res = await create(extra);
  expect(res.status).toBe(201);
  return res.data;
};

describe("required fields, null and blank", () => {
  it("POST {} lists the four required fields", async () => {
    const res = await t.api.post("/api/v1/webhooks/", {});
    expect(res.status).toBe(400);
    expect(res.data).toEqual({
      name: ["This field is required."], url: ["This field is required."],
      http_method: ["This field is required."], trigger_type: ["This field is required."],
    });
    expect(Object.keys(res.data)).toEqual(["name", "url", "http_method", "trigger_type"]);
  });

  it.each(["name", "url", "http_method", "trigger_type"])("%s: null and blank (also whitespace only)", async (field) => {
    expect((await create({ [field]: null })).data).toEqual({ [field]: ["This field may not be null."] });
    expect((await create({ [field]: "" })).data).toEqual({ [field]: ["This field may not be blank."] });
    expect((await create({ [field]: "   " })).data).toEqual({ [field]: ["This field may not be blank."] });
  });

  it("reports several field errors in one 400", async () => {
    const res = await t.api.post("/api/v1/webhooks/", { name: "", url: null, http_method: "post", trigger_type: "resolve", forward_all: "maybe" });
    expect(res.status).toBe(400);
    expect(res.data).toEqual({
      name: ["This field may not be blank."], url: ["This field may not be null."],
      forward_all: ["Must be a valid boolean."], http_method: [METHOD_ERROR],
    });
    // DRF reports in the serializer's field order, required fields included.
    const partial = await t.api.post("/api/v1/webhooks/", { url: null, forward_all: "x" });
    expect(Object.keys(partial.data)).toEqual(["name", "url", "forward_all", "http_method", "trigger_type"]);
  });

  it("on update every field is optional and the same null/blank rules apply", async () => {
    const created = await createOk();
    expect((await t.api.patch(`/api/v1/webhooks/${created.id}/`, {})).data).toEqual(created);
    expect((await t.api.put(`/api/v1/webhooks/${created.id}/`, {})).data).toEqual(created);
    const res = await t.api.patch(`/api/v1/webhooks/${created.id}/`, { name: null, url: " " });
    expect([res.status, res.data]).toEqual([400, { name: ["This field may not be null."], url: ["This field may not be blank."] }]);
  });
});

describe("strings", () => {
  it("name: at most 100 characters (code points), numbers become text, other types are refused", async () => {
    expect((await create({ name: "x".repeat(101) })).data).toEqual({ name: ["Ensure this field has no more than 100 characters."] });
    expect((await createOk({ name: "é".repeat(50) + "😀".repeat(50) })).name).toHaveLength(150); // 100 code points
    expect((await createOk({ name: 5 })).name).toBe("5");
    for (const bad of [{ a: 1 }, ["x"], true]) {
      expect((await create({ name: bad })).data).toEqual({ name: ["Not a valid string."] });
    }
  });

  it("trims leading and trailing whitespace before storing (templates too)", async () => {
    const created = await createOk({ name: "  padded  ", url: "  https://example.com/{{ alert_group_id }}\n", data: "\n {{ alert_payload }} \n" });
    expect(created.name).toBe("padded");
    expect(created.url).toBe("https://example.com/{{ alert_group_id }}");
    expect(created.data).toBe("{{ alert_payload }}");
  });

  it("data, headers, trigger_template: null and blank are stored as null; numbers as text", async () => {
    const created = await createOk({ data: "", headers: null, trigger_template: "   " });
    expect([created.data, created.headers, created.trigger_template]).toEqual([null, null, null]);
    expect((await createOk({ data: 42 })).data).toBe("42");
    expect((await create({ headers: { a: 1 } })).data).toEqual({ headers: ["Not a valid string."] });
  });

  it("username, password, authorization_header: blank is kept as \"\" (not masked), null as null, with length limits", async () => {
    const created = await createOk({ username: "", password: "", authorization_header: null });
    expect([created.username, created.password, created.authorization_header]).toEqual(["", "", null]);
    const row = await t.server.dataSource.getRepository(Webhook).findOneByOrFail({ publicId: created.id });
    expect([row.username, row.password, row.authorizationHeader]).toEqual(["", "", null]);

    expect((await create({ username: "u".repeat(101) })).data).toEqual({ username: ["Ensure this field has no more than 100 characters."] });
    expect((await create({ password: "p".repeat(1001) })).data).toEqual({ password: ["Ensure this field has no more than 1000 characters."] });
    expect((await create({ authorization_header: "a".repeat(2001) })).data).toEqual({
      authorization_header: ["Ensure this field has no more than 2000 characters."],
    });
    const longest = await createOk({ username: "u".repeat(100), password: "p".repeat(1000), authorization_header: "a".repeat(2000) });
    expect([longest.password, longest.authorization_header]).toEqual([PLACEHOLDER, PLACEHOLDER]);
  });

  it("the placeholder cannot create a secret", async () => {
    const res = await create({ password: PLACEHOLDER, authorization_header: PLACEHOLDER });
    expect(res.status).toBe(400);
    expect(Object.keys(res.data)).toEqual(["password", "authorization_header"]);
    expect(res.data.password).toHaveLength(1);
  });

  it("the placeholder keeps a stored empty or null secret as it is", async () => {
    const created = await createOk({ password: "" });
    const res = await t.api.patch(`/api/v1/webhooks/${created.id}/`, { password: PLACEHOLDER, authorization_header: PLACEHOLDER });
    expect([res.data.password, res.data.authorization_header]).toEqual(["", null]);
  });
});

describe("http_method and trigger_type", () => {
  it("http_method is an exact, case-sensitive member of the six methods", async () => {
    for (const method of ["GET", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"]) {
      expect((await createOk({ http_method: method })).http_method).toBe(method);
    }
    for (const bad of ["post", "HEAD", 5]) {
      expect((await create({ http_method: bad })).data).toEqual({ http_method: [METHOD_ERROR] });
    }
  });

  it("every public trigger name is accepted and shown back", async () => {
    const names = ["escalation", "alert group created", "acknowledge", "resolve", "silence", "unsilence", "unresolve", "unacknowledge", "status change", "personal notification"];
    for (const name of names) expect((await createOk({ trigger_type: name })).trigger_type).toBe(name);
  });

  it("an unknown or non-string trigger_type fails the whole request with the detail body", async () => {
    for (const bad of ["resolved", "Resolve", 3, ["resolve"]]) {
      const res = await create({ trigger_type: bad });
      expect([res.status, res.data]).toEqual([400, { detail: TRIGGER_DETAIL }]);
    }
    // It replaces every other field error.
    const res = await t.api.post("/api/v1/webhooks/", { trigger_type: "resolved", http_method: "post" });
    expect(res.data).toEqual({ detail: TRIGGER_DETAIL });
    const created = await createOk();
    expect((await t.api.patch(`/api/v1/webhooks/${created.id}/`, { trigger_type: "nope", name: "" })).data).toEqual({ detail: TRIGGER_DETAIL });
  });
});

describe("booleans", () => {
  it.each([
    [true, true], [false, false], [1, true], [0, false], ["true", true], ["False", false], ["yes", true], ["NO", false],
    ["on", true], ["off", false], ["t", true], ["F", false], ["Y", true], ["n", false], ["1", true], ["0", false],
  ])("forward_all %j → %j", async (raw, expected) => {
    expect((await createOk({ forward_all: raw })).forward_all).toBe(expected);
  });

  it("anything else is not a boolean; forward_all may not be null", async () => {
    for (const bad of ["", "maybe", 2, [], {}]) {
      expect((await create({ forward_all: bad })).data).toEqual({ forward_all: ["Must be a valid boolean."] });
      expect((await create({ is_webhook_enabled: bad })).data).toEqual({ is_webhook_enabled: ["Must be a valid boolean."] });
    }
    expect((await create({ forward_all: null })).data).toEqual({ forward_all: ["This field may not be null."] });
  });

  it("is_webhook_enabled: null is stored on create, refused on update", async () => {
    const created = await createOk({ is_webhook_enabled: null });
    expect(created.is_webhook_enabled).toBeNull();
    const res = await t.api.patch(`/api/v1/webhooks/${created.id}/`, { is_webhook_enabled: null });
    expect([res.status, res.data]).toEqual([400, { is_webhook_enabled: ["This field may not be null."] }]);
    expect((await t.api.patch(`/api/v1/webhooks/${created.id}/`, { is_webhook_enabled: "off" })).data.is_webhook_enabled).toBe(false);
  });
});

describe("team", () => {
  it("accepts a team of the organization; null, \"\" and \"null\" mean no team", async () => {
    const team = await createTeam(t, "webhook-team");
    expect((await createOk({ team: team.publicId })).team).toBe(team.publicId);
    for (const none of [null, "", "null"]) expect((await createOk({ team: none })).team).toBeNull();
  });

  it("an unknown team, or another organization's, does not exist; other types are invalid", async () => {
    const { organization } = await createUserWithToken(t, { newOrganization: true });
    const foreign = await createTeam(t, "foreign-team", organization.id);
    for (const bad of ["TNOPE12345678", foreign.publicId, 7]) {
      expect((await create({ team: bad })).data).toEqual({ team: ["Object does not exist"] });
    }
    for (const bad of [{ id: "T1" }, ["T1"]]) expect((await create({ team: bad })).data).toEqual({ team: ["Invalid values"] });
  });
});

describe("integration_filter", () => {
  it("stores integration ids of the organization and shows null when empty", async () => {
    const a = (await createIntegration(t)).integration.publicId;
    const b = (await createIntegration(t)).integration.publicId;
    expect((await createOk({ integration_filter: [a, b] })).integration_filter).toEqual([a, b]);
    for (const empty of [null, "", [], {}, false, 0]) {
      expect((await createOk({ integration_filter: empty })).integration_filter).toBeNull();
    }
  });

  it("refuses non-lists with the Python type name", async () => {
    const expected = (type: string) => ({ integration_filter: [`Expected a list of items but got type "${type}".`] });
    expect((await create({ integration_filter: "C2KWJ72CEVWX7" })).data).toEqual(expected("str"));
    expect((await create({ integration_filter: 5 })).data).toEqual(expected("int"));
    expect((await create({ integration_filter: 1.5 })).data).toEqual(expected("float"));
    expect((await create({ integration_filter: true })).data).toEqual(expected("bool"));
    expect((await create({ integration_filter: { a: 1 } })).data).toEqual(expected("dict"));
  });

  it("refuses unknown, deleted and other organizations' integrations, and unusable elements", async () => {
    const { organization } = await createUserWithToken(t, { newOrganization: true });
    const foreign = (await createIntegration(t, { organizationId: organization.id })).integration.publicId;
    const deleted = (await createIntegration(t, { deleted: true })).integration.publicId;
    const ours = (await createIntegration(t)).integration.publicId;
    for (const bad of [["abc"], [foreign], [deleted], [ours, "CNOPE12345678"]]) {
      expect((await create({ integration_filter: bad })).data).toEqual({ integration_filter: ["Integration does not exist"] });
    }
    for (const bad of [[5], [null], [{ id: ours }]]) {
      expect((await create({ integration_filter: bad })).data).toEqual({ integration_filter: ["Invalid integration"] });
    }
    const created = await createOk();
    const res = await t.api.put(`/api/v1/webhooks/${created.id}/`, { integration_filter: "C2KWJ72CEVWX7" });
    expect([res.status, res.data]).toEqual([400, { integration_filter: ['Expected a list of items but got type "str".'] }]);
  });
});

describe("templates are validated on save", () => {
  it("a template error rejects the field; warnings do not", async () => {
    expect((await create({ data: "{{ x | to_json }}" })).data).toEqual({ data: ["Template Error: No filter named 'to_json'."] });
    expect((await create({ url: "https://a/{{ }}" })).data).toEqual({
      url: ["Template Error: Expected an expression, got 'end of print statement'"],
    });
    const errors = (await create({ headers: "{% if %}", trigger_template: "{{ 1 | nope }}" })).data;
    expect(Object.keys(errors)).toEqual(["trigger_template", "headers"]);
    expect(errors.headers[0]).toMatch(/^Template Error: /);
    // Warnings (undefined values used further) are ignored: the dummy context cannot satisfy real templates.
    const ok = await createOk({ trigger_template: "{{ event.type.upper() }}", headers: '{"X-Id": "{{ alert_payload.a.b }}"}' });
    expect(ok.trigger_template).toBe("{{ event.type.upper() }}");
  });

  it("validates templates sent on update", async () => {
    const created = await createOk();
    const res = await t.api.patch(`/api/v1/webhooks/${created.id}/`, { data: "{{ x | to_json }}" });
    expect([res.status, res.data]).toEqual([400, { data: ["Template Error: No filter named 'to_json'."] }]);
  });
});

describe("name uniqueness per organization", () => {
  it("a second webhook with an existing name, or a rename onto one, is refused", async () => {
    const first = await createOk({ name: "unique name" });
    const unique = { non_field_errors: ["The fields name, organization must make a unique set."] };
    expect((await create({ name: "unique name" })).data).toEqual(unique);
    expect((await createOk({ name: "Unique Name" })).name).toBe("Unique Name"); // exact match only
    const second = await createOk({ name: "other name" });
    const rename = await t.api.patch(`/api/v1/webhooks/${second.id}/`, { name: "unique name" });
    expect([rename.status, rename.data]).toEqual([400, unique]);
    expect((await t.api.put(`/api/v1/webhooks/${first.id}/`, { name: "unique name" })).status).toBe(200);
  });

  it("field errors come first: uniqueness is only checked once the fields are valid", async () => {
    await createOk({ name: "taken once" });
    const res = await create({ name: "taken once", http_method: "nope" });
    expect(res.data).toEqual({ http_method: [METHOD_ERROR] });
  });

  it("concurrent creates with one name: one 201, the others the same 400", async () => {
    const results = await Promise.all([1, 2, 3, 4].map(() => t.api.post("/api/v1/webhooks/", minimal({ name: "race" }))));
    expect(results.map((r) => r.status).sort()).toEqual([201, 400, 400, 400]);
    for (const r of results.filter((x) => x.status === 400)) {
      expect(r.data).toEqual({ non_field_errors: ["The fields name, organization must make a unique set."] });
    }
  });
});
