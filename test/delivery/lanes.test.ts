import { createIntegration, createWebhook, openAlertGroup, uniqueWebhookAlert } from "../helpers/alert-groups";
import { startTestServer, type TestServer } from "../helpers/server";
import { GateReceiver, settle } from "./gate-receiver";
import { allDeliveriesSettled } from "./helpers";

// README: DELIVERY_CONCURRENCY (all destinations) and DELIVERY_HOST_CONCURRENCY (one destination host):
// a slow receiver takes at most its host's slots, others keep being served.
describe("concurrency lanes", () => {
  let t: TestServer;
  const gates: GateReceiver[] = [];

  beforeAll(async () => {
    t = await startTestServer({ DELIVERY_CONCURRENCY: "4", DELIVERY_HOST_CONCURRENCY: "2" });
    for (let i = 0; i < 5; i++) gates.push(await GateReceiver.start());
  });
  afterAll(async () => {
    await t.close();
    for (const g of gates) await g.close();
  });

  it("a slow host gets its own lane; another host is served meanwhile", async () => {
    const [slow, fast] = gates;
    const integration = await createIntegration(t, { type: "webhook" });
    for (let i = 0; i < 6; i++) {
      await createWebhook(t, { trigger_type: "alert group created", url: `${slow.url}/s${i}`, integration_filter: [integration.id] });
    }
    for (let i = 0; i < 2; i++) {
      await createWebhook(t, { trigger_type: "alert group created", url: `${fast.url}/f${i}`, integration_filter: [integration.id] });
    }
    fast.openGate();
    await openAlertGroup(t, integration, uniqueWebhookAlert());

    await fast.waitFor(2); // served while the slow host holds every request it got
    await slow.waitFor(2);
    await settle();
    expect(slow.received.length).toBe(2);
    expect(slow.held.length).toBe(2);

    slow.openGate();
    await slow.waitFor(6);
    await allDeliveriesSettled(t);
    expect(slow.maxInFlight).toBe(2);
    expect(new Set(slow.received.map((r) => r.path)).size).toBe(6);
  });

  it("all hosts together stay within the global limit", async () => {
    const hosts = gates.slice(2); // three closed gates: 3 hosts × 2 webhooks
    const integration = await createIntegration(t, { type: "webhook" });
    for (const g of hosts) {
      for (let i = 0; i < 2; i++) {
        await createWebhook(t, { trigger_type: "alert group created", url: `${g.url}/g${i}`, integration_filter: [integration.id] });
      }
    }
    const before = hosts.map((g) => g.received.length);
    await openAlertGroup(t, integration, uniqueWebhookAlert());
    const arrived = () => hosts.reduce((n, g, i) => n + g.received.length - before[i], 0);
    const held = () => hosts.reduce((n, g) => n + g.held.length, 0);
    await waitUntil(() => arrived() >= 4);
    await settle();
    expect(held()).toBe(4); // 6 deliveries, global limit 4
    for (const g of hosts) g.openGate();
    await waitUntil(() => arrived() === 6);
    await allDeliveriesSettled(t);
  });
});

async function waitUntil(probe: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error("condition not met");
    await new Promise((r) => setTimeout(r, 20));
  }
}
