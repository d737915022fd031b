import { runStatement } from "../../src/db/sql";
import { Delivery } from "../../src/schema/entities";
import { BUCKETS_PER_STATEMENT, bucketCountsSql, bucketPercentilesSql } from "../../src/services/deliveries/health-sql";
import { newPublicId } from "../../src/schema/public-id";
import { createWebhookRow } from "../escalation/helpers";
import { usingPostgres } from "../helpers/database";
import { seedDeliveredGroup } from "../helpers/history";
import { createIntegration } from "../helpers/integrations";
import { startTestServer, type TestServer } from "../helpers/server";
import { createUserWithToken } from "../helpers/users";

// Delivery health for dashboards: deliveryStats buckets and the deliveryQueue.
let t: TestServer;
const T0 = Date.parse("2026-03-01T10:00:00.000Z");
const at = (minutes: number, ms = 0) => new Date(T0 + minutes * 60_000 + ms);
const iso = (minutes: number) => at(minutes).toISOString();
let ids: { hookA: string; hookB: string; integrationA: string; integrationB: string };

beforeAll(async () => {
  t = await startTestServer();
  await t.server.engine.stop(); // the queue test writes pending rows that must stay pending
  const a = await createIntegration(t);
  const b = await createIntegration(t);
  const hookA = await createWebhookRow(t);
  const hookB = await createWebhookRow(t);
  ids = { hookA: hookA.publicId, hookB: hookB.publicId, integrationA: a.integration.publicId, integrationB: b.integration.publicId };
  const onA = { integrationId: a.integration.id, routeId: a.route.id, webhookId: hookA.id };
  const onB = { integrationId: b.integration.id, routeId: b.route.id, webhookId: hookB.id };
  // Bucket 0 [0, 15): two successes, a 500, a transport error, and a template error that sent nothing.
  await seedDeliveredGroup(t, { ...onA, at: at(0), statusCode: 200, durationMs: 10 });
  await seedDeliveredGroup(t, { ...onA, at: at(3), statusCode: 200, durationMs: 20 });
  await seedDeliveredGroup(t, { ...onA, at: at(5), statusCode: 500, durationMs: 30 });
  await seedDeliveredGroup(t, { ...onA, at: at(7), statusCode: null, durationMs: 40 });
  await seedDeliveredGroup(t, { ...onA, at: at(14, 59_999), statusCode: null, durationMs: null });
  // Bucket 1 [15, 30): nothing. Bucket 2 [30, 45): one attempt on B, one skipped delivery on A.
  await seedDeliveredGroup(t, { ...onB, at: at(31), statusCode: 204, durationMs: 100 });
  await seedDeliveredGroup(t, { ...onA, at: at(40), status: "skipped" });
  // Bucket 3 [45, 60): one attempt exactly on the boundary; the ones at `to` and before `from` are outside.
  await seedDeliveredGroup(t, { ...onB, at: at(45), statusCode: 200, durationMs: 7 });
  await seedDeliveredGroup(t, { ...onB, at: at(60), statusCode: 200, durationMs: 1 });
  await seedDeliveredGroup(t, { ...onB, at: at(0, -1), statusCode: 200, durationMs: 1 });
});
afterAll(() => t.close());

const STATS = `query($from: DateTimeISO!, $to: DateTimeISO!, $interval: Int!, $webhookId: ID, $integrationId: ID) {
  deliveryStats(from: $from, to: $to, intervalSeconds: $interval, webhookId: $webhookId, integrationId: $integrationId) {
    start attempts succeeded failed skipped latencyP50Ms latencyP95Ms } }`;
const empty = (minutes: number) => ({ start: iso(minutes), attempts: 0, succeeded: 0, failed: 0, skipped: 0, latencyP50Ms: null, latencyP95Ms: null });

