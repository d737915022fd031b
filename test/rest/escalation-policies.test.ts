import { EscalationPolicy } from "../../src/schema/entities";
import { createWebhookRow } from "../escalation/helpers";
import { clientFor, startTestServer, type TestServer } from "../helpers/server";
import { createTeam, createUserWithToken } from "../helpers/users";

// REST /api/v1/escalation_policies/ (domain-api.md §8): shapes per type, validation table, position semantics.
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

const POLICY_ID = /^E[ABCDEFGHIJKLMNPQRSTUVWXYZ1-9]{12}$/;
let counter = 0;
const newChain = async (api = t.api) => {
  const res = await api.post("/api/v1/escalation_chains/", { name: `policies chain ${++counter}` });
  expect(res.status).toBe(201);
  return res.data.id as string;
};
const post = (body: Record<string, unknown>) => t.api.post("/api/v1/escalation_policies/", body);
const create = async (chain: string, body: Record<string, unknown>) => {
  const res = await post({ escalation_chain_id: chain, ...body });
  expect(res.status).toBe(201);
  return res.data;
};
const positions = async (chain: string) => {
  const res = await t.api.get(`/api/v1/escalation_policies/?escalation_chain_id=${chain}`);
  return res.data.results.map((p: { id: string; position: number }) => [p.id, p.position]);
};

describe("object shape per type", () => {
  it("shows id, escalation_chain_id, position, type and only the type's fields", async () => {
    const chain = await newChain();
    const user = (await createUserWithToken(t)).user;
    const team = await createTeam(t, "shape-team");
    const webhook = await createWebhookRow(t);
    const wait = await create(chain, { type: "wait", duration: 60, persons_to_notify: [user.publicId] });
    expect(wait).toEqual({ id: expect.stringMatching(POLICY_ID), escalation_chain_id: chain, position: 0, type: "wait", duration: 60 });
    expect(Object.keys(wait)).toEqual(["id", "escalation_chain_id", "position", "type", "duration"]);

    const persons = await create(chain, { type: "notify_persons", persons_to_notify: [user.publicId] });
    expect(persons).toEqual({ id: persons.id, escalation_chain_id: chain, position: 1, type: "notify_persons", important: false, persons_to_notify: [user.publicId] });
    expect(Object.keys(persons)).toEqual(["id", "escalation_chain_id", "position", "type", "important", "persons_to_notify"]);

    expect(await create(chain, { type: "trigger_webhook", action_to_trigger: webhook.publicId })).toMatchObject({ position: 2, action_to_trigger: webhook.publicId });
    const cases: [Record<string, unknown>, Record<string, unknown>][] = [
      [{ type: "notify_person_next_each_time", important: true }, { important: true, persons_to_notify_next_each_time: [] }],
      [{ type: "notify_team_members", team_to_notify: team.publicId }, { important: false, team_to_notify: team.publicId }],
      [{ type: "notify_on_call_from_schedule" }, { important: false, notify_on_call_from_schedule: null }],
      [{ type: "notify_user_group" }, { important: false, group_to_notify: null }],
      [{ type: "resolve" }, {}],
      [{ type: "repeat_escalation" }, {}],
      [{ type: "notify_if_time_from_to", notify_if_time_from: "09:00:00Z", notify_if_time_to: "17:30:00Z" }, { notify_if_time_from: "09:00:00Z", notify_if_time_to: "17:30:00Z" }],
      [{ type: "notify_if_num_alerts_in_window", num_alerts_in_window: 3, num_minutes_in_window: 10 }, { num_alerts_in_window: 3, num_minutes_in_window: 10 }],
      [{ type: "wait" }, { duration: null }],
    ];
    for (const [body, fields] of cases) {
      const res = await create(chain, body);
      const { id, escalation_chain_id, position, type, ...rest } = res;
      expect({ id, escalation_chain_id, type }).toEqual({ id: expect.stringMatching(POLICY_ID), escalation_chain_id: chain, type: body.type });
      expect(typeof position).toBe("number");
      expect(rest).toEqual(fields);
    }
  });

  it("drops unknown and foreign user ids silently; null persons mean []", async () => {
    const chain = await newChain();
    const mine = (await createUserWithToken(t)).user;
    const foreign = (await createUserWithToken(t, { newOrganization: true })).user;
    const res = await create(chain, { type: "notify_persons", persons_to_notify: ["UAAAAAAAAAAAA", mine.publicId, foreign.publicId, mine.publicId] });
    expect(res.persons_to_notify).toEqual([mine.publicId]);
    expect((await create(chain, { type: "notify_persons", persons_to_notify: null })).persons_to_notify).toEqual([]);
    const rr = await create(chain, { type: "notify_person_next_each_time", persons_to_notify_next_each_time: [mine.publicId, "UAAAAAAAAAAAA"] });
    expect(rr.persons_to_notify_next_each_time).toEqual([mine.publicId]);
  });

  it("truncates duration fractions and accepts the bounds", async () => {
    const chain = await newChain();
    expect((await create(chain, { type: "wait", duration: 90.9 })).duration).toBe(90);
    expect((await create(chain, { type: "wait", duration: 86400 })).duration).toBe(86400);
    expect((await create(chain, { type: "wait", duration: "120" })).duration).toBe(120);
  });
});

