import type { Client } from "graphql-ws";
import { createIntegration, createWebhook, openAlertGroup, type TestIntegration } from "../helpers/alert-groups";
import { eventually } from "../helpers/fixtures";
import { DELIVERY_EVENTS, feedHasSubscribers, liveClient, subscribe } from "../helpers/live";
import { Receiver } from "../helpers/receiver";
import { ADMIN_TOKEN, clientFor, startTestServer, type TestServer } from "../helpers/server";
import { createUserWithToken } from "../helpers/users";

// `subscription { deliveryEvents }` over graphql-ws: each recorded attempt reaches the subscribers of its
// organization (and webhook), with the same records the `attempts` query reads.
jest.setTimeout(60_000);

let t: TestServer;
let receiver: Receiver;
let integration: TestIntegration;
let group: { id: string };
const clients: Client[] = [];

beforeAll(async () => {
  t = await startTestServer({ WEBHOOK_RETRY_SCHEDULE: "1" });
  receiver = await Receiver.start();
  integration = await createIntegration(t);
  group = await openAlertGroup(t, integration);
});
afterEach(async () => {
  for (const c of clients.splice(0)) await c.dispose();
  await eventually(async () => t.server.live.feed.subscriberCount === 0);
});
afterAll(async () => {
  await t.close();
  await receiver.close();
});

function client(params: Record<string, unknown> | undefined = { Authorization: ADMIN_TOKEN }, onClosed?: (e: { code: number; reason: string }) => void): Client {
  const c = liveClient(t.url, params, onClosed);
  clients.push(c);
  return c;
}

/** Runs the `escalation` webhook for the group as `token`'s user; the delivery id. */
async function trigger(on: TestServer, webhookId: string, groupId: string, token = ADMIN_TOKEN): Promise<string> {
  const res = await on.gql(`mutation($w: ID!, $g: ID) { triggerWebhook(webhookId: $w, alertGroupId: $g) { id } }`, { w: webhookId, g: groupId }, token);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.triggerWebhook.id;
}

