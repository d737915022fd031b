import { Integration } from "../../src/schema/entities";
import { startTestServer, type TestServer } from "../helpers/server";
import { createTeam, createUserWithToken } from "../helpers/users";
import { clientFor } from "../helpers/server";
import { createChain, createIntegration, inboundPath, postAlert } from "../inbound/helpers";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

const NULL_TEMPLATES = {
  grouping_key: null, resolve_signal: null, acknowledge_signal: null, source_link: null,
  slack: { title: null, message: null, image_url: null },
  web: { title: null, message: null, image_url: null },
  sms: { title: null },
  phone_call: { title: null },
  telegram: { title: null, message: null, image_url: null },
  mobile_app: { title: null, message: null },
  email: { title: null, message: null },
};

describe("POST /api/v1/integrations/", () => {
  it("creates an integration with OnCall's shape, default route, link and heartbeat", async () => {
    const res = await t.api.post("/api/v1/integrations/", { type: "alertmanager", name: "Prod AM" });
    expect(res.status).toBe(201);
    const body = res.data;
    expect(Object.keys(body)).toEqual([
      "id", "name", "description_short", "team_id", "link", "inbound_email", "type", "default_route", "templates",
      "heartbeat", "maintenance_mode", "maintenance_started_at", "maintenance_end_at",
    ]);
    expect(body.id).toMatch(/^C[A-NP-Z1-9]{12}$/);
    expect(body.link).toMatch(new RegExp(`^${t.server.config.baseUrl}/integrations/v1/alertmanager/[A-Za-z0-9]{25}/$`));
    expect(body).toMatchObject({
      name: "Prod AM", description_short: null, team_id: null, inbound_email: null, type: "alertmanager",
      heartbeat: { link: `${body.link}heartbeat/` }, maintenance_mode: null, maintenance_started_at: null, maintenance_end_at: null,
    });
    expect(body.default_route).toEqual({
      id: expect.stringMatching(/^R[A-NP-Z1-9]{12}$/), escalation_chain_id: null,
      slack: { channel_id: null, enabled: true }, telegram: { id: null, enabled: false },
    });
    expect(body.templates).toEqual(NULL_TEMPLATES);
    expect((await t.api.get(`/api/v1/integrations/${body.id}/`)).data).toEqual(body);
  });

  it("names integrations by type title and a smile code counting every integration ever created", async () => {
    const fresh = await startTestServer();
    try {
      const names: string[] = [];
      for (const type of ["alertmanager", "webhook", "grafana_alerting", "grafana", "formatted_webhook"]) {
        names.push((await fresh.api.post("/api/v1/integrations/", { type })).data.name);
      }
      expect(names).toEqual([
        "Alertmanager :blush:", "Webhook :ghost:", "Grafana Alerting :apple:", "Grafana Legacy Alerting :heart:", "Formatted webhook :sunglasses:",
      ]);
      // Deleted integrations still count.
      const last = (await fresh.api.get("/api/v1/integrations/?name=Webhook%20:ghost:")).data.results[0];
      expect((await fresh.api.delete(`/api/v1/integrations/${last.id}/`)).status).toBe(204);
      for (let i = 0; i < 5; i++) await fresh.api.post("/api/v1/integrations/", { type: "webhook" });
      const eleventh = await fresh.api.post("/api/v1/integrations/", { type: "webhook" });
      expect(eleventh.data.name).toBe("Webhook :ghost::blush:");
    } finally {
      await fresh.close();
    }
  });

  it("has no heartbeat for grafana_alerting", async () => {
    const res = await t.api.post("/api/v1/integrations/", { type: "grafana_alerting" });
    expect(res.data.heartbeat).toBeNull();
  });

  it("sets the default route's escalation chain and the team", async () => {
    const chain = await createChain(t, "primary");
    const team = await createTeam(t, "platform");
    const res = await t.api.post("/api/v1/integrations/", {
      type: "webhook", team_id: team.publicId, description_short: "d", default_route: { escalation_chain_id: chain.publicId },
    });
    expect(res.status).toBe(201);
    expect(res.data.team_id).toBe(team.publicId);
    expect(res.data.description_short).toBe("d");
    expect(res.data.default_route.escalation_chain_id).toBe(chain.publicId);
  });

  it.each([
    [{}, { type: ["This field is required."] }],
    [{ type: "zabbix" }, { detail: "Invalid integration type" }],
    [{ type: 5 }, { detail: "Invalid integration type" }],
    [{ type: "legacy_alertmanager" }, { detail: "This integration type is deprecated" }],
    [{ type: "legacy_grafana_alerting" }, { detail: "This integration type is deprecated" }],
    [{ type: "direct_paging" }, { detail: "Direct paging integrations can't be created" }],
    [{ type: "webhook", name: "x".repeat(151) }, { name: ["Ensure this field has no more than 150 characters."] }],
    [{ type: "webhook", description_short: "x".repeat(251) }, { description_short: ["Ensure this field has no more than 250 characters."] }],
    [{ type: "webhook", team_id: "TNOTATEAM1234" }, { team_id: ["Object does not exist"] }],
    [{ type: "webhook", templates: [] }, { templates: ['Expected a dictionary of items but got type "list".'] }],
    [{ type: "webhook", templates: "x" }, { templates: ['Expected a dictionary of items but got type "str".'] }],
    [{ type: "webhook", templates: { grouping_key: "{{ payload.x " } }, { detail: "Invalid grouping_key template data" }],
    [{ type: "webhook", templates: { resolve_signal: 5 } }, { detail: "Invalid resolve_signal template data" }],
    [{ type: "webhook", templates: { web: "x" } }, { detail: "Invalid web template data" }],
    [{ type: "webhook", templates: { web: { title: "{% if %}" } } }, { detail: "invalid web title template" }],
    [{ type: "webhook", templates: { slack: { message: "{{ x | nosuchfilter }}" } } }, { detail: "invalid slack message template" }],
    [{ type: "webhook", templates: { web: { foo: "x" } } }, { detail: "Invalid template data" }],
    [{ type: "webhook", default_route: "x" }, { default_route: ['Expected a dictionary of items but got type "str".'] }],
    [{ type: "webhook", default_route: { escalation_chain_id: "FNOTACHAIN123" } }, { escalation_chain_id: ["Object does not exist"] }],
    [{ type: "webhook", default_route: { slack: { channel_id: "C1" } } }, { detail: "Slack isn't connected to this workspace" }],
    [{ type: "webhook", default_route: { telegram: { id: "T1" } } }, { detail: "Telegram channel does not exist" }],
  ])("rejects %j with %j and leaves nothing behind", async (body, expected) => {
    const before = await t.server.dataSource.getRepository(Integration).count();
    const res = await t.api.post("/api/v1/integrations/", body);
    expect(res.status).toBe(400);
    expect(res.data).toEqual(expected);
    expect(await t.server.dataSource.getRepository(Integration).count()).toBe(before);
  });

  it("reports several field errors at once", async () => {
    const res = await t.api.post("/api/v1/integrations/", { name: "x".repeat(151), description_short: "y".repeat(251) });
    expect(res.status).toBe(400);
    expect(res.data).toEqual({
      type: ["This field is required."],
      name: ["Ensure this field has no more than 150 characters."],
      description_short: ["Ensure this field has no more than 250 characters."],
    });
  });

  it("refuses a name already used in the same team, not in another team", async () => {
    const team = await createTeam(t, "dup-team");
    expect((await t.api.post("/api/v1/integrations/", { type: "webhook", name: "dup" })).status).toBe(201);
    const again = await t.api.post("/api/v1/integrations/", { type: "alertmanager", name: "dup" });
    expect(again.status).toBe(400);
    expect(again.data).toEqual({ detail: "An integration with this name already exists for this team" });
    expect((await t.api.post("/api/v1/integrations/", { type: "webhook", name: "dup", team_id: team.publicId })).status).toBe(201);
  });

  it("stores template overrides and echoes the full templates object", async () => {
    const res = await t.api.post("/api/v1/integrations/", {
      type: "webhook",
      templates: { grouping_key: "{{ payload.id }}", web: { title: "{{ payload.t }}" }, unknown_key: 1 },
    });
    expect(res.status).toBe(201);
    expect(res.data.templates).toEqual({ ...NULL_TEMPLATES, grouping_key: "{{ payload.id }}", web: { title: "{{ payload.t }}", message: null, image_url: null } });
  });
});