describe("validation (400)", () => {
  let chain: string;
  beforeAll(async () => {
    chain = await newChain();
  });

  it.each([
    [{ type: "wait" }, { escalation_chain_id: ["This field is required."] }],
    [{}, { type: ["This field is required."], escalation_chain_id: ["This field is required."] }],
    [{ type: "wait", escalation_chain_id: "FAAAAAAAAAAAA" }, { escalation_chain_id: ["Object does not exist"] }],
  ])("%j → %j", async (body, expected) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(res.data).toEqual(expected);
  });

  const cases: [string, Record<string, unknown>, unknown][] = [
    ["type null", { type: null }, { type: ["This field may not be null."] }],
    ["type unknown", { type: "call_mom" }, { detail: "Invalid escalation step type" }],
    ["type not a string", { type: 3 }, { detail: "Invalid escalation step type" }],
    ["notify_whole_channel", { type: "notify_whole_channel" }, { detail: "Invalid escalation step type: step is Slack-specific" }],
    ["declare_incident", { type: "declare_incident" }, { detail: "Invalid escalation step type: step is not enabled" }],
    ["unknown webhook", { type: "trigger_webhook", action_to_trigger: "WHAAAAAAAAAAAA" }, { action_to_trigger: ["Object does not exist"] }],
    ["unknown team", { type: "notify_team_members", team_to_notify: "TAAAAAAAAAAAA" }, { team_to_notify: ["Object does not exist"] }],
    ["a schedule", { type: "notify_on_call_from_schedule", notify_on_call_from_schedule: "SAAAAAAAAAAAA" }, { notify_on_call_from_schedule: ["Object does not exist"] }],
    ["a user group", { type: "notify_user_group", group_to_notify: "GAAAAAAAAAAAA" }, { group_to_notify: ["Object does not exist"] }],
    ["duration < 60", { type: "wait", duration: 59 }, { duration: ["Ensure this value is greater than or equal to 0:01:00."] }],
    ["duration 59.9", { type: "wait", duration: 59.9 }, { duration: ["Ensure this value is greater than or equal to 0:01:00."] }],
    ["duration > 86400", { type: "wait", duration: 86401 }, { duration: ["Ensure this value is less than or equal to 1 day, 0:00:00."] }],
    ["duration not a number", { type: "wait", duration: "soon" }, { duration: ["A valid number is required."] }],
    ["time without Z", { type: "notify_if_time_from_to", notify_if_time_from: "05:00:00" }, { notify_if_time_from: ["Time has wrong format. Use one of these formats instead: hh:mm:ssZ."] }],
    ["time 5:00", { type: "notify_if_time_from_to", notify_if_time_to: "5:00" }, { notify_if_time_to: ["Time has wrong format. Use one of these formats instead: hh:mm:ssZ."] }],
    ["time 5", { type: "notify_if_time_from_to", notify_if_time_from: "5", notify_if_time_to: "25:00:00Z" }, {
      notify_if_time_from: ["Time has wrong format. Use one of these formats instead: hh:mm:ssZ."],
      notify_if_time_to: ["Time has wrong format. Use one of these formats instead: hh:mm:ssZ."],
    }],
    ["position -2", { type: "wait", position: -2 }, { detail: "Invalid value for position field" }],
    ["position too large", { type: "wait", position: 2147483648 }, { detail: "Invalid value for position field" }],
    ["important not boolean", { type: "notify_persons", important: "maybe" }, { important: ["Must be a valid boolean."] }],
  ];
  it.each(cases)("%s", async (_name, body, expected) => {
    const res = await post({ escalation_chain_id: chain, ...body });
    expect(res.status).toBe(400);
    expect(res.data).toEqual(expected);
  });

  it("rejects a deleted webhook", async () => {
    const webhook = await createWebhookRow(t, { deletedAt: new Date() });
    const res = await post({ escalation_chain_id: chain, type: "trigger_webhook", action_to_trigger: webhook.publicId });
    expect(res.status).toBe(400);
    expect(res.data).toEqual({ action_to_trigger: ["Object does not exist"] });
  });

  it("accepts a webhook of any trigger type, refuses another organization's", async () => {
    const resolveHook = await createWebhookRow(t, { triggerType: 3 });
    expect((await post({ escalation_chain_id: chain, type: "trigger_webhook", action_to_trigger: resolveHook.publicId })).status).toBe(201);
    const other = await createUserWithToken(t, { newOrganization: true });
    const foreign = await createWebhookRow(t, { organizationId: other.organization.id });
    const res = await post({ escalation_chain_id: chain, type: "trigger_webhook", action_to_trigger: foreign.publicId });
    expect(res.data).toEqual({ action_to_trigger: ["Object does not exist"] });
  });

  it("collects field errors together and reports a detail error alone", async () => {
    const fields = await post({ type: "wait", duration: 10, escalation_chain_id: "FAAAAAAAAAAAA" });
    expect(fields.data).toEqual({ escalation_chain_id: ["Object does not exist"], duration: ["Ensure this value is greater than or equal to 0:01:00."] });
    const detail = await post({ type: "wait", duration: 10, position: -5, escalation_chain_id: "FAAAAAAAAAAAA" });
    expect(detail.data).toEqual({ detail: "Invalid value for position field" });
  });

  it("ignores the fields of other types", async () => {
    const res = await post({ escalation_chain_id: chain, type: "resolve", duration: 1, action_to_trigger: "nope", important: "x" });
    expect(res.status).toBe(201);
    expect(Object.keys(res.data)).toEqual(["id", "escalation_chain_id", "position", "type"]);
  });
});