describe("deliveryStats", () => {
  it("covers [from, to) in buckets without gaps; skipped deliveries count apart from attempts", async () => {
    const res = await t.gql(STATS, { from: iso(0), to: iso(60), interval: 900 });
    expect(res.errors).toBeUndefined();
    expect(res.data.deliveryStats).toEqual([
      // Nearest rank over the four timed attempts [10, 20, 30, 40]: p50 is the 2nd, p95 the 4th.
      { start: iso(0), attempts: 5, succeeded: 2, failed: 3, skipped: 0, latencyP50Ms: 20, latencyP95Ms: 40 },
      empty(15),
      { start: iso(30), attempts: 1, succeeded: 1, failed: 0, skipped: 1, latencyP50Ms: 100, latencyP95Ms: 100 },
      { start: iso(45), attempts: 1, succeeded: 1, failed: 0, skipped: 0, latencyP50Ms: 7, latencyP95Ms: 7 },
    ]);
  });

  it("narrows to one webhook or one integration; the last bucket ends at `to`", async () => {
    const byWebhook = await t.gql(STATS, { from: iso(0), to: iso(50), interval: 900, webhookId: ids.hookB });
    expect(byWebhook.data.deliveryStats.map((b: { attempts: number }) => b.attempts)).toEqual([0, 0, 1, 1]);
    const byIntegration = await t.gql(STATS, { from: iso(0), to: iso(45), interval: 900, integrationId: ids.integrationA });
    expect(byIntegration.data.deliveryStats.map((b: { attempts: number; skipped: number }) => [b.attempts, b.skipped])).toEqual([[5, 0], [0, 0], [0, 1]]);
    const unknown = await t.gql(STATS, { from: iso(0), to: iso(45), interval: 900, webhookId: "WHNOPENOPENOP" });
    expect(unknown.errors![0].extensions.code).toBe("NOT_FOUND");
  });

  it("refuses more than 1,000 buckets and empty ranges with field errors", async () => {
    const many = await t.gql(STATS, { from: iso(0), to: iso(60 * 24), interval: 60 });
    expect(many.errors![0].extensions).toMatchObject({
      code: "BAD_USER_INPUT", fields: { intervalSeconds: ["At most 1000 buckets per query; from–to at this interval makes 1440."] },
    });
    const exactly = await t.gql(STATS, { from: iso(0), to: iso(1000), interval: 60 });
    expect(exactly.data.deliveryStats).toHaveLength(1000);
    const backwards = await t.gql(STATS, { from: iso(10), to: iso(10), interval: 60 });
    expect(backwards.errors![0].extensions.fields).toEqual({ to: ["Must be later than from."] });
    const zero = await t.gql(STATS, { from: iso(0), to: iso(10), interval: 0 });
    expect(zero.errors![0].extensions.fields).toEqual({ intervalSeconds: ["Must be a whole number of seconds, at least 1."] });
  });

  it("is organization-scoped and needs outgoing-webhooks:read", async () => {
    const stranger = await createUserWithToken(t, { newOrganization: true });
    const theirs = await t.gql(STATS, { from: iso(0), to: iso(60), interval: 3600 }, stranger.token);
    expect(theirs.data.deliveryStats).toEqual([empty(0)]);
    const nobody = await createUserWithToken(t, { role: "none" });
    const denied = await t.gql(STATS, { from: iso(0), to: iso(60), interval: 3600 }, nobody.token);
    expect(denied.errors![0].extensions.code).toBe("FORBIDDEN");
  });
});

describe("deliveryQueue", () => {
  it("counts pending, in-flight and retrying deliveries and the oldest pending age", async () => {
    const { organization, token } = await createUserWithToken(t, { newOrganization: true });
    const ds = t.server.dataSource;
    const hook = await createWebhookRow(t, { organizationId: organization.id });
    const now = Date.now();
    const row = (status: Delivery["status"], attempts: number, ageSeconds: number) => ({
      publicId: newPublicId("delivery"), organizationId: organization.id, eventId: 1, webhookId: hook.id, alertGroupId: 1,
      status, attempts, nextAttemptAt: new Date(now), createdAt: new Date(now - ageSeconds * 1000), finishedAt: null,
    });
    const none = await t.gql(`{ deliveryQueue { pending inFlight retrying oldestPendingAgeSeconds } }`, {}, token);
    expect(none.data.deliveryQueue).toEqual({ pending: 0, inFlight: 0, retrying: 0, oldestPendingAgeSeconds: null });
    await ds.getRepository(Delivery).insert([
      row("pending", 0, 3600), row("pending", 0, 10), row("pending", 2, 7200), row("in_flight", 1, 5), row("succeeded", 1, 9000),
    ]);
    const res = await t.gql(`{ deliveryQueue { pending inFlight retrying oldestPendingAgeSeconds } }`, {}, token);
    expect(res.errors).toBeUndefined();
    expect(res.data.deliveryQueue).toMatchObject({ pending: 2, inFlight: 1, retrying: 1 });
    // The oldest delivery still waiting for its first attempt was created an hour ago.
    expect(res.data.deliveryQueue.oldestPendingAgeSeconds).toBeGreaterThanOrEqual(3600);
    expect(res.data.deliveryQueue.oldestPendingAgeSeconds).toBeLessThan(3600 + 600);
  });
});

