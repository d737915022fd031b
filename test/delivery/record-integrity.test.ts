import { createIntegration, createWebhook, deliveriesOf, openAlertGroup, responsesOf, uniqueWebhookAlert, type TestIntegration } from "../helpers/alert-groups";
import { eventually } from "../helpers/fixtures";
import { Receiver } from "../helpers/receiver";
import { startTestServer, type TestServer } from "../helpers/server";
import { settle } from "./gate-receiver";

// Issue 8 "nothing lost, nothing stalled, nothing corrupted": every text that reaches a record is stored safely
// (PostgreSQL text cannot hold U+0000), one record the database refuses never holds up the others, and a
// database that refuses every record loses nothing and sends nothing twice.
jest.setTimeout(120_000);

const REPLACEMENT = "\uFFFD";

describe("records the database cannot take as they are", () => {
  let t: TestServer;
  let receiver: Receiver;

  beforeAll(async () => {
    t = await startTestServer({ WEBHOOK_RETRY_SCHEDULE: "", DELIVERY_CONCURRENCY: "4" });
    receiver = await Receiver.start();
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  /** A webhook fired by "alert group created" of this integration only, so tests do not fire each other's. */
  async function hookFor(integration: TestIntegration, path: string, body: Record<string, unknown> = {}) {
    return createWebhook(t, { trigger_type: "alert group created", url: `${receiver.url}${path}`, integration_filter: [integration.id], ...body });
  }

  /** The webhook's deliveries for its own integration, once `count` of them have finished. */
  async function finishedDeliveries(hookId: string, count: number): Promise<any[]> {
    return eventually(async () => {
      const list = (await deliveriesOf(t, hookId)).filter((d) => d.skipReason !== "Alert group was not from a selected integration");
      return list.length === count && list.every((d) => d.status !== "PENDING" && d.status !== "IN_FLIGHT") && list;
    }, 30_000, 200);
  }

  /**
   * Makes the database refuse webhook_response rows matching `condition` (on NEW), and with `settlements` every
   * delivery leaving in_flight too (the database is as good as down for the recorder), until the returned
   * function runs. Claims and heartbeats still pass.
   */
  async function refuseWrites(condition: string, settlements = false): Promise<() => Promise<void>> {
    const ds = t.server.dataSource;
    const settling = "OLD.status = 'in_flight' AND NEW.status <> 'in_flight'";
    if (t.db.kind === "postgres") {
      await ds.query(`CREATE OR REPLACE FUNCTION refuse_write() RETURNS trigger AS $$
        BEGIN RAISE EXCEPTION 'write refused by the test'; END $$ LANGUAGE plpgsql`);
      await ds.query(`CREATE TRIGGER refuse_record BEFORE INSERT ON webhook_response FOR EACH ROW WHEN (${condition}) EXECUTE FUNCTION refuse_write()`);
      if (settlements) await ds.query(`CREATE TRIGGER refuse_settle BEFORE UPDATE ON delivery FOR EACH ROW WHEN (${settling}) EXECUTE FUNCTION refuse_write()`);
      return async () => {
        await ds.query("DROP TRIGGER refuse_record ON webhook_response");
        if (settlements) await ds.query("DROP TRIGGER refuse_settle ON delivery");
      };
    }
    const refuse = "BEGIN SELECT RAISE(ABORT, 'write refused by the test'); END";
    await ds.query(`CREATE TRIGGER refuse_record BEFORE INSERT ON webhook_response WHEN ${condition} ${refuse}`);
    if (settlements) await ds.query(`CREATE TRIGGER refuse_settle BEFORE UPDATE ON delivery WHEN ${settling} ${refuse}`);
    return async () => {
      await ds.query("DROP TRIGGER refuse_record");
      if (settlements) await ds.query("DROP TRIGGER refuse_settle");
    };
  }

  it("a response body with a NUL byte is recorded with U+FFFD, and the 20 deliveries after it are recorded and settled", async () => {
    const first = await createIntegration(t, { type: "webhook" });
    const later = await createIntegration(t, { type: "webhook" });
    const odd = await hookFor(first, "/nul");
    const other = await hookFor(later, "/other");
    const before = receiver.requests.length;
    receiver.respondWith({ status: 200, body: "a\u0000b" }); // text/plain
    await openAlertGroup(t, first, uniqueWebhookAlert());
    await receiver.waitFor(before + 1);
    for (let i = 0; i < 20; i++) await openAlertGroup(t, later, uniqueWebhookAlert());

    const deliveries = await finishedDeliveries(other.id, 20);
    expect(deliveries.map((d) => d.status)).toEqual(Array(20).fill("SUCCEEDED"));
    expect(await responsesOf(t, other.id)).toHaveLength(20);
    const [oddDelivery] = await finishedDeliveries(odd.id, 1);
    expect(oddDelivery.status).toBe("SUCCEEDED");
    const [record] = await responsesOf(t, odd.id);
    expect(record).toMatchObject({ status_code: 200, content: `a${REPLACEMENT}b` });
    expect(receiver.requests.length - before).toBe(21); // nothing sent twice
  });

  it("NUL bytes in a rendered body and in a skip reason are stored with U+FFFD", async () => {
    const integration = await createIntegration(t, { type: "webhook" });
    const body = await hookFor(integration, "/body", { forward_all: false, data: "{{ 'x\\x00y' }}" });
    const skipped = await hookFor(integration, "/skipped", { trigger_template: "{{ 'no\\x00' }}" });
    await openAlertGroup(t, integration, uniqueWebhookAlert());
    const [sent] = await finishedDeliveries(body.id, 1);
    expect(sent.status).toBe("SUCCEEDED");
    expect(sent.attempts[0].requestData).toBe(`x${REPLACEMENT}y`);
    expect(receiver.requests.find((r) => r.path === "/body")?.body).toBe("x\u0000y"); // the request itself is unchanged
    const [skip] = await finishedDeliveries(skipped.id, 1);
    expect(skip).toMatchObject({ status: "SKIPPED", skipReason: `no${REPLACEMENT}` });
  });

  it("a record the database refuses is stored in a reduced form and holds up nothing", async () => {
    const first = await createIntegration(t, { type: "webhook" });
    const later = await createIntegration(t, { type: "webhook" });
    const odd = await hookFor(first, "/poison");
    const other = await hookFor(later, "/fine");
    const allow = await refuseWrites("NEW.content LIKE '%poison%'");
    try {
      const before = receiver.requests.length;
      receiver.respondWith({ status: 200, body: "poison" });
      await openAlertGroup(t, first, uniqueWebhookAlert());
      await receiver.waitFor(before + 1);
      for (let i = 0; i < 20; i++) await openAlertGroup(t, later, uniqueWebhookAlert());

      const deliveries = await finishedDeliveries(other.id, 20);
      expect(deliveries.map((d) => d.status)).toEqual(Array(20).fill("SUCCEEDED"));
      expect(await responsesOf(t, other.id)).toHaveLength(20);
      const [oddDelivery] = await finishedDeliveries(odd.id, 1);
      expect(oddDelivery.status).toBe("SUCCEEDED");
      const [record] = await responsesOf(t, odd.id);
      expect(record.status_code).toBe(200);
      expect(record.content).toMatch(/^Record could not be stored in full/);
      expect(receiver.requests.length - before).toBe(21);
    } finally {
      await allow();
    }
  });

  it("while the database refuses records and settlements, claiming stops; afterwards every attempt is recorded, none sent twice", async () => {
    const integration = await createIntegration(t, { type: "webhook" });
    const hooks = [];
    for (let i = 0; i < 6; i++) hooks.push(await hookFor(integration, `/outage${i}`));
    const allow = await refuseWrites("1 = 1", true);
    const before = receiver.requests.length;
    for (let i = 0; i < 10; i++) await openAlertGroup(t, integration, uniqueWebhookAlert()); // 60 deliveries
    await receiver.waitFor(before + 1);
    await settle(2_000);
    const sentDuringOutage = receiver.requests.length - before;
    // DELIVERY_CONCURRENCY 4: at most 4×4 attempts wait for their records, plus the 1.5×4 claimed in hand.
    expect(sentDuringOutage).toBeLessThanOrEqual(4 * 4 + 6);
    await allow();

    for (const hook of hooks) {
      const deliveries = await finishedDeliveries(hook.id, 10);
      expect(deliveries.map((d) => [d.status, d.attemptCount])).toEqual(Array(10).fill(["SUCCEEDED", 1]));
      expect(await responsesOf(t, hook.id)).toHaveLength(10);
    }
    expect(receiver.requests.length - before).toBe(60); // nothing lost, nothing sent twice
  });
});

describe("a webhook disabled after its delivery was queued", () => {
  let t: TestServer;
  let receiver: Receiver;

  beforeAll(async () => {
    t = await startTestServer({ WEBHOOK_RETRY_SCHEDULE: "" });
    receiver = await Receiver.start();
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  it("is skipped with a reason when the attempt runs, not sent, and nothing is recorded (disabled means disabled)", async () => {
    const integration = await createIntegration(t, { type: "webhook" });
    const hook = await createWebhook(t, { trigger_type: "alert group created", url: `${receiver.url}/disabled` });
    await t.server.engine.stop();
    await openAlertGroup(t, integration, uniqueWebhookAlert()); // queued while enabled
    expect((await t.api.patch(`/api/v1/webhooks/${hook.id}/`, { is_webhook_enabled: false })).status).toBe(200);
    await t.server.engine.start();

    const [delivery] = await eventually(async () => {
      const list = await deliveriesOf(t, hook.id);
      return list[0]?.status === "SKIPPED" && list;
    });
    expect(delivery).toMatchObject({ skipReason: "Webhook is disabled", attempts: [] });
    expect(await responsesOf(t, hook.id)).toEqual([]);
    expect(receiver.requests.filter((r) => r.path === "/disabled")).toEqual([]);
  });
});
