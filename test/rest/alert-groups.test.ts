import { AlertGroup, EscalationPolicy } from "../../src/schema/entities";
import { newPublicId } from "../../src/schema/public-id";
import { readFixture } from "../helpers/fixtures";
import { clientFor, startTestServer, type TestServer } from "../helpers/server";
import { createUserWithToken } from "../helpers/users";
import { adminUser, createChain, createIntegration, eventDetails, eventsOf, firingGroup, groupsOf, postAlert } from "../inbound/helpers";

let t: TestServer;
let admin: string;
beforeAll(async () => {
  t = await startTestServer();
  admin = (await adminUser(t)).publicId;
});
afterAll(() => t.close());

const act = (id: string, action: string, body?: unknown) => t.api.post(`/api/v1/alert_groups/${id}/${action}/`, body);
const get = async (id: string) => (await t.api.get(`/api/v1/alert_groups/${id}/`)).data;

describe("alert group object", () => {
  it("has OnCall's keys, ids, datetimes and permalinks", async () => {
    const integration = await createIntegration(t, "formatted_webhook");
    await postAlert(t, integration, "formatted_webhook.json");
    const [listed] = await groupsOf(t, integration.id);
    const group = await get(listed.id);
    expect(group).toEqual(listed);
    expect(Object.keys(group)).toEqual([
      "id", "integration_id", "team_id", "route_id", "alerts_count", "state", "created_at", "resolved_at", "resolved_by",
      "acknowledged_at", "acknowledged_by", "labels", "title", "permalinks", "silenced_at", "last_alert",
    ]);
    expect(group).toMatchObject({
      integration_id: integration.id, team_id: null, route_id: integration.default_route.id, alerts_count: 1, state: "firing",
      resolved_at: null, resolved_by: null, acknowledged_at: null, acknowledged_by: null, labels: [],
      title: "TestAlert: The whole system is down", silenced_at: null,
      permalinks: { slack: null, slack_app: null, telegram: null, web: `${t.server.config.baseUrl}/alert-groups/${group.id}` },
    });
    expect(group.id).toMatch(/^I[A-NP-Z1-9]{12}$/);
    expect(group.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?Z$/);
    expect(group.last_alert).toEqual({
      id: expect.stringMatching(/^A[A-NP-Z1-9]{12}$/), alert_group_id: group.id, created_at: expect.any(String),
      payload: readFixture("inbound/formatted_webhook.json"),
    });
  });

  it("answers 404 for an unknown id and for another organization's group", async () => {
    const id = await firingGroup(t);
    expect((await t.api.get("/api/v1/alert_groups/INOTEXISTING1/")).data).toEqual({ detail: "Not found." });
    const stranger = await createUserWithToken(t, { role: "admin", newOrganization: true });
    const asStranger = clientFor(t.url, stranger.token);
    expect((await asStranger.get(`/api/v1/alert_groups/${id}/`)).status).toBe(404);
    expect((await asStranger.post(`/api/v1/alert_groups/${id}/acknowledge/`)).status).toBe(404);
    expect((await asStranger.delete(`/api/v1/alert_groups/${id}/`)).status).toBe(404);
    expect((await asStranger.get("/api/v1/alert_groups/")).data.count).toBe(0);
    expect((await asStranger.get("/api/v1/alerts/")).data.count).toBe(0);
  });

  it("needs alert-groups:write for actions (a viewer may read only)", async () => {
    const id = await firingGroup(t);
    const viewer = await createUserWithToken(t, { role: "viewer" });
    const asViewer = clientFor(t.url, viewer.token);
    expect((await asViewer.get(`/api/v1/alert_groups/${id}/`)).status).toBe(200);
    const denied = await asViewer.post(`/api/v1/alert_groups/${id}/acknowledge/`);
    expect(denied.status).toBe(403);
    // Permission comes before the lookup.
    expect((await asViewer.post("/api/v1/alert_groups/INOTEXISTING1/resolve/")).status).toBe(403);
    const editor = await createUserWithToken(t, { role: "editor" });
    const res = await clientFor(t.url, editor.token).post(`/api/v1/alert_groups/${id}/acknowledge/`);
    expect(res.status).toBe(200);
    expect((await get(id)).acknowledged_by).toBe(editor.user.publicId);
  });
});

