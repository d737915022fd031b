import { AlertGroup, Delivery, EscalationPolicy, Webhook } from "../../src/schema/entities";
import { Trigger } from "../../src/schema/trigger-types";
import { eventually } from "../helpers/fixtures";
import { Receiver } from "../helpers/receiver";
import { startTestServer, type TestServer } from "../helpers/server";
import { createUserWithToken } from "../helpers/users";
import { createWebhookRow, eventsOfGroup, groupRow, postFormattedAlert, runNextStep, startEscalation } from "./helpers";

// The escalation runner end to end (domain-api.md §5.4, §8; delivery.md §2): real server, real scheduler; steps
// that would wait are made due by writing escalation_due_at, as graphile's tests set odd states directly.
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

const policyRow = (publicId: string) => t.server.dataSource.getRepository(EscalationPolicy).findOneByOrFail({ publicId });
const escalationEvents = async (group: AlertGroup) => (await eventsOfGroup(t, group)).filter((e) => e.type === Trigger.escalation);

describe("step order and gaps", () => {
  it("runs notify → wait → trigger_webhook → resolve in position order, then stops", async () => {
    const { user } = await createUserWithToken(t);
    const webhook = await createWebhookRow(t);
    const { group, policyIds } = await startEscalation(t, [
      { type: "notify_persons", persons_to_notify: [user.publicId] },
      { type: "wait", duration: 60 },
      { type: "trigger_webhook", action_to_trigger: webhook.publicId },
      { type: "resolve" },
    ]);
    // Step 0 ran on its own ~1 s after the group opened; the next is 5 s later.
    expect(group.escalationStep).toBe(1);
    expect(group.escalationSnapshot).toHaveLength(4);
    expect(group.escalationDueAt!.getTime() - Date.now()).toBeLessThanOrEqual(5000);

    const afterWait = await runNextStep(t, group.publicId);
    expect(afterWait.escalationStep).toBe(2);
    expect(afterWait.escalationDueAt!.getTime() - Date.now()).toBeGreaterThan(50_000); // the wait's 60 s
    expect(await escalationEvents(group)).toHaveLength(0);

    const afterTrigger = await runNextStep(t, group.publicId);
    expect(afterTrigger.escalationStep).toBe(3);
    const [event] = await escalationEvents(group);
    expect(event).toMatchObject({ type: Trigger.escalation, userId: null, webhookId: webhook.id, escalationPolicyId: (await policyRow(policyIds[2])).id });
    expect(afterTrigger.escalationDueAt!.getTime() - event.createdAt.getTime()).toBe(5000);
    const deliveries = await t.server.dataSource.getRepository(Delivery).findBy({ eventId: event.id });
    expect(deliveries.map((d) => d.webhookId)).toEqual([webhook.id]);

    const done = await runNextStep(t, group.publicId);
    expect(done.escalationStep).toBeNull();
    expect(done.resolvedAt).not.toBeNull();
    expect(done.resolvedById).toBeNull();
    const resolveEvents = (await eventsOfGroup(t, group)).filter((e) => e.type === Trigger.resolve);
    expect(resolveEvents).toHaveLength(1);
    expect(resolveEvents[0].userId).toBeNull();
    const api = await t.api.get(`/api/v1/alert_groups/${group.publicId}/`);
    expect(api.data).toMatchObject({ state: "resolved", resolved_by: null });
  });

  it("a wait without duration waits 5 minutes; the last step ends the escalation", async () => {
    const webhook = await createWebhookRow(t);
    const { group } = await startEscalation(t, [{ type: "wait" }, { type: "trigger_webhook", action_to_trigger: webhook.publicId }]);
    expect(group.escalationStep).toBe(1);
    expect(group.escalationDueAt!.getTime() - Date.now()).toBeGreaterThan(4 * 60_000);
    const done = await runNextStep(t, group.publicId);
    expect(done.escalationStep).toBeNull();
    expect(done.escalationDueAt).toBeNull();
    expect(await escalationEvents(group)).toHaveLength(1);
    expect(done.resolvedAt).toBeNull(); // only a resolve step resolves
  });

  it("repeat_escalation jumps back to the first step at most 5 times, then is skipped", async () => {
    const webhook = await createWebhookRow(t);
    const { group } = await startEscalation(t, [
      { type: "trigger_webhook", action_to_trigger: webhook.publicId },
      { type: "repeat_escalation" },
    ]);
    let row = group;
    for (let i = 0; i < 11 && row.escalationStep !== null; i++) row = await runNextStep(t, group.publicId);
    expect(row.escalationStep).toBeNull();
    expect(row.escalationRepeats).toBe(5);
    expect(await escalationEvents(group)).toHaveLength(6);
  });
});

