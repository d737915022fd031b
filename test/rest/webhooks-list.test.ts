import { Webhook } from "../../src/schema/entities";
import { newPublicId } from "../../src/schema/public-id";
import { clientFor, startTestServer, type TestServer } from "../helpers/server";
import { createTeam, createUserWithToken } from "../helpers/users";

// GET /api/v1/webhooks/: pagination envelope, filters, order, and the Terraform provider's request shapes.
let t: TestServer;
const BASE = "https://outhook.example.com";
const ids: string[] = [];
let teamId: string;

beforeAll(async () => {
  t = await startTestServer({ BASE_URL: `${BASE}/` });
  teamId = (await createTeam(t, "list-team")).publicId;
  for (let i = 1; i <= 5; i++) {
    const res = await t.api.post("/api/v1/webhooks/", {
      name: `hook ${i}`, url: "https://example.com", http_method: "POST", trigger_type: "resolve",
      team: i % 2 === 0 ? teamId : null,
    });
    ids.push(res.data.id);
  }
});
afterAll(() => t.close());

const list = (params: Record<string, unknown> = {}, path = "/api/v1/webhooks/") => t.api.get(path, { params });
const idsOf = (body: { results: { id: string }[] }) => body.results.map((w) => w.id);

describe("pagination", () => {
  it("default page: every webhook in creation order, envelope keys in OnCall's order", async () => {
    const res = await list();
    expect(res.status).toBe(200);
    expect(Object.keys(res.data)).toEqual(["count", "next", "previous", "results", "page_size", "current_page_number", "total_pages"]);
    expect(res.data).toMatchObject({ count: 5, next: null, previous: null, page_size: 50, current_page_number: 1, total_pages: 1 });
    expect(idsOf(res.data)).toEqual(ids);
  });

  it("perpage sets the page size; next/previous are absolute from BASE_URL with sorted query keys", async () => {
    const first = (await t.api.get("/api/v1/webhooks/?perpage=2&zeta=1")).data;
    expect(first).toMatchObject({ count: 5, page_size: 2, current_page_number: 1, total_pages: 3, previous: null });
    expect(first.next).toBe(`${BASE}/api/v1/webhooks/?page=2&perpage=2&zeta=1`);
    expect(idsOf(first)).toEqual(ids.slice(0, 2));

    const second = (await t.api.get("/api/v1/webhooks/?perpage=2&page=2&zeta=1")).data;
    expect(idsOf(second)).toEqual(ids.slice(2, 4));
    expect(second.previous).toBe(`${BASE}/api/v1/webhooks/?perpage=2&zeta=1`);
    expect(second.next).toBe(`${BASE}/api/v1/webhooks/?page=3&perpage=2&zeta=1`);

    const third = (await list({ perpage: 2, page: 3 })).data;
    expect(idsOf(third)).toEqual(ids.slice(4));
    expect([third.next, third.previous]).toEqual([null, `${BASE}/api/v1/webhooks/?page=2&perpage=2`]);
  });

  it("a page beyond the last serves the last page; invalid page values serve page 1", async () => {
    const beyond = (await list({ perpage: 2, page: 99 })).data;
    expect([beyond.current_page_number, idsOf(beyond)]).toEqual([3, ids.slice(4)]);
    for (const page of ["0", "-1", "abc"]) {
      const res = (await list({ perpage: 2, page })).data;
      expect([page, res.current_page_number]).toEqual([page, 1]);
    }
  });

  it("perpage is capped at 100 for rows and page_size; invalid perpage means 50", async () => {
    const { token, organization } = await createUserWithToken(t, { newOrganization: true });
    await t.server.dataSource.getRepository(Webhook).insert(
      Array.from({ length: 101 }, (_, i) => ({
        publicId: newPublicId("webhook"), organizationId: organization.id, name: `bulk ${i}`,
        url: "https://example.com", httpMethod: "POST" as const, triggerType: 3,
      })),
    );
    const other = clientFor(t.url, token);
    const capped = (await other.get("/api/v1/webhooks/", { params: { perpage: 200 } })).data;
    expect([capped.count, capped.page_size, capped.results.length, capped.total_pages]).toEqual([101, 100, 100, 2]);
    for (const perpage of ["0", "abc", "-5"]) {
      const res = (await other.get("/api/v1/webhooks/", { params: { perpage } })).data;
      expect([perpage, res.page_size, res.results.length]).toEqual([perpage, 50, 50]);
    }
  });

  it("the list answers without a trailing slash too", async () => {
    const res = await t.api.get("/api/v1/webhooks?perpage=1");
    expect(res.status).toBe(200);
    expect(res.data.next).toBe(`${BASE}/api/v1/webhooks?page=2&perpage=1`);
  });

  it("an empty result still has one page", async () => {
    expect((await list({ name: "nobody" })).data).toEqual({
      count: 0, next: null, previous: null, results: [], page_size: 50, current_page_number: 1, total_pages: 1,
    });
  });
});

describe("filters", () => {
  it("name is an exact, case-sensitive match", async () => {
    expect(idsOf((await list({ name: "hook 3" })).data)).toEqual([ids[2]]);
    expect((await list({ name: "Hook 3" })).data.count).toBe(0);
    expect((await list({ name: "hook" })).data.count).toBe(0);
  });

  it("team_id selects a team's webhooks; null selects those without a team", async () => {
    expect(idsOf((await list({ team_id: teamId })).data)).toEqual([ids[1], ids[3]]);
    expect(idsOf((await list({ team_id: "null" })).data)).toEqual([ids[0], ids[2], ids[4]]);
    expect(idsOf((await list({ team_id: teamId, name: "hook 4" })).data)).toEqual([ids[3]]);
  });

  it("an unknown team_id is a 400", async () => {
    const res = await list({ team_id: "TNOPE12345678" });
    expect([res.status, res.data]).toEqual([400, { team_id: ["Select a valid choice. That choice is not one of the available choices."] }]);
  });

  it("other parameters are ignored", async () => {
    expect(idsOf((await list({ team: teamId, ordering: "-name", search: "hook 1" })).data)).toEqual(ids);
  });
});

describe("the Terraform provider's shapes", () => {
  // The Go client sends every field, nulls included, and always `"preset": ""`.
  const resource = {
    name: "tf hook", team: "", url: "https://tf.example.com/{{ alert_group.id }}", data: null, username: null,
    password: null, authorization_header: "Bearer tf", trigger_template: null, headers: null, forward_all: true,
    http_method: "POST", trigger_type: "alert group created", integration_filter: null, is_webhook_enabled: true, preset: "",
  };

  it("create, read, full-replace update, delete", async () => {
    const created = await t.api.post("/api/v1/webhooks", resource);
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({ ...resource, team: null, authorization_header: "****************", preset: null });
    const id = created.data.id;

    const read = await t.api.get(`/api/v1/webhooks/${id}`);
    expect(read.data).toEqual(created.data);

    const update = { ...resource, team: teamId, authorization_header: "Bearer rotated", trigger_type: "resolve", data: '{"a": 1}' };
    const put = await t.api.put(`/api/v1/webhooks/${id}`, update);
    expect(put.status).toBe(200);
    expect(put.data).toEqual({ ...created.data, team: teamId, trigger_type: "resolve", data: '{"a": 1}' });
    const row = await t.server.dataSource.getRepository(Webhook).findOneByOrFail({ publicId: id });
    expect(row.authorizationHeader).toBe("Bearer rotated");

    expect((await t.api.delete(`/api/v1/webhooks/${id}`)).status).toBe(204);
    expect((await t.api.get(`/api/v1/webhooks/${id}`)).status).toBe(404);
  });
});