describe("deliveryEvents", () => {
  it("sends each attempt as it is recorded: the delivery, its record, the status code and duration", async () => {
    const hook = await createWebhook(t, { url: `${receiver.url}/ok` });
    const { received } = subscribe(client(), DELIVERY_EVENTS);
    await feedHasSubscribers(t, 1);
    const deliveryId = await trigger(t, hook.id, group.id);
    const [event] = await received.waitForEvents(1);
    expect(event).toMatchObject({
      outcome: "SUCCEEDED",
      webhookId: hook.id,
      delivery: { id: deliveryId, status: "SUCCEEDED", attemptCount: 1, webhookId: hook.id, alertGroupId: group.id },
      attempt: { attempt: 1, statusCode: 200, deliveryId, webhookId: hook.id, triggerType: "ESCALATION" },
    });
    expect(typeof event.attempt.durationMs).toBe("number");
    // The same record the history reads, so its id can be passed to redeliver.
    const history = await t.gql(`query($d: ID) { attempts(filter: { deliveryId: $d }) { nodes { id statusCode } } }`, { d: deliveryId });
    expect(history.data.attempts.nodes).toEqual([{ id: event.attempt.id, statusCode: 200 }]);
  });

  it("reports a failed attempt as RETRYING and the one that succeeds after it, in order", async () => {
    receiver.respondWith({ status: 503, body: "busy" });
    const hook = await createWebhook(t, { url: `${receiver.url}/flaky` });
    const { received } = subscribe(client(), DELIVERY_EVENTS, { webhookId: hook.id });
    await feedHasSubscribers(t, 1);
    const deliveryId = await trigger(t, hook.id, group.id);
    const events = await received.waitForEvents(2);
    expect(events.map((e) => [e.outcome, e.attempt.attempt, e.attempt.statusCode, e.delivery.id])).toEqual([
      ["RETRYING", 1, 503, deliveryId],
      ["SUCCEEDED", 2, 200, deliveryId],
    ]);
  });

  it("reports a delivery skipped when it came up, without an attempt", async () => {
    const hook = await createWebhook(t, { url: `${receiver.url}/never`, trigger_template: "{{ false }}" });
    const { received } = subscribe(client(), DELIVERY_EVENTS, { webhookId: hook.id });
    await feedHasSubscribers(t, 1);
    const deliveryId = await trigger(t, hook.id, group.id);
    const [event] = await received.waitForEvents(1);
    expect(event).toMatchObject({ outcome: "SKIPPED", attempt: null, delivery: { id: deliveryId, status: "SKIPPED" } });
    expect(event.delivery.skipReason).toBeTruthy();
  });

  it("with webhookId, only that webhook's attempts", async () => {
    const hookA = await createWebhook(t, { url: `${receiver.url}/a` });
    const hookB = await createWebhook(t, { url: `${receiver.url}/b` });
    const onlyB = subscribe(client(), DELIVERY_EVENTS, { webhookId: hookB.id }).received;
    const all = subscribe(client(), DELIVERY_EVENTS).received;
    await feedHasSubscribers(t, 2);
    const first = await trigger(t, hookA.id, group.id);
    await all.waitForEvents(1);
    const second = await trigger(t, hookB.id, group.id);
    await all.waitForEvents(2);
    // Events go out in commit order, so B's arriving means A's was passed over, not late.
    const [only] = await onlyB.waitForEvents(1);
    expect(all.events.map((e) => e.delivery.id)).toEqual([first, second]);
    expect(onlyB.events.map((e) => e.delivery.id)).toEqual([second]);
    expect(only.webhookId).toBe(hookB.id);
  });

  it("another organization sees none of it, and cannot name its webhooks", async () => {
    const other = await createUserWithToken(t, { newOrganization: true });
    const asOther = { ...t, api: clientFor(t.url, other.token) } as TestServer;
    const otherIntegration = await createIntegration(asOther);
    const otherGroup = await openAlertGroup(asOther, otherIntegration);
    const otherHook = await createWebhook(asOther, { url: `${receiver.url}/other` });
    const ours = await createWebhook(t, { url: `${receiver.url}/ours` });

    const theirs = subscribe(client({ Authorization: `Bearer ${other.token}` }), DELIVERY_EVENTS).received;
    const mine = subscribe(client(), DELIVERY_EVENTS).received;
    await feedHasSubscribers(t, 2);
    const ourDelivery = await trigger(t, ours.id, group.id);
    await mine.waitForEvents(1);
    const theirDelivery = await trigger(t, otherHook.id, otherGroup.id, other.token);
    await theirs.waitForEvents(1);
    expect(theirs.events.map((e) => e.delivery.id)).toEqual([theirDelivery]);
    expect(mine.events.map((e) => e.delivery.id)).toEqual([ourDelivery]);

    const foreign = subscribe(client({ authorization: other.token }), DELIVERY_EVENTS, { webhookId: ours.id }).received;
    await foreign.waitForEnd();
    expect(foreign.results[0].errors[0].extensions.code).toBe("NOT_FOUND");
  });

  it("a viewer without outgoing-webhooks:read is refused", async () => {
    const noRead = await createUserWithToken(t, { permissions: ["grafana-oncall-app.alert-groups:read"] });
    const { received } = subscribe(client({ Authorization: noRead.token }), DELIVERY_EVENTS);
    await received.waitForEnd();
    expect(received.results[0].errors[0].extensions.code).toBe("FORBIDDEN");
  });

  it.each([
    ["a wrong token", { Authorization: "not-a-token" }],
    ["an empty connection_init payload", {}],
  ])("%s: the connection is closed with 4401", async (_name, params) => {
    let closed: { code: number; reason: string } | null = null;
    const { received } = subscribe(client(params, (e) => (closed = e)), DELIVERY_EVENTS);
    await eventually(async () => closed !== null);
    expect(closed).toMatchObject({ code: 4401, reason: "Unauthorized" });
    expect(received.events).toEqual([]);
  });

  it("a token revoked while connected cannot subscribe again on that connection", async () => {
    const user = await createUserWithToken(t);
    let closed: { code: number } | null = null;
    const c = client({ Authorization: user.token }, (e) => (closed = e));
    subscribe(c, DELIVERY_EVENTS);
    await feedHasSubscribers(t, 1);
    const tokens = await t.gql(`query { apiTokens { nodes { id user { username } } } }`);
    const id = tokens.data.apiTokens.nodes.find((n: any) => n.user.username === user.user.username).id;
    expect((await t.gql(`mutation($id: ID!) { revokeApiToken(id: $id) { id } }`, { id })).errors).toBeUndefined();
    subscribe(c, DELIVERY_EVENTS);
    await eventually(async () => closed !== null);
    expect(closed).toMatchObject({ code: 4401 });
  });

  it("serves only subscriptions: queries over the socket are refused", async () => {
    const { received } = subscribe(client(), `query { viewer { id } }`);
    await received.waitForEnd();
    expect(JSON.stringify(received.error)).toContain("Only subscriptions are served over WebSocket");
  });
});

describe("stopping the server", () => {
  it("ends the subscriptions and closes their sockets", async () => {
    const s = await startTestServer();
    let closed: { code: number } | null = null;
    const c = liveClient(s.url, { Authorization: ADMIN_TOKEN }, (e) => (closed = e));
    const { received } = subscribe(c, DELIVERY_EVENTS);
    await feedHasSubscribers(s, 1);
    await s.close(); // resolves only once the socket is gone: the process can exit
    await eventually(async () => closed !== null);
    expect(closed).toMatchObject({ code: 1001 });
    await received.waitForEnd(); // `complete` if it got out before the close, else the close ends it
    await c.dispose();
  });
});