describe("trigger_webhook step", () => {
  it("sends the webhook to the receiver as an `escalation` event with no user", async () => {
    const webhook = await createWebhookRow(t, { url: `${receiver.url}/escalation-step`, triggerType: Trigger.escalation });
    const before = receiver.requests.length;
    await startEscalation(t, [{ type: "trigger_webhook", action_to_trigger: webhook.publicId }]);
    const requests = await receiver.waitFor(before + 1);
    const request = requests.find((r) => r.path === "/escalation-step")!;
    expect(request.json.event.type).toBe("escalation");
    expect(request.json.user).toBeNull();
  });

  it.each([
    ["disabled", { isWebhookEnabled: false }, 0],
    ["deleted", { deletedAt: new Date() }, 0],
    ["enabled null (one rule: null is enabled)", { isWebhookEnabled: null }, 1],
  ] as const)("a %s webhook gives %s escalation events", async (_name, state, expected) => {
    const webhook = await createWebhookRow(t);
    const later = await createWebhookRow(t);
    // Changed after the policy was saved, before the alert opens the group.
    const { group } = await startEscalation(t, [
      { type: "trigger_webhook", action_to_trigger: webhook.publicId },
      { type: "trigger_webhook", action_to_trigger: later.publicId },
    ], { beforeAlert: () => t.server.dataSource.getRepository(Webhook).update({ id: webhook.id }, state) });
    const afterFirst = group;
    expect(afterFirst.escalationStep).toBe(1); // a failed step still moves on
    const events = await escalationEvents(group);
    expect(events.filter((e) => e.webhookId === webhook.id)).toHaveLength(expected);
  });
});

describe("stops and snapshots", () => {
  it("acknowledge stops the escalation, keeping the snapshot; unacknowledge restarts from the first step", async () => {
    const webhook = await createWebhookRow(t);
    const { group } = await startEscalation(t, [{ type: "wait", duration: 60 }, { type: "trigger_webhook", action_to_trigger: webhook.publicId }]);
    expect((await t.api.post(`/api/v1/alert_groups/${group.publicId}/acknowledge/`)).status).toBe(200);
    const acked = await groupRow(t, group.publicId);
    expect(acked.escalationStep).toBeNull();
    expect(acked.escalationSnapshot).toHaveLength(2);
    await t.server.dataSource.getRepository(AlertGroup).update({ id: group.id }, { escalationDueAt: new Date(Date.now() - 1000) });
    await t.server.services.escalation.runDueSteps(new Date());
    expect(await escalationEvents(group)).toHaveLength(0);

    expect((await t.api.post(`/api/v1/alert_groups/${group.publicId}/unacknowledge/`)).status).toBe(200);
    const restarted = await groupRow(t, group.publicId);
    expect(restarted.escalationStep).toBe(0);
    expect(restarted.escalationRepeats).toBe(0);
  });

  it("never runs a step of a resolved group, whatever its columns say", async () => {
    const webhook = await createWebhookRow(t);
    const { group } = await startEscalation(t, [{ type: "wait", duration: 60 }, { type: "trigger_webhook", action_to_trigger: webhook.publicId }]);
    expect((await t.api.post(`/api/v1/alert_groups/${group.publicId}/resolve/`)).status).toBe(200);
    // An inconsistent row: resolved, yet a due step.
    await t.server.dataSource.getRepository(AlertGroup).update({ id: group.id }, { escalationStep: 1, escalationDueAt: new Date(Date.now() - 1000) });
    const row = await runNextStep(t, group.publicId);
    expect(row.escalationStep).toBeNull();
    expect(await escalationEvents(group)).toHaveLength(0);
  });

  it("a running escalation keeps its snapshot when the chain is edited or deleted", async () => {
    const first = await createWebhookRow(t);
    const second = await createWebhookRow(t);
    const { group, chainId, policyIds } = await startEscalation(t, [
      { type: "wait", duration: 60 },
      { type: "trigger_webhook", action_to_trigger: first.publicId },
      { type: "trigger_webhook", action_to_trigger: first.publicId },
    ]);
    await t.api.patch(`/api/v1/escalation_policies/${policyIds[1]}/`, { action_to_trigger: second.publicId });
    await runNextStep(t, group.publicId);
    expect((await t.api.delete(`/api/v1/escalation_chains/${chainId}/`)).status).toBe(204);
    await runNextStep(t, group.publicId);
    const events = await escalationEvents(group);
    expect(events.map((e) => e.webhookId)).toEqual([first.id, first.id]);
  });

  it("a route without a chain does not escalate", async () => {
    const integration = await t.api.post("/api/v1/integrations/", { type: "formatted_webhook", name: "no chain" });
    await postFormattedAlert(t, integration.data, "no-chain");
    const groupId = await eventually(async () => (await t.api.get(`/api/v1/alert_groups/?integration_id=${integration.data.id}`)).data.results[0]?.id);
    const row = await groupRow(t, groupId);
    expect(row.escalationStep).toBeNull();
    expect(row.escalationSnapshot).toBeNull();
  });
});