describe("PUT/PATCH /api/v1/integrations/{id}/", () => {
  it("changes only the given keys; the type never changes; null resets a template", async () => {
    const created = await createIntegration(t, "webhook", {
      name: "to-update", templates: { grouping_key: "{{ payload.a }}", web: { title: "T", message: "M" } },
    });
    const chain = await createChain(t, "update-chain");
    const patched = await t.api.patch(`/api/v1/integrations/${created.id}/`, {
      type: "alertmanager",
      description_short: "new",
      default_route: { escalation_chain_id: chain.publicId },
      templates: { grouping_key: null, web: { message: null }, slack: {} },
    });
    expect(patched.status).toBe(200);
    expect(patched.data).toMatchObject({ name: "to-update", type: "webhook", description_short: "new", link: created.link });
    expect(patched.data.default_route.escalation_chain_id).toBe(chain.publicId);
    expect(patched.data.default_route.id).toBe(created.default_route.id);
    expect(patched.data.templates.grouping_key).toBeNull();
    expect(patched.data.templates.web).toEqual({ title: "T", message: null, image_url: null });

    const put = await t.api.put(`/api/v1/integrations/${created.id}/`, { name: "renamed", templates: { web: null } });
    expect(put.status).toBe(200);
    expect(put.data).toMatchObject({ name: "renamed", description_short: "new" });
    expect(put.data.templates.web).toEqual({ title: null, message: null, image_url: null });
    expect((await t.api.patch(`/api/v1/integrations/${created.id}/`, { default_route: { escalation_chain_id: null } })).data.default_route.escalation_chain_id).toBeNull();
  });

  it("validates updates like creates", async () => {
    const created = await createIntegration(t, "webhook");
    const res = await t.api.patch(`/api/v1/integrations/${created.id}/`, { templates: { acknowledge_signal: "{{" } });
    expect(res.status).toBe(400);
    expect(res.data).toEqual({ detail: "Invalid acknowledge_signal template data" });
    const team = await t.api.patch(`/api/v1/integrations/${created.id}/`, { team_id: "TXXXXXXXXXXXX" });
    expect(team.data).toEqual({ team_id: ["Object does not exist"] });
    const moved = await t.api.patch(`/api/v1/integrations/${created.id}/`, { team_id: "null" });
    expect(moved.status).toBe(200);
    expect(moved.data.team_id).toBeNull();
  });

  it("answers 404 for unknown ids and 405 for POST on an object", async () => {
    expect((await t.api.patch("/api/v1/integrations/CNOTEXISTING1/", {})).data).toEqual({ detail: "Not found." });
    const res = await t.api.post("/api/v1/integrations/CNOTEXISTING1/", {});
    expect(res.status).toBe(405);
    expect(res.data).toEqual({ detail: 'Method "POST" not allowed.' });
  });
});

