import { Delivery, User, UserNotification } from "../../src/schema/entities";
import { notifiedUsers, usersToBeNotified } from "../../src/events/notified-users";
import { Trigger } from "../../src/schema/trigger-types";
import type { AlertGroup } from "../../src/schema/entities";
import type { EntityManager } from "typeorm";
import { Receiver } from "../helpers/receiver";
import { startTestServer, type TestServer } from "../helpers/server";
import { createTeam, createUserWithToken } from "../helpers/users";
import { createWebhookRow, eventsOfGroup, groupRow, runNextStep, startEscalation } from "./helpers";

const notifiedUsersOf = async (em: EntityManager, group: AlertGroup) => (await notifiedUsers(em, [group])).get(group.id)!;

// Notify steps (domain-api.md §8) and personal notification webhooks (delivery.md §2), through the real server.
let t: TestServer;
let receiver: Receiver;
beforeAll(async () => {
  t = await startTestServer();
  receiver = await Receiver.start();
});
afterAll(async () => {
  await t.close();
  await receiver.close();
});

const BIND = `mutation($userId: ID!, $webhookId: ID, $context: JSON) {
  setPersonalNotificationWebhook(userId: $userId, webhookId: $webhookId, context: $context) { webhookId context }
}`;
const notificationsOf = (groupId: number) =>
  t.server.dataSource.getRepository(UserNotification).find({ where: { alertGroupId: groupId }, order: { id: "ASC" } });
const ids = (users: User[]) => users.map((u) => u.publicId);

describe("notify_persons", () => {
  it("records every user; a user with a personal webhook also gets a `personal notification` delivery", async () => {
    const bound = await createUserWithToken(t, { role: "editor", username: "bound-user" });
    const plain = await createUserWithToken(t, { role: "editor", username: "plain-user" });
    const personal = await createWebhookRow(t, { triggerType: Trigger.personalNotification, url: `${receiver.url}/personal` });
    const bind = await t.gql(BIND, { userId: bound.user.publicId, webhookId: personal.publicId, context: { pager: "bound-7731" } }, bound.token);
    expect(bind.errors).toBeUndefined();

    const { group, policyIds } = await startEscalation(t, [
      { type: "notify_persons", persons_to_notify: [bound.user.publicId, plain.user.publicId], important: true },
      { type: "wait", duration: 60 },
    ]);
    const rows = await notificationsOf(group.id);
    expect(rows.map((r) => [r.userId, r.success])).toEqual([[bound.user.id, true], [plain.user.id, false]]);
    const policy = await t.api.get(`/api/v1/escalation_policies/${policyIds[0]}/`);
    expect(policy.data.important).toBe(true);

    const personalEvents = (await eventsOfGroup(t, group)).filter((e) => e.type === Trigger.personalNotification);
    expect(personalEvents).toHaveLength(1);
    expect(personalEvents[0]).toMatchObject({ userId: bound.user.id, webhookId: personal.id, detail: null });
    // The private context stays only in the encrypted binding, never in plain text in the event row.
    const [rawEvent] = await t.server.dataSource.query("SELECT detail FROM event WHERE id = $1".replace("$1", String(personalEvents[0].id)));
    expect(JSON.stringify(rawEvent)).not.toContain("bound-7731");
    expect(personalEvents[0].escalationPolicyId).toBe(rows[0].escalationPolicyId);
    const deliveries = await t.server.dataSource.getRepository(Delivery).findBy({ eventId: personalEvents[0].id });
    expect(deliveries.map((d) => d.webhookId)).toEqual([personal.id]);

    const request = (await receiver.waitFor(1)).find((r) => r.path === "/personal")!;
    expect(request.json.event).toMatchObject({ type: "personal notification", user: { pager: "bound-7731" } });
    expect(request.json.user.id).toBe(bound.user.publicId);

    const em = t.server.dataSource.manager;
    const row = await groupRow(t, group.publicId);
    expect(ids(await notifiedUsersOf(em, row))).toEqual([bound.user.publicId, plain.user.publicId]);
    expect(ids(await usersToBeNotified(em, row))).toEqual([bound.user.publicId, plain.user.publicId]);
  });

  it("a step whose users are all gone fails and moves on", async () => {
    const gone = await createUserWithToken(t, { username: "soon-gone" });
    const { group } = await startEscalation(t, [{ type: "notify_persons", persons_to_notify: [gone.user.publicId] }, { type: "wait" }], {
      beforeAlert: () => t.gql(`mutation($id: ID!) { deleteUser(id: $id) }`, { id: gone.user.publicId }),
    });
    expect(group.escalationStep).toBe(1);
    expect(await notificationsOf(group.id)).toEqual([]);
  });
});

