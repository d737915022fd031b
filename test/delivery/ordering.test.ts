import { alertGroupAction, createIntegration, createWebhook, openAlertGroup, uniqueWebhookAlert } from "../helpers/alert-groups";
import { startTestServer, type TestServer } from "../helpers/server";
import { GateReceiver, settle } from "./gate-receiver";
import { allDeliveriesSettled } from "./helpers";

// delivery.md §14.6 (adopted): deliveries of one (webhook, alert group) go out one at a time, in event order.
describe("ordering per (webhook, alert group)", () => {
  let t: TestServer;
  let gate: GateReceiver;
  let integration: Awaited<ReturnType<typeof createIntegration>>;

  beforeAll(async () => {
    t = await startTestServer({ WEBHOOK_RETRY_SCHEDULE: "0,0" });
    gate = await GateReceiver.start();
    integration = await createIntegration(t, { type: "webhook" });
    await createWebhook(t, { trigger_type: "status change", url: `${gate.url}/sc`, integration_filter: [integration.id] });
  });
  afterAll(async () => {
    await t.close();
    await gate.close();
  });

  it("sends a group's events one after the other, in the order they happened", async () => {
    const group = await openAlertGroup(t, integration, uniqueWebhookAlert());
    const base = gate.received.length;
    await alertGroupAction(t, group.id, "acknowledge");
    await alertGroupAction(t, group.id, "resolve");
    await alertGroupAction(t, group.id, "unresolve");

    await gate.waitFor(base + 1);
    await settle();
    expect(gate.received.length).toBe(base + 1); // resolve waits while acknowledge is in flight
    gate.received[base].release();
    await gate.waitFor(base + 2);
    await settle();
    expect(gate.received.length).toBe(base + 2);
    gate.received[base + 1].release();
    (await gate.waitFor(base + 3))[base + 2].release();

    const types = gate.received.slice(base).map((r) => r.json.event.type);
    expect(types).toEqual(["acknowledge", "resolve", "unresolve"]);
    expect(gate.maxInFlight).toBe(1);
    await allDeliveriesSettled(t);
  });

  it("a retry keeps its place: later events wait for it", async () => {
    const group = await openAlertGroup(t, integration, uniqueWebhookAlert());
    const base = gate.received.length;
    await alertGroupAction(t, group.id, "acknowledge");
    await alertGroupAction(t, group.id, "resolve");
    (await gate.waitFor(base + 1))[base].release(503);
    (await gate.waitFor(base + 2))[base + 1].release(200);
    (await gate.waitFor(base + 3))[base + 2].release(200);
    const types = gate.received.slice(base).map((r) => r.json.event.type);
    expect(types).toEqual(["acknowledge", "acknowledge", "resolve"]);
    await allDeliveriesSettled(t);
  });

  it("another alert group is not held up", async () => {
    const a = await openAlertGroup(t, integration, uniqueWebhookAlert());
    const b = await openAlertGroup(t, integration, uniqueWebhookAlert());
    const base = gate.received.length;
    await alertGroupAction(t, a.id, "acknowledge");
    await gate.waitFor(base + 1);
    await alertGroupAction(t, b.id, "acknowledge");
    const got = await gate.waitFor(base + 2); // arrives while a's request is still held
    expect(got.slice(base).map((r) => r.json.alert_group.id)).toEqual([a.id, b.id]);
    gate.openGate();
    await allDeliveriesSettled(t);
  });
});
