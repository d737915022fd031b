import { createIntegration, createWebhook, postAlert, uniqueWebhookAlert } from "../helpers/alert-groups";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { eventually } from "../helpers/fixtures";
import { scrape } from "../helpers/prometheus";
import { Receiver } from "../helpers/receiver";
import { startTestServer, type TestServer } from "../helpers/server";

// Two instances on one PostgreSQL database: each scrape counts the attempts its own process recorded (together
// every attempt once), while the queue gauges read the shared outbox and agree.
const enabled = Boolean(process.env.TEST_DATABASE_URL);
if (!enabled) process.stdout.write("skipped: TEST_DATABASE_URL not set\n");
const describeIfPg = enabled ? describe : describe.skip;

jest.setTimeout(120_000);

const ATTEMPTS = "outhook_delivery_attempts_total";

describeIfPg("metrics of two instances on PostgreSQL", () => {
  let db: TestDatabase;
  let ok: Receiver;
  let failing: Receiver;
  const instances: TestServer[] = [];
  /** Successful attempts each engine committed, heard from the engine itself. */
  const committed = [0, 0];

  beforeAll(async () => {
    db = await createTestDatabase();
    [ok, failing] = await Promise.all([Receiver.start(), Receiver.start()]);
    ok.always({ status: 200, body: { ok: true }, delayMs: 20 });
    failing.always({ status: 503, body: "down" });
    const env = { WEBHOOK_RETRY_SCHEDULE: "3600", DELIVERY_CONCURRENCY: "4" };
    instances.push(await startTestServer(env, db)); // the first applies the migrations
    instances.push(await startTestServer(env, db));
    instances.forEach((t, i) =>
      t.server.engine.onCommitted((group) => {
        committed[i] += group.filter((f) => f.observed?.outcome === "success").length;
      }),
    );
  });
  afterAll(async () => {
    for (const t of instances) await t.stop();
    await ok?.close();
    await failing?.close();
    await db?.drop();
  });

  it("each counts only its own attempts; the pending gauges read the shared queue", async () => {
    const [a, b] = instances;
    await createWebhook(a, { trigger_type: "alert group created", url: `${ok.url}/ok` });
    const integration = await createIntegration(a, { type: "webhook" });
    const alerts = 24;
    // Through both instances, so both engines are woken by commits (each also polls the shared outbox).
    for (let i = 0; i < alerts; i++) await postAlert(i % 2 === 0 ? a : b, integration, uniqueWebhookAlert());
    await ok.waitFor(alerts, 60_000);

    const [ma, mb] = await eventually(async () => {
      const both = [await scrape(a.http), await scrape(b.http)];
      return both[0].sum(ATTEMPTS) + both[1].sum(ATTEMPTS) >= alerts ? both : null;
    }, 30_000);
    const success = { outcome: "success", trigger_type: "alert_group_created" };
    expect(ma.value(ATTEMPTS, success) + mb.value(ATTEMPTS, success)).toBe(alerts);
    expect([ma.value(ATTEMPTS, success), mb.value(ATTEMPTS, success)]).toEqual(committed);
    expect(ok.requests.length).toBe(alerts);

    // One delivery waits for its retry: both instances report it, whichever recorded the attempt.
    await createWebhook(b, { trigger_type: "alert group created", url: `${failing.url}/down` });
    await postAlert(a, integration, uniqueWebhookAlert());
    await failing.waitFor(1, 30_000);
    const gauges = await eventually(async () => {
      const both = [await scrape(a.http), await scrape(b.http)];
      return both.every((m) => m.value("outhook_deliveries_pending") === 1 && m.value("outhook_deliveries_in_flight") === 0) ? both : null;
    }, 30_000);
    expect(gauges[0].sum(ATTEMPTS, { outcome: "http_error" }) + gauges[1].sum(ATTEMPTS, { outcome: "http_error" })).toBe(1);
  });
});