describe("notify_person_next_each_time", () => {
  it("notifies one user per run, round robin in username order, and reports the next as to-be-notified", async () => {
    // Created out of username order.
    const [c, a, b] = [
      (await createUserWithToken(t, { username: "rr-c" })).user,
      (await createUserWithToken(t, { username: "rr-a" })).user,
      (await createUserWithToken(t, { username: "rr-b" })).user,
    ];
    const { group } = await startEscalation(t, [
      { type: "notify_person_next_each_time", persons_to_notify_next_each_time: [c.publicId, a.publicId, b.publicId] },
      { type: "repeat_escalation" },
    ]);
    const em = t.server.dataSource.manager;
    expect(ids(await usersToBeNotified(em, await groupRow(t, group.publicId)))).toEqual([b.publicId]);
    for (let i = 0; i < 6; i++) await runNextStep(t, group.publicId); // repeat, rr, repeat, rr, repeat, rr
    const order = (await notificationsOf(group.id)).map((r) => r.userId);
    expect(order).toEqual([a.id, b.id, c.id, a.id]);
  });
});

describe("notify_team_members", () => {
  it("notifies every member of the team", async () => {
    const team = await createTeam(t, "notified-team");
    const m1 = await createUserWithToken(t, { username: "member-1" });
    const m2 = await createUserWithToken(t, { username: "member-2" });
    for (const member of [m1, m2]) {
      const res = await t.gql(`mutation($id: ID!, $teams: [ID!]) { updateUser(id: $id, input: { teams: $teams }) { id } }`, { id: member.user.publicId, teams: [team.publicId] });
      expect(res.errors).toBeUndefined();
    }
    const { group } = await startEscalation(t, [{ type: "notify_team_members", team_to_notify: team.publicId }, { type: "wait" }]);
    expect((await notificationsOf(group.id)).map((r) => r.userId).sort()).toEqual([m1.user.id, m2.user.id].sort());
    expect(ids(await notifiedUsersOf(t.server.dataSource.manager, await groupRow(t, group.publicId))).sort()).toEqual([m1.user.publicId, m2.user.publicId].sort());
  });
});

describe("users_to_be_notified", () => {
  it("collects the snapshot's users de-duplicated in first-seen order, and survives acknowledge", async () => {
    const team = await createTeam(t, "tbn-team");
    const x = await createUserWithToken(t, { username: "tbn-x" });
    const y = await createUserWithToken(t, { username: "tbn-y" });
    await t.gql(`mutation($id: ID!, $teams: [ID!]) { updateUser(id: $id, input: { teams: $teams }) { id } }`, { id: x.user.publicId, teams: [team.publicId] });
    const { group } = await startEscalation(t, [
      { type: "wait", duration: 60 },
      { type: "notify_persons", persons_to_notify: [y.user.publicId, x.user.publicId] },
      { type: "notify_team_members", team_to_notify: team.publicId },
      { type: "notify_person_next_each_time", persons_to_notify_next_each_time: [y.user.publicId] },
    ]);
    await t.api.post(`/api/v1/alert_groups/${group.publicId}/acknowledge/`);
    const em = t.server.dataSource.manager;
    const row = await groupRow(t, group.publicId);
    expect(ids(await usersToBeNotified(em, row))).toEqual([y.user.publicId, x.user.publicId]);
    expect(await notifiedUsersOf(em, row)).toEqual([]);
  });
});
