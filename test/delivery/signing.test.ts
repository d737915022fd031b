import { createHmac } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { generateSigningSecret, signatureHeaders } from "../../src/attempts/signing";
import { createIntegration, createWebhook, openAlertGroup, uniqueWebhookAlert } from "../helpers/alert-groups";
import { eventually } from "../helpers/fixtures";
import { startTestServer, type TestServer } from "../helpers/server";
import { GateReceiver, settle } from "./gate-receiver";
import { deliveryById, finishedDelivery, triggerManually } from "./helpers";

describe("Standard Webhooks signing", () => {
  test("generated secrets are whsec_ + base64 of 24-32 random bytes, all different", () => {
    const secrets = new Set(Array.from({ length: 50 }, generateSigningSecret));
    expect(secrets.size).toBe(50);
    for (const s of secrets) {
      expect(s).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
      const n = Buffer.from(s.slice(6), "base64").length;
      expect(n).toBeGreaterThanOrEqual(24);
      expect(n).toBeLessThanOrEqual(32);
    }
  });

  test("headers verify with the reference library", () => {
    const secret = generateSigningSecret();
    const body = JSON.stringify({ event: { type: "acknowledge" }, note: "ünïcode ✓" });
    const headers = signatureHeaders(secret, "msg_2f1c", new Date(), body);
    expect(Object.keys(headers).sort()).toEqual(["webhook-id", "webhook-signature", "webhook-timestamp"]);
    expect(headers["webhook-id"]).toBe("msg_2f1c");
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
  });

  test("same signature as the reference implementation, timestamp in unix seconds", () => {
    const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const at = new Date(1_714_564_800_999);
    const headers = signatureHeaders(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", at, '{"test": 2432232314}');
    expect(headers["webhook-timestamp"]).toBe("1714564800");
    expect(headers["webhook-signature"]).toBe(new Webhook(secret).sign("msg_p5jXN8AQM9LWM0D4loKWxJek", at, '{"test": 2432232314}'));
    const expected = createHmac("sha256", Buffer.from("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "base64"))
      .update('msg_p5jXN8AQM9LWM0D4loKWxJek.1714564800.{"test": 2432232314}')
      .digest("base64");
    expect(headers["webhook-signature"]).toBe(`v1,${expected}`);
  });

  test("a tampered body, another secret or a stale timestamp fail verification", () => {
    const secret = generateSigningSecret();
    const headers = signatureHeaders(secret, "msg_1", new Date(), '{"a": 1}');
    expect(() => new Webhook(secret).verify('{"a": 2}', headers)).toThrow();
    expect(() => new Webhook(generateSigningSecret()).verify('{"a": 1}', headers)).toThrow();
    const old = signatureHeaders(secret, "msg_1", new Date(Date.now() - 10 * 60_000), '{"a": 1}');
    expect(() => new Webhook(secret).verify('{"a": 1}', old)).toThrow();
  });

  test("an empty secret is refused", () => {
    expect(() => signatureHeaders("whsec_", "m", new Date(), "")).toThrow(/secret/);
  });
});

// Rulings "Standard Webhooks signing": the timestamp is taken when the request goes out, not when its attempt
// was planned. A request waiting in a full host lane must not carry the time it started waiting.
describe("signing at send time", () => {
  let t: TestServer;
  let gate: GateReceiver;

  beforeAll(async () => {
    // The held request must outlast the wait below: with the tests' 2 s deadline it could time out first and free the lane.
    t = await startTestServer({ DELIVERY_HOST_CONCURRENCY: "1", WEBHOOK_RETRY_SCHEDULE: "", OUTGOING_WEBHOOK_TIMEOUT: "10" });
    gate = await GateReceiver.start();
  });
  afterAll(async () => {
    await t.close();
    await gate.close();
  });

  it("a request that waited in its lane is signed when it leaves, with the delivery's webhook-id", async () => {
    const integration = await createIntegration(t, { type: "webhook" });
    const group = await openAlertGroup(t, integration, uniqueWebhookAlert());
    const hooks: { id: string; secret: string }[] = [];
    for (const name of ["first", "waiting"]) {
      const hook = await createWebhook(t, { url: `${gate.url}/${name}` });
      const res = await t.gql(`mutation($id: ID!) { rotateWebhookSigningSecret(id: $id) }`, { id: hook.id });
      hooks.push({ id: hook.id, secret: res.data.rotateWebhookSigningSecret });
    }
    const first = await triggerManually(t, hooks[0].id, group.id);
    const [held] = await gate.waitFor(1);
    const waiting = await triggerManually(t, hooks[1].id, group.id);
    await eventually(async () => (await deliveryById(t, waiting)).status === "IN_FLIGHT"); // claimed, queued behind /first
    await settle(2_100); // long enough for a timestamp taken now to be at least 2 s old when the lane frees up

    const releasedAt = Math.floor(Date.now() / 1000);
    held.release();
    const [, second] = await gate.waitFor(2);
    gate.openGate();
    await finishedDelivery(t, waiting);

    expect(second.path).toBe("/waiting");
    expect(held.headers["webhook-id"]).toBe(first);
    expect(second.headers["webhook-id"]).toBe(waiting);
    expect(Number(second.headers["webhook-timestamp"])).toBeGreaterThanOrEqual(releasedAt); // not when it was planned
    expect(() => new Webhook(hooks[1].secret).verify(second.body, second.headers as Record<string, string>)).not.toThrow();
  });
});
