import { Alert, AlertGroup, AlertGroupEvent, Integration } from "../../src/schema/entities";
import { startTestServer, type TestServer } from "../helpers/server";
import { createTeam } from "../helpers/users";
import { createIntegration, eventsOf, groupsOf, postAlert } from "../inbound/helpers";

let t: TestServer;
let integration: Awaited<ReturnType<typeof createIntegration>>;
let teamed: Awaited<ReturnType<typeof createIntegration>>;
let teamId: string;
/** Public ids, oldest first: firing, acknowledged, resolved, silenced, firing (team integration). */
let ids: string[];

beforeAll(async () => {
  t = await startTestServer();
  integration = await createIntegration(t, "formatted_webhook");
  teamId = (await createTeam(t, "ops")).publicId;
  teamed = await createIntegration(t, "formatted_webhook", { team_id: teamId });
  for (let i = 0; i < 4; i++) await postAlert(t, integration, { alert_uid: `uid-${i}`, title: `group ${i}` });
  await postAlert(t, teamed, { alert_uid: "uid-team", title: "team group" });
  const ds = t.server.dataSource;
  const rows = await ds.getRepository(AlertGroup).find({ order: { id: "ASC" } });
  ids = rows.map((r) => r.publicId);
  // Distinct, known creation times: 2024-01-0{1..5}T10:00:00Z.
  for (const [i, row] of rows.entries()) await ds.getRepository(AlertGroup).update(row.id, { createdAt: new Date(`2024-01-0${i + 1}T10:00:00Z`) });
  await t.api.post(`/api/v1/alert_groups/${ids[1]}/acknowledge/`);
  await t.api.post(`/api/v1/alert_groups/${ids[2]}/resolve/`);
  await t.api.post(`/api/v1/alert_groups/${ids[3]}/silence/`, { delay: -1 });
});
afterAll(() => t.close());

const list = async (query = "") => {
  const res = await t.api.get(`/api/v1/alert_groups/${query}`);
  return { status: res.status, data: res.data, ids: (res.data.results ?? []).map((r: any) => r.id) };
};

describe("GET /api/v1/alert_groups/", () => {
  it("lists newest first with the page-number envelope", async () => {
    const { data, ids: listed } = await list();
    expect(Object.keys(data)).toEqual(["count", "next", "previous", "results", "page_size", "current_page_number", "total_pages"]);
    expect(data).toMatchObject({ count: 5, next: null, previous: null, page_size: 50, current_page_number: 1, total_pages: 1 });
    expect(listed).toEqual([...ids].reverse());
  });

  it("pages with perpage and page; beyond the last page serves the last", async () => {
    const base = t.server.config.baseUrl;
    const p1 = await list("?perpage=2");
    expect(p1.ids).toEqual([ids[4], ids[3]]);
    expect(p1.data).toMatchObject({ count: 5, page_size: 2, total_pages: 3, previous: null, next: `${base}/api/v1/alert_groups/?page=2&perpage=2` });
    const p2 = await list("?perpage=2&page=2&state=new");
    expect(p2.data).toMatchObject({ count: 2, current_page_number: 1 }); // state=new has one page only
    const last = await list("?perpage=2&page=99");
    expect(last.ids).toEqual([ids[0]]);
    expect(last.data).toMatchObject({ current_page_number: 3, next: null, previous: `${base}/api/v1/alert_groups/?page=2&perpage=2` });
    expect((await list("?perpage=500")).data.page_size).toBe(100);
  });

  it.each([
    ["new", [4, 0]], ["NEW", [4, 0]], ["acknowledged", [1]], ["resolved", [2]], ["silenced", [3]],
  ])("filters state=%s", async (state, expected) => {
    expect((await list(`?state=${state}`)).ids).toEqual((expected as number[]).map((i) => ids[i]));
  });

  it("rejects an unknown state with a string-valued body", async () => {
    const res = await list("?state=firing");
    expect(res.status).toBe(400);
    expect(res.data).toEqual({ state: "Must be one of the following: new, acknowledged, resolved, silenced" });
  });

  it("filters by id, integration, route and team", async () => {
    expect((await list(`?id=${ids[2]}`)).ids).toEqual([ids[2]]);
    expect((await list("?id=INOTEXISTING1")).ids).toEqual([]);
    expect((await list(`?integration_id=${teamed.id}`)).ids).toEqual([ids[4]]);
    expect((await list("?integration_id=CNOTEXISTING1")).data).toMatchObject({ count: 0, results: [], total_pages: 1 });
    expect((await list(`?route_id=${integration.default_route.id}`)).ids).toEqual([ids[3], ids[2], ids[1], ids[0]]);
    expect((await list("?route_id=RNOTEXISTING1")).ids).toEqual([]);
    expect((await list(`?team_id=${teamId}`)).ids).toEqual([ids[4]]);
    expect((await list("?team_id=null")).ids).toHaveLength(4);
    const bad = await list("?team_id=TNOTEXISTING1");
    expect(bad.status).toBe(400);
    expect(bad.data).toEqual({ team_id: ["Select a valid choice. That choice is not one of the available choices."] });
    expect((await list(`?state=new&integration_id=${integration.id}`)).ids).toEqual([ids[0]]);
  });

  it("filters started_at as an inclusive range and rejects bad ranges", async () => {
    expect((await list("?started_at=2024-01-02T10:00:00_2024-01-04T10:00:00")).ids).toEqual([ids[3], ids[2], ids[1]]);
    expect((await list("?started_at=2024-01-02T10:00:01_2024-01-04T09:59:59")).ids).toEqual([ids[2]]);
    for (const bad of ["2024-01-02", "2024-01-04T10:00:00_2024-01-02T10:00:00", "2024-02-30T00:00:00_2024-03-01T00:00:00", "x_y"]) {
      const res = await list(`?started_at=${bad}`);
      expect(res.status).toBe(400);
      expect(res.data).toEqual({ detail: "Invalid range value" });
    }
  });

  it("matches nothing for a well-formed label and ignores malformed ones", async () => {
    expect((await list("?label=env:prod")).data.count).toBe(0);
    expect((await list("?label=nocolon&label=a:b:c")).data.count).toBe(5);
  });

  it("shows the integration's team and keeps groups of deleted integrations", async () => {
    const [teamGroup] = await groupsOf(t, teamed.id);
    expect(teamGroup.team_id).toBe(teamId);
    const doomed = await createIntegration(t, "webhook");
    await postAlert(t, doomed, { x: 1 });
    await t.api.delete(`/api/v1/integrations/${doomed.id}/`);
    expect((await list(`?integration_id=${doomed.id}`)).data.count).toBe(1);
  });
});