describe("position", () => {
  it("appends by default, inserts at a given position shifting the rest, -1 = end", async () => {
    const chain = await newChain();
    const a = await create(chain, { type: "wait" });
    const b = await create(chain, { type: "resolve" });
    const c = await create(chain, { type: "repeat_escalation", position: 0 });
    expect(await positions(chain)).toEqual([[c.id, 0], [a.id, 1], [b.id, 2]]);
    const d = await create(chain, { type: "wait", position: -1 });
    expect(d.position).toBe(3);
  });

  it("keeps gaps after delete and a position beyond the end as given", async () => {
    const chain = await newChain();
    const a = await create(chain, { type: "wait" });
    const b = await create(chain, { type: "wait" });
    const c = await create(chain, { type: "wait" });
    expect((await t.api.delete(`/api/v1/escalation_policies/${b.id}/`)).status).toBe(204);
    expect(await positions(chain)).toEqual([[a.id, 0], [c.id, 2]]);
    const far = await create(chain, { type: "wait", position: 10 });
    expect(far.position).toBe(10);
    const next = await create(chain, { type: "wait" });
    expect(next.position).toBe(11);
  });

  it("moves on update: down shifts the ones in between up, -1 moves to the current end", async () => {
    const chain = await newChain();
    const [a, b, c] = [await create(chain, { type: "wait" }), await create(chain, { type: "wait" }), await create(chain, { type: "wait" })];
    const moved = await t.api.patch(`/api/v1/escalation_policies/${a.id}/`, { position: 2 });
    expect(moved.status).toBe(200);
    expect(moved.data.position).toBe(2);
    expect(await positions(chain)).toEqual([[b.id, 0], [c.id, 1], [a.id, 2]]);
    await t.api.put(`/api/v1/escalation_policies/${a.id}/`, { position: 0 });
    expect(await positions(chain)).toEqual([[a.id, 0], [b.id, 1], [c.id, 2]]);
    await t.api.patch(`/api/v1/escalation_policies/${b.id}/`, { position: -1 });
    expect(await positions(chain)).toEqual([[a.id, 0], [c.id, 1], [b.id, 2]]);
  });
});