describe("DELETE /api/v1/integrations/{id}/", () => {
  it("soft-deletes: 404 afterwards, the link answers 403, alert groups stay listable", async () => {
    const integration = await createIntegration(t, "webhook");
    expect((await postAlert(t, integration, { message: "before delete" })).status).toBe(200);
    const del = await t.api.delete(`/api/v1/integrations/${integration.id}/`);
    expect(del.status).toBe(204);
    expect(del.data).toBe("");
    expect((await t.api.get(`/api/v1/integrations/${integration.id}/`)).status).toBe(404);
    const inbound = await postAlert(t, integration, { message: "after delete" });
    expect(inbound.status).toBe(403);
    expect(inbound.data).toBe("Integration key was not found. Permission denied.");
    const groups = await t.api.get(`/api/v1/alert_groups/?integration_id=${integration.id}`);
    expect(groups.data.count).toBe(1);
    expect(groups.data.results[0].integration_id).toBe(integration.id);
    expect(inboundPath(integration)).toContain("/integrations/v1/webhook/");
  });
});

describe("GET /api/v1/integrations/", () => {
  it("lists oldest first with page-number pagination and filters by name and team", async () => {
    const fresh = await startTestServer();
    try {
      const team = await createTeam(fresh, "alpha");
      for (let i = 0; i < 3; i++) await fresh.api.post("/api/v1/integrations/", { type: "webhook", name: `w${i}` });
      await fresh.api.post("/api/v1/integrations/", { type: "webhook", name: "teamed", team_id: team.publicId });
      const page1 = await fresh.api.get("/api/v1/integrations/?perpage=2");
      expect(page1.data).toMatchObject({ count: 4, previous: null, page_size: 2, current_page_number: 1, total_pages: 2 });
      expect(page1.data.next).toBe(`${fresh.server.config.baseUrl}/api/v1/integrations/?page=2&perpage=2`);
      expect(page1.data.results.map((r: any) => r.name)).toEqual(["w0", "w1"]);
      expect((await fresh.api.get("/api/v1/integrations/?name=w1")).data.results.map((r: any) => r.name)).toEqual(["w1"]);
      expect((await fresh.api.get(`/api/v1/integrations/?team_id=${team.publicId}`)).data.results.map((r: any) => r.name)).toEqual(["teamed"]);
      expect((await fresh.api.get("/api/v1/integrations/?team_id=null")).data.count).toBe(3);
      const bad = await fresh.api.get("/api/v1/integrations/?team_id=TUNKNOWN12345");
      expect(bad.status).toBe(400);
      expect(bad.data).toEqual({ team_id: ["Select a valid choice. That choice is not one of the available choices."] });
    } finally {
      await fresh.close();
    }
  });
});