describe("actions", () => {
  it("acknowledge → unacknowledge → resolve → unresolve, each with one event by the user", async () => {
    const id = await firingGroup(t);
    const ack = await act(id, "acknowledge");
    expect(ack.status).toBe(200);
    expect(ack.data).toBe("");
    expect(await get(id)).toMatchObject({ state: "acknowledged", acknowledged_by: admin, acknowledged_at: expect.any(String) });
    expect((await act(id, "unacknowledge")).status).toBe(200);
    expect(await get(id)).toMatchObject({ state: "firing", acknowledged_by: null, acknowledged_at: null });
    expect((await act(id, "resolve")).status).toBe(200);
    expect(await get(id)).toMatchObject({ state: "resolved", resolved_by: admin, resolved_at: expect.any(String) });
    expect((await act(id, "unresolve")).status).toBe(200);
    expect(await get(id)).toMatchObject({ state: "firing", resolved_by: null, resolved_at: null });
    expect(await eventsOf(t, id)).toEqual([
      ["alert group created", null],
      ["acknowledge", admin],
      ["unacknowledge", admin],
      ["resolve", admin],
      ["unresolve", admin],
    ]);
  });

  it("keeps the acknowledgement after resolve; unresolve clears both", async () => {
    const id = await firingGroup(t);
    await act(id, "acknowledge");
    await act(id, "resolve");
    const resolved = await get(id);
    expect(resolved).toMatchObject({ state: "resolved", acknowledged_by: admin, resolved_by: admin });
    expect(resolved.acknowledged_at).not.toBeNull();
    // Because resolve keeps the flag: the acknowledged message first, the resolved one for unacknowledge.
    expect((await act(id, "acknowledge")).data).toEqual({ detail: "Can't acknowledge an acknowledged alert group" });
    expect((await act(id, "unacknowledge")).data).toEqual({ detail: "Can't unacknowledge a resolved alert group" });
    expect((await act(id, "silence", { delay: 60 })).data).toEqual({ detail: "Can't silence a resolved alert group" });
    expect((await act(id, "unsilence")).data).toEqual({ detail: "Can't unsilence an unsilenced alert group" });
    await act(id, "unresolve");
    expect(await get(id)).toMatchObject({ state: "firing", acknowledged_at: null, acknowledged_by: null, resolved_at: null });
  });

  it("refuses illegal transitions with OnCall's messages, in OnCall's order, and records nothing", async () => {
    const id = await firingGroup(t);
    const expectRefusal = async (action: string, detail: string, body?: unknown) => {
      const res = await act(id, action, body);
      expect(res.status).toBe(400);
      expect(res.data).toEqual({ detail });
    };
    await expectRefusal("unacknowledge", "Can't unacknowledge an unacknowledged alert group");
    await expectRefusal("unresolve", "Can't unresolve an unresolved alert group");
    await expectRefusal("unsilence", "Can't unsilence an unsilenced alert group");
    await act(id, "acknowledge");
    await expectRefusal("acknowledge", "Can't acknowledge an acknowledged alert group");
    await expectRefusal("silence", "Can't silence an acknowledged alert group", { delay: 60 });
    await expectRefusal("unsilence", "Can't unsilence an unsilenced alert group");
    await act(id, "resolve");
    await expectRefusal("resolve", "Can't resolve a resolved alert group");
    await expectRefusal("silence", "delay is required");
    await expectRefusal("silence", "invalid delay value", { delay: "fuzz" });
    await expectRefusal("silence", "Can't silence a resolved alert group", { delay: 60 });

    const other = await firingGroup(t);
    await act(other, "silence", { delay: -1 });
    await act(other, "acknowledge");
    // silenced and acknowledged: silence was cleared by acknowledge, so "unsilenced" comes first
    expect((await act(other, "unsilence")).data).toEqual({ detail: "Can't unsilence an unsilenced alert group" });
    expect(await eventsOf(t, id)).toEqual([["alert group created", null], ["acknowledge", admin], ["resolve", admin]]);
  });

  it("resolving a silenced group clears the silence without an unsilence event", async () => {
    const id = await firingGroup(t);
    await act(id, "silence", { delay: 3600 });
    expect(await get(id)).toMatchObject({ state: "silenced", silenced_at: expect.any(String) });
    await act(id, "resolve");
    expect(await get(id)).toMatchObject({ state: "resolved", silenced_at: null });
    expect(await eventsOf(t, id)).toEqual([["alert group created", null], ["silence", admin], ["resolve", admin]]);
  });

  it("acknowledging a silenced group clears the silence without an unsilence event", async () => {
    const id = await firingGroup(t);
    await act(id, "silence", { delay: 0 });
    await act(id, "acknowledge");
    expect(await get(id)).toMatchObject({ state: "acknowledged", silenced_at: null });
    const row = await t.server.dataSource.getRepository(AlertGroup).findOneByOrFail({ publicId: id });
    expect(row.silencedUntil).toBeNull();
    expect(await eventsOf(t, id)).toEqual([["alert group created", null], ["silence", admin], ["acknowledge", admin]]);
  });

  it("unsilence clears the silence and fires unsilence by the user", async () => {
    const id = await firingGroup(t);
    await act(id, "silence", { delay: 600 });
    expect((await act(id, "unsilence")).status).toBe(200);
    expect(await get(id)).toMatchObject({ state: "firing", silenced_at: null });
    expect(await eventsOf(t, id)).toEqual([["alert group created", null], ["silence", admin], ["unsilence", admin]]);
  });

  it("re-silencing a silenced group replaces the silence and fires silence again", async () => {
    const id = await firingGroup(t);
    await act(id, "silence", { delay: 600 });
    await act(id, "silence", { delay: -1 });
    const row = await t.server.dataSource.getRepository(AlertGroup).findOneByOrFail({ publicId: id });
    expect(row.silencedUntil).toBeNull();
    expect(await eventsOf(t, id)).toEqual([["alert group created", null], ["silence", admin], ["silence", admin]]);
    expect((await eventDetails(t, id))[2]).toEqual({ until: null });
  });

  it("answers 405 for GET on an action and 404 for an unknown group", async () => {
    const id = await firingGroup(t);
    expect((await t.api.get(`/api/v1/alert_groups/${id}/acknowledge/`)).status).toBe(405);
    const res = await act("INOTEXISTING1", "silence", {});
    expect(res.status).toBe(404); // the lookup comes before the delay check
    expect(res.data).toEqual({ detail: "Not found." });
  });
});