describe("GET /api/v1/alerts/", () => {
  it("lists alerts newest first and filters by id, group and payload text", async () => {
    const all = await t.api.get("/api/v1/alerts/");
    expect(all.status).toBe(200);
    expect(Object.keys(all.data.results[0])).toEqual(["id", "alert_group_id", "created_at", "payload"]);
    const groupAlerts = await t.api.get(`/api/v1/alerts/?alert_group_id=${ids[1]}`);
    expect(groupAlerts.data.results).toEqual([
      { id: expect.stringMatching(/^A/), alert_group_id: ids[1], created_at: expect.any(String), payload: { alert_uid: "uid-1", title: "group 1" } },
    ]);
    const alertId = groupAlerts.data.results[0].id;
    expect((await t.api.get(`/api/v1/alerts/?id=${alertId}`)).data.results.map((a: any) => a.id)).toEqual([alertId]);
    const found = await t.api.get("/api/v1/alerts/?search=TEAM%20GROUP");
    expect(found.data.results.map((a: any) => a.alert_group_id)).toEqual([ids[4]]);
    expect((await t.api.get("/api/v1/alerts/?search=%25")).data.count).toBe(0); // % is literal, not a wildcard
    const ids2 = all.data.results.map((a: any) => a.id);
    const alerts = await t.server.dataSource.getRepository(Alert).find({ order: { id: "DESC" } });
    expect(ids2).toEqual(alerts.map((a) => a.publicId));
  });
});

describe("DELETE /api/v1/alert_groups/{id}/", () => {
  const freshGroup = async () => {
    const source = await createIntegration(t, "webhook");
    await postAlert(t, source, { message: "to delete", n: Math.random() });
    return (await groupsOf(t, source.id))[0].id as string;
  };

  it("wipes by default: resolved with no user, title null, payloads {}, no event; twice is a no-op", async () => {
    const id = await freshGroup();
    const res = await t.api.delete(`/api/v1/alert_groups/${id}/`);
    expect(res.status).toBe(204);
    const group = (await t.api.get(`/api/v1/alert_groups/${id}/`)).data;
    expect(group).toMatchObject({ state: "resolved", resolved_by: null, title: null });
    expect(group.last_alert.payload).toEqual({});
    expect((await t.api.delete(`/api/v1/alert_groups/${id}/`, { data: { mode: "wipe" } })).status).toBe(204);
    expect(await eventsOf(t, id)).toEqual([["alert group created", null]]);
    // Unresolving a wiped group answers 200 and changes nothing.
    expect((await t.api.post(`/api/v1/alert_groups/${id}/unresolve/`)).status).toBe(200);
    expect((await t.api.get(`/api/v1/alert_groups/${id}/`)).data.state).toBe("resolved");
    expect(await eventsOf(t, id)).toEqual([["alert group created", null]]);
  });

  it("wipe keeps the resolver of an already resolved group", async () => {
    const id = await freshGroup();
    await t.api.post(`/api/v1/alert_groups/${id}/resolve/`);
    await t.api.delete(`/api/v1/alert_groups/${id}/`, { data: {} });
    expect((await t.api.get(`/api/v1/alert_groups/${id}/`)).data.resolved_by).not.toBeNull();
  });

  it("deletes with mode delete: the group, its alerts and its history are gone", async () => {
    const id = await freshGroup();
    const row = await t.server.dataSource.getRepository(AlertGroup).findOneByOrFail({ publicId: id });
    const res = await t.api.delete(`/api/v1/alert_groups/${id}/`, { data: { mode: "delete" } });
    expect(res.status).toBe(204);
    expect((await t.api.get(`/api/v1/alert_groups/${id}/`)).status).toBe(404);
    expect(await t.server.dataSource.getRepository(Alert).countBy({ alertGroupId: row.id })).toBe(0);
    expect(await t.server.dataSource.getRepository(AlertGroupEvent).countBy({ alertGroupId: row.id })).toBe(0);
  });

  it("answers bare JSON strings for bad bodies", async () => {
    const id = await freshGroup();
    const bad = await t.api.delete(`/api/v1/alert_groups/${id}/`, { data: { mode: "shred" } });
    expect(bad.status).toBe(400);
    expect(bad.data).toBe("Invalid mode");
    const notDict = await t.api.delete(`/api/v1/alert_groups/${id}/`, { data: JSON.stringify("delete"), headers: { "content-type": "application/json" } });
    expect(notDict.status).toBe(400);
    expect(notDict.data).toBe("A dict with a `mode` key is expected");
    expect((await t.api.get(`/api/v1/alert_groups/${id}/`)).data.state).toBe("firing");
  });
});
