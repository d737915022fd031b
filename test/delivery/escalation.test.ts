import { createIntegration, createWebhook, openAlertGroup, responsesOf, uniqueWebhookAlert } from "../helpers/alert-groups";
import { Receiver } from "../helpers/receiver";
import { startTestServer, type TestServer } from "../helpers/server";
import { createUserWithToken } from "../helpers/users";
import { MASK } from "../../src/attempts/record";
import { allDeliveriesSettled, keysOf } from "./helpers";
import { readFixture } from "../helpers/fixtures";

// delivery.md §1–2: webhooks run by escalation steps and by personal notifications.
describe("escalation steps and personal notifications", () => {
  let t: TestServer;
  let receiver: Receiver;
  let text: Receiver;

  beforeAll(async () => {
    t = await startTestServer({ WEBHOOK_RETRY_SCHEDULE: "" });
    receiver = await Receiver.start();
    text = (await Receiver.start()).always({ status: 200, body: "OK" });
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
    await text.close();
  });

  /** An integration whose chain's only step is `step`; opens a group and waits for its deliveries. */
  async function escalate(step: Record<string, unknown>, before?: (integrationId: string) => Promise<void>) {
    const chain = (await t.api.post("/api/v1/escalation_chains/", { name: `chain-${Math.random()}` })).data;
    const policy = await t.api.post("/api/v1/escalation_policies/", { escalation_chain_id: chain.id, ...step });
    expect(policy.status).toBe(201);
    const integration = await createIntegration(t, { type: "webhook", default_route: { escalation_chain_id: chain.id } });
    if (before) await before(integration.id);
    const group = await openAlertGroup(t, integration, uniqueWebhookAlert());
    return { integration, group };
  }

  async function requestTo(path: string, timeoutMs = 15_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = receiver.requests.find((r) => r.path === path);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no request to ${path}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it("an escalation webhook as a step: event escalation at execution time, user null, other webhooks' responses", async () => {
    const fixture = readFixture("events/escalation-step.json");
    const hook = await createWebhook(t, { name: "Page via SMS gateway", url: `${receiver.url}/step-escalation` });
    let textHook: any;
    const { group } = await escalate({ type: "trigger_webhook", action_to_trigger: hook.id }, async (integrationId) => {
      textHook = await createWebhook(t, { trigger_type: "alert group created", url: `${text.url}/t`, integration_filter: [integrationId] });
    });
    const body = (await requestTo("/step-escalation")).json;
    const keys = keysOf(fixture);
    keys.splice(keys.indexOf("users_to_be_notified") + 1, 0, "users_to_notify");
    expect(keysOf(body)).toEqual(keys);
    expect(body.event.type).toBe("escalation");
    expect(body.event.time).toMatch(/\+00:00$/);
    expect(Date.parse(body.event.time)).toBeGreaterThan(Date.parse(body.alert_group.created_at));
    expect(body.user).toBeNull();
    expect(body.alert_group.id).toBe(group.id);
    expect(body.responses).toEqual({ [textHook.id]: "OK" });
    await allDeliveriesSettled(t);
    expect((await responsesOf(t, hook.id)).length).toBe(1);
  });

  it("any webhook as a step reports its own trigger; a status-change webhook reports only its type", async () => {
    const ack = await createWebhook(t, { trigger_type: "acknowledge", url: `${receiver.url}/step-ack` });
    const sc = await createWebhook(t, { trigger_type: "status change", url: `${receiver.url}/step-sc` });
    await escalate({ type: "trigger_webhook", action_to_trigger: ack.id });
    await escalate({ type: "trigger_webhook", action_to_trigger: sc.id });
    expect((await requestTo("/step-ack")).json.event).toEqual({ type: "acknowledge", time: null });
    expect((await requestTo("/step-sc")).json.event).toEqual({ type: "status change" });
    // Recorded under the webhook's own trigger, so /responses lists them.
    await allDeliveriesSettled(t);
    expect(await responsesOf(t, ack.id)).toHaveLength(1);
    expect(await responsesOf(t, sc.id)).toHaveLength(1);
  });

  it("a personal notification: event.user is the private context, user the notified user; records mask both", async () => {
    const hook = await createWebhook(t, { name: "Personal pager", trigger_type: "personal notification", url: `${receiver.url}/personal` });
    const bob = await createUserWithToken(t, { username: "bob" });
    const bind = await t.gql(
      `mutation($u: ID!, $w: ID, $c: JSON) { setPersonalNotificationWebhook(userId: $u, webhookId: $w, context: $c) { webhookId } }`,
      { u: bob.user.publicId, w: hook.id, c: { pager_id: "bob-7731", priority: "high" } },
    );
    expect(bind.errors).toBeUndefined();
    await escalate({ type: "notify_persons", persons_to_notify: [bob.user.publicId] });
    const request = await requestTo("/personal");
    expect(request.json.event).toMatchObject({ type: "personal notification", user: { pager_id: "bob-7731", priority: "high" } });
    expect(request.json.event.time).toMatch(/\+00:00$/);
    expect(request.json.user).toEqual({ id: bob.user.publicId, username: "bob", email: bob.user.email });
    await allDeliveriesSettled(t);
    const [record] = await responsesOf(t, hook.id);
    expect(record.request_data).toBe(MASK);
    expect(JSON.parse(record.event_data).event.user).toEqual({ pager_id: MASK, priority: MASK });
    expect(JSON.parse(record.event_data).user.id).toBe(bob.user.publicId);
  });
});