describe("at scale", () => {
  it("100k attempts: every one is counted, and SQLite answers from the covering index", async () => {
    const { organization, token } = await createUserWithToken(t, { newOrganization: true });
    const ds = t.server.dataSource;
    // One statement: a generated series of attempts one second apart over a day, every tenth one failed.
    const at = usingPostgres()
      ? `TIMESTAMPTZ '2026-04-01 00:00:00+00' + (i % 86400) * INTERVAL '1 second'`
      : `strftime('%Y-%m-%d %H:%M:%f', '2026-04-01 00:00:00', '+' || (i % 86400) || ' seconds')`;
    await ds.query(`
      WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 99999)
      INSERT INTO webhook_response (organization_id, alert_group_id, webhook_id, delivery_id, attempt, trigger_type, timestamp,
        request_trigger, url, request_headers, request_data, status_code, content, duration_ms, event_data)
      SELECT ${organization.id}, 1, 1, NULL, 1, 0, ${at}, '', 'https://example.com', '{}', '{}',
        CASE WHEN i % 10 = 0 THEN 500 ELSE 200 END, 'ok', i % 1000, '{}' FROM n`);
    const res = await t.gql(STATS, { from: "2026-04-01T00:00:00.000Z", to: "2026-04-02T00:00:00.000Z", interval: 900 }, token);
    expect(res.errors).toBeUndefined();
    const buckets = res.data.deliveryStats as { attempts: number; failed: number }[];
    expect(buckets).toHaveLength(96);
    // The first 15 minutes hold durations 0–899, 400–999 and 0–299 (1,800 attempts): ranks 900 and 1,710.
    expect(buckets[0]).toMatchObject({ attempts: 1800, latencyP50Ms: 499, latencyP95Ms: 909 });
    expect(buckets.reduce((sum, b) => sum + b.attempts, 0)).toBe(100_000);
    expect(buckets.reduce((sum, b) => sum + b.failed, 0)).toBe(10_000);

    if (usingPostgres()) return; // the plan check is SQLite's (PostgreSQL rightly scans a table it reads whole)
    const params: Record<string, unknown> = { org: organization.id };
    for (let i = 0; i < BUCKETS_PER_STATEMENT; i++) {
      params[`lo${i}`] = new Date(Date.UTC(2026, 3, 1, 0, 15 * i));
      params[`hi${i}`] = new Date(Date.UTC(2026, 3, 1, 0, 15 * (i + 1)));
      params[`p50_${i}`] = 0;
      params[`p95_${i}`] = 0;
    }
    for (const sql of [bucketCountsSql({ webhook: false, integration: false }), bucketPercentilesSql({ webhook: true, integration: true })]) {
      const plan = await runStatement<{ detail: string }>(ds, `EXPLAIN QUERY PLAN ${sql}`, { ...params, webhook: 1, integration: 1 });
      const details = plan.rows.map((r) => r.detail);
      expect(details).toContainEqual(expect.stringContaining("USING COVERING INDEX IX_webhook_response_org_time (organization_id=? AND timestamp>? AND timestamp<?)"));
      expect(details.filter((d) => /^SCAN (r|d|webhook_response|delivery)\b/.test(d))).toEqual([]);
    }
  }, 60_000);
});