describe("permissions and tenants", () => {
  it("lets a viewer read but not write; another organization's integration is 404", async () => {
    const created = await createIntegration(t, "webhook");
    const viewer = await createUserWithToken(t, { role: "viewer" });
    const asViewer = clientFor(t.url, viewer.token);
    expect((await asViewer.get(`/api/v1/integrations/${created.id}/`)).status).toBe(200);
    const denied = await asViewer.post("/api/v1/integrations/", { type: "webhook" });
    expect(denied.status).toBe(403);
    expect(denied.data).toEqual({ detail: "You do not have permission to perform this action." });
    expect((await asViewer.delete(`/api/v1/integrations/${created.id}/`)).status).toBe(403);

    const stranger = await createUserWithToken(t, { role: "admin", newOrganization: true });
    const asStranger = clientFor(t.url, stranger.token);
    expect((await asStranger.get(`/api/v1/integrations/${created.id}/`)).status).toBe(404);
    expect((await asStranger.patch(`/api/v1/integrations/${created.id}/`, { name: "x" })).status).toBe(404);
    expect((await asStranger.delete(`/api/v1/integrations/${created.id}/`)).status).toBe(404);
    expect((await asStranger.get("/api/v1/integrations/")).data.count).toBe(0);
    // Another organization's chain is unknown too.
    const foreignChain = await createChain(t, "foreign", stranger.organization.id);
    const res = await t.api.post("/api/v1/integrations/", { type: "webhook", default_route: { escalation_chain_id: foreignChain.publicId } });
    expect(res.data).toEqual({ escalation_chain_id: ["Object does not exist"] });
  });
});