describe("conditional steps", () => {
  it("notify_if_num_alerts_in_window pauses until more than X alerts arrived, then continues", async () => {
    const webhook = await createWebhookRow(t);
    const { group, integration, alertUid } = await startEscalation(t, [
      { type: "notify_if_num_alerts_in_window", num_alerts_in_window: 1, num_minutes_in_window: 10 },
      { type: "trigger_webhook", action_to_trigger: webhook.publicId },
    ]);
    expect(group.escalationWaitingForAlerts).toBe(true);
    expect(group.escalationStep).toBe(0);
    expect(group.escalationDueAt).toBeNull();

    expect((await postFormattedAlert(t, integration, alertUid)).status).toBe(200);
    const resumed = await eventually(async () => {
      const g = await groupRow(t, group.publicId);
      return g.escalationStep === 1 ? g : null;
    });
    expect(resumed.escalationWaitingForAlerts).toBe(false);
    await runNextStep(t, group.publicId);
    expect(await escalationEvents(group)).toHaveLength(1);
  });

  it("notify_if_time_from_to outside the window waits until the window opens", async () => {
    const webhook = await createWebhookRow(t);
    const hhmmss = (ms: number) => new Date(ms).toISOString().slice(11, 19);
    const from = hhmmss(Date.now() + 3 * 3600_000);
    const to = hhmmss(Date.now() + 4 * 3600_000);
    const { group } = await startEscalation(t, [
      { type: "notify_if_time_from_to", notify_if_time_from: `${from}Z`, notify_if_time_to: `${to}Z` },
      { type: "trigger_webhook", action_to_trigger: webhook.publicId },
    ]);
    expect(group.escalationStep).toBe(1);
    const due = group.escalationDueAt!;
    expect(due.toISOString().slice(11, 19)).toBe(from);
    expect(due.getTime() - Date.now()).toBeGreaterThan(2 * 3600_000);
    expect(due.getTime() - Date.now()).toBeLessThan(24 * 3600_000);
  });

  it("notify_if_time_from_to without bounds fails and moves on after 5 s", async () => {
    const { group } = await startEscalation(t, [{ type: "notify_if_time_from_to" }, { type: "wait", duration: 60 }]);
    expect(group.escalationStep).toBe(1);
    expect(group.escalationDueAt!.getTime() - Date.now()).toBeLessThanOrEqual(5000);
  });
});
