import { Webhook as StandardWebhook } from "standardwebhooks";
import { createIntegration, createWebhook, openAlertGroup, responsesOf, uniqueWebhookAlert } from "../helpers/alert-groups";
import { eventually } from "../helpers/fixtures";
import { Receiver } from "../helpers/receiver";
import { startTestServer, type TestServer } from "../helpers/server";
import { deliveryById, finishedDelivery, triggerManually } from "./helpers";
import { freePort } from "../helpers/ports";

// Rulings "retry schedule" and §14.4: one delivery, numbered attempts, each with its own record; timeouts,
// connect errors, 5xx, 408 and 429 retry; other 4xx are final. WEBHOOK_RETRY_SCHEDULE="0,0" → 3 attempts at most.
describe("retries", () => {
  let t: TestServer;
  let receiver: Receiver;
  let groupId: string;

  beforeAll(async () => {
    t = await startTestServer({ WEBHOOK_RETRY_SCHEDULE: "0,0" });
    receiver = await Receiver.start();
    const integration = await createIntegration(t, { type: "webhook" });
    groupId = (await openAlertGroup(t, integration, uniqueWebhookAlert())).id;
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  async function signedHook(): Promise<{ id: string; secret: string }> {
    const hook = await createWebhook(t, { url: `${receiver.url}/retry` });
    const res = await t.gql(`mutation($id: ID!) { rotateWebhookSigningSecret(id: $id) }`, { id: hook.id });
    return { id: hook.id, secret: res.data.rotateWebhookSigningSecret };
  }

  it("retries a 5xx until it succeeds: numbered attempts, one record each, one webhook-id, valid signatures", async () => {
    const hook = await signedHook();
    receiver.respondWith({ status: 500, body: "boom" }, { status: 502, body: "bad gateway" }, { status: 200, body: { ok: 1 } });
    const before = receiver.requests.length;
    const deliveryId = await triggerManually(t, hook.id, groupId);
    const delivery = await finishedDelivery(t, deliveryId);
    const requests = receiver.requests.slice(before);

    expect(delivery.status).toBe("SUCCEEDED");
    expect(delivery.attemptCount).toBe(3);
    expect(delivery.attempts.map((a: any) => [a.attempt, a.statusCode])).toEqual([[1, 500], [2, 502], [3, 200]]);
    expect(requests).toHaveLength(3);
    const verifier = new StandardWebhook(hook.secret);
    for (const r of requests) {
      expect(r.headers["webhook-id"]).toBe(deliveryId);
      expect(() => verifier.verify(r.body, r.headers as Record<string, string>)).not.toThrow();
    }
    expect((await responsesOf(t, hook.id)).map((r) => r.status_code)).toEqual([200, 502, 500]);
  });

  it("gives up after 1 + schedule length attempts", async () => {
    const hook = await createWebhook(t, { url: `${receiver.url}/down` });
    receiver.respondWith({ status: 503 }, { status: 503 }, { status: 503 });
    const delivery = await finishedDelivery(t, await triggerManually(t, hook.id, groupId));
    expect(delivery.status).toBe("FAILED");
    expect(delivery.attempts.map((a: any) => a.statusCode)).toEqual([503, 503, 503]);
  });

  it.each([400, 401, 404, 410, 422])("a %i is final", async (status) => {
    const hook = await createWebhook(t, { url: `${receiver.url}/final` });
    receiver.respondWith({ status });
    const delivery = await finishedDelivery(t, await triggerManually(t, hook.id, groupId));
    expect(delivery.status).toBe("FAILED");
    expect(delivery.attempts).toHaveLength(1);
  });

  it.each([408, 429])("a %i is retried", async (status) => {
    const hook = await createWebhook(t, { url: `${receiver.url}/again` });
    receiver.respondWith({ status }, { status: 204 });
    const delivery = await finishedDelivery(t, await triggerManually(t, hook.id, groupId));
    expect(delivery.status).toBe("SUCCEEDED");
    expect(delivery.attempts.map((a: any) => a.statusCode)).toEqual([status, 204]);
  });

  it("connection errors are retried, each attempt recorded", async () => {
    const port = await freePort();
    const hook = await createWebhook(t, { url: `http://127.0.0.1:${port}/x` });
    const delivery = await finishedDelivery(t, await triggerManually(t, hook.id, groupId));
    expect(delivery.status).toBe("FAILED");
    expect(delivery.attempts).toHaveLength(3);
    for (const a of delivery.attempts) expect(a.content).toMatch(/refused/i);
  });

  it("a Retry-After longer than the schedule delays the next attempt", async () => {
    const hook = await createWebhook(t, { url: `${receiver.url}/later` });
    receiver.respondWith({ status: 429, headers: { "retry-after": "120" } });
    const deliveryId = await triggerManually(t, hook.id, groupId);
    const delivery = await eventually(async () => {
      const d = await deliveryById(t, deliveryId);
      return d.status === "PENDING" && d.attempts.length === 1 ? d : null;
    });
    const waited = Date.parse(delivery.nextAttemptAt) - Date.parse(delivery.attempts[0].timestamp);
    expect(waited).toBeGreaterThanOrEqual(119_000);
    expect(waited).toBeLessThanOrEqual(121_000);
  });
});