describe("silence delay", () => {
  const silenceWith = async (delay: unknown) => {
    const id = await firingGroup(t);
    const res = await act(id, "silence", delay === undefined ? {} : { delay });
    const row = await t.server.dataSource.getRepository(AlertGroup).findOneByOrFail({ publicId: id });
    return { res, row };
  };

  it.each([[-1], [0], ["-1"], ["0"]])("%j silences forever (silenced_until null, until null)", async (delay) => {
    const { res, row } = await silenceWith(delay);
    expect(res.status).toBe(200);
    expect(row.silencedAt).not.toBeNull();
    expect(row.silencedUntil).toBeNull();
    expect((await eventDetails(t, row.publicId))[1]).toEqual({ until: null });
  });

  it.each([[120, 120], ["120", 120], [90.9, 90], [" 30 ", 30]])("%j silences for %d seconds", async (delay, seconds) => {
    const { res, row } = await silenceWith(delay);
    expect(res.status).toBe(200);
    expect(row.silencedUntil!.getTime() - row.silencedAt!.getTime()).toBe(seconds * 1000);
    expect((await eventDetails(t, row.publicId))[1]).toEqual({ until: row.silencedUntil!.toISOString() });
  });

  it.each([["fuzz"], ["1.5"], [-2], ["-5"], [[1]], [{ a: 1 }]])("%j is an invalid delay value", async (delay) => {
    const { res, row } = await silenceWith(delay);
    expect(res.status).toBe(400);
    expect(res.data).toEqual({ detail: "invalid delay value" });
    expect(row.silencedAt).toBeNull();
  });

  it.each([[undefined], [null]])("%j is a missing delay", async (delay) => {
    const { res } = await silenceWith(delay);
    expect(res.data).toEqual({ detail: "delay is required" });
  });

  it("accepts a form-encoded delay", async () => {
    const id = await firingGroup(t);
    const res = await t.api.post(`/api/v1/alert_groups/${id}/silence/`, "delay=60", { headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(res.status).toBe(200);
    expect((await get(id)).state).toBe("silenced");
  });
});

describe("escalation around actions", () => {
  it("starts for a new group, halts on acknowledge, restarts from the first step 10 s after unacknowledge", async () => {
    const chain = await createChain(t, "one-long-wait");
    await t.server.dataSource.getRepository(EscalationPolicy).save({
      publicId: newPublicId("escalationPolicy"), escalationChainId: chain.id, position: 0, type: "wait", important: false, duration: 3600,
    });
    const integration = await createIntegration(t, "webhook", { default_route: { escalation_chain_id: chain.publicId } });
    await postAlert(t, integration, { escalate: true });
    const [{ id }] = await groupsOf(t, integration.id);
    const row = () => t.server.dataSource.getRepository(AlertGroup).findOneByOrFail({ publicId: id });
    expect((await row()).escalationSnapshot).toHaveLength(1);
    expect((await row()).escalationStep).not.toBeNull();

    await act(id, "acknowledge");
    expect(await row()).toMatchObject({ escalationStep: null, escalationDueAt: null });

    const before = Date.now();
    await act(id, "unacknowledge");
    const restarted = await row();
    expect(restarted.escalationStep).toBe(0);
    expect(restarted.escalationDueAt!.getTime()).toBeGreaterThanOrEqual(before + 10_000);

    await act(id, "silence", { delay: 3600 });
    expect(await row()).toMatchObject({ escalationStep: null, escalationDueAt: null });
    await act(id, "unsilence");
    expect((await row()).escalationStep).toBe(0);
  });
});