describe("update", () => {
  it("changing the type clears the old type's fields; the chain never changes", async () => {
    const chain = await newChain();
    const otherChain = await newChain();
    const user = (await createUserWithToken(t)).user;
    const policy = await create(chain, { type: "notify_persons", important: true, persons_to_notify: [user.publicId] });
    const res = await t.api.put(`/api/v1/escalation_policies/${policy.id}/`, { type: "wait", duration: 120, escalation_chain_id: otherChain });
    expect(res.status).toBe(200);
    expect(res.data).toEqual({ id: policy.id, escalation_chain_id: chain, position: 0, type: "wait", duration: 120 });
    const row = await t.server.dataSource.getRepository(EscalationPolicy).findOneByOrFail({ publicId: policy.id });
    expect(row.personsToNotify).toBeNull();
    expect(row.important).toBe(false);
    const back = await t.api.patch(`/api/v1/escalation_policies/${policy.id}/`, { type: "notify_persons" });
    expect(back.data).toMatchObject({ important: false, persons_to_notify: [] });
  });

  it("PATCH changes only the given fields and validates against the current type", async () => {
    const chain = await newChain();
    const policy = await create(chain, { type: "notify_if_time_from_to", notify_if_time_from: "22:00:00Z", notify_if_time_to: "06:00:00Z" });
    const res = await t.api.patch(`/api/v1/escalation_policies/${policy.id}/`, { notify_if_time_to: "7:05:09Z" });
    expect(res.data).toMatchObject({ notify_if_time_from: "22:00:00Z", notify_if_time_to: "07:05:09Z" });
    const bad = await t.api.patch(`/api/v1/escalation_policies/${policy.id}/`, { notify_if_time_from: "22:00" });
    expect(bad.status).toBe(400);
    const nullType = await t.api.patch(`/api/v1/escalation_policies/${policy.id}/`, { type: null });
    expect(nullType.data).toEqual({ type: ["This field may not be null."] });
  });
});

describe("GET /api/v1/escalation_policies/", () => {
  it("orders by chain creation then position and filters by escalation_chain_id", async () => {
    const owner = await createUserWithToken(t, { newOrganization: true });
    const api = clientFor(t.url, owner.token);
    const first = await newChain(api);
    const second = await newChain(api);
    const p1 = (await api.post("/api/v1/escalation_policies/", { escalation_chain_id: second, type: "wait" })).data;
    const p2 = (await api.post("/api/v1/escalation_policies/", { escalation_chain_id: first, type: "wait" })).data;
    const p3 = (await api.post("/api/v1/escalation_policies/", { escalation_chain_id: first, type: "resolve", position: 0 })).data;
    const all = await api.get("/api/v1/escalation_policies/");
    expect(all.data.count).toBe(3);
    expect(all.data.results.map((p: { id: string }) => p.id)).toEqual([p3.id, p2.id, p1.id]);
    const filtered = await api.get(`/api/v1/escalation_policies/?escalation_chain_id=${second}`);
    expect(filtered.data.results).toEqual([p1]);
    expect((await api.get("/api/v1/escalation_policies/?escalation_chain_id=FAAAAAAAAAAAA")).data.count).toBe(0);
  });

  it("scopes by organization and permission", async () => {
    const chain = await newChain();
    const policy = await create(chain, { type: "wait" });
    const stranger = clientFor(t.url, (await createUserWithToken(t, { newOrganization: true })).token);
    expect((await stranger.get(`/api/v1/escalation_policies/${policy.id}/`)).status).toBe(404);
    expect((await stranger.patch(`/api/v1/escalation_policies/${policy.id}/`, { duration: 60 })).status).toBe(404);
    const editor = clientFor(t.url, (await createUserWithToken(t, { role: "editor" })).token);
    expect((await editor.get(`/api/v1/escalation_policies/${policy.id}/`)).status).toBe(200);
    expect((await editor.delete(`/api/v1/escalation_policies/${policy.id}/`)).status).toBe(403);
    const none = clientFor(t.url, (await createUserWithToken(t, { role: "none" })).token);
    expect((await none.get("/api/v1/escalation_policies/")).status).toBe(403);
  });
});
