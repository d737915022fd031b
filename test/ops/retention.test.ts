import { loadConfig } from "../../src/config";
import { openWriter, type Writer } from "../../src/db/writer";
import { createLogger } from "../../src/logger";
import { Retention } from "../../src/retention/retention";
import { AlertGroup, AlertGroupEvent, Delivery, ResponsesSnapshot, Webhook, WebhookResponse } from "../../src/schema/entities";
import type { DeliveryStatus } from "../../src/schema/entities/delivery.entity";
import { newPublicId } from "../../src/schema/public-id";
import { createIntegration, createWebhook, openAlertGroup, uniqueWebhookAlert } from "../helpers/alert-groups";
import { startTestServer, type TestServer } from "../helpers/server";

// Issue 11, bounded storage: what a prune pass deletes and what it must keep, on a real database (SQLite file,
// or PostgreSQL with TEST_DATABASE_URL), through the engine's write path.
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let t: TestServer;
let writer: Writer;
let group: AlertGroup;

beforeAll(async () => {
  t = await startTestServer();
  writer = await openWriter(t.server.dataSource);
  const integration = await createIntegration(t, { type: "webhook" });
  const opened = await openAlertGroup(t, integration, uniqueWebhookAlert());
  group = await t.server.dataSource.getRepository(AlertGroup).findOneByOrFail({ publicId: opened.id });
  // Its "created" event is newer than everything seeded below: the cases start from an empty table.
  await t.server.dataSource.getRepository(AlertGroupEvent).createQueryBuilder().delete().execute();
});
afterAll(async () => {
  await writer.close();
  await t.close();
});

function retention(env: NodeJS.ProcessEnv = {}): Retention {
  const config = loadConfig({ DATABASE_URL: t.db.url, RETENTION_DAYS: "1", ...env });
  return new Retention({ config, dataSource: t.server.dataSource, writer, log: createLogger("silent") });
}

/** An `escalation` webhook: nothing fires it on its own, so the engine never touches the rows seeded for it. */
async function quietWebhook(): Promise<Webhook> {
  const hook = await createWebhook(t, { url: "http://127.0.0.1:9/never" });
  return t.server.dataSource.getRepository(Webhook).findOneByOrFail({ publicId: hook.id });
}

const ago = (ms: number) => new Date(Date.now() - ms);

async function seedEvent(at: Date): Promise<number> {
  const result = await t.server.dataSource.getRepository(AlertGroupEvent).insert({
    organizationId: group.organizationId, alertGroupId: group.id, type: 0, userId: null, webhookId: null,
    escalationPolicyId: null, detail: null, createdAt: at,
  });
  return Number(result.identifiers[0].id);
}

async function seedRecord(webhookId: number, deliveryId: number | null, at: Date): Promise<number> {
  const result = await t.server.dataSource.getRepository(WebhookResponse).insert({
    organizationId: group.organizationId, alertGroupId: group.id, webhookId, deliveryId, attempt: 1, triggerType: 0,
    timestamp: at, requestTrigger: null, url: "http://127.0.0.1:9/never", requestHeaders: "{}", requestData: null,
    statusCode: 200, content: "ok", eventData: "{}",
  });
  return Number(result.identifiers[0].id);
}

interface Seeded {
  event: number;
  delivery: number;
  records: number[];
}

async function seedDelivery(webhook: Webhook, status: DeliveryStatus, o: { eventAt: Date; lastAttemptAt: Date; records?: Date[] }): Promise<Seeded> {
  const event = await seedEvent(o.eventAt);
  const finished = status === "succeeded" || status === "failed" || status === "skipped";
  const result = await t.server.dataSource.getRepository(Delivery).insert({
    publicId: newPublicId("delivery"), organizationId: group.organizationId, eventId: event, webhookId: webhook.id,
    alertGroupId: group.id, status, skipReason: null, attempts: o.records?.length ?? 0,
    // Far in the future for a waiting retry, so the engine leaves it alone during the test.
    nextAttemptAt: status === "pending" ? new Date(Date.now() + DAY) : o.lastAttemptAt,
    claimedBy: status === "in_flight" ? "another-instance" : null, claimedAt: status === "in_flight" ? new Date(Date.now() + DAY) : null,
    createdAt: o.eventAt, finishedAt: finished ? o.lastAttemptAt : null,
  });
  const delivery = Number(result.identifiers[0].id);
  const records: number[] = [];
  for (const at of o.records ?? []) records.push(await seedRecord(webhook.id, delivery, at));
  return { event, delivery, records };
}

async function exists(): Promise<{ events: Set<number>; deliveries: Set<number>; records: Set<number> }> {
  const ds = t.server.dataSource;
  const ids = async (entity: typeof AlertGroupEvent | typeof Delivery | typeof WebhookResponse) =>
    new Set((await ds.getRepository(entity).find({ select: { id: true } })).map((r) => r.id));
  return { events: await ids(AlertGroupEvent), deliveries: await ids(Delivery), records: await ids(WebhookResponse) };
}

function expectGone(now: Awaited<ReturnType<typeof exists>>, s: Seeded): void {
  expect({ event: now.events.has(s.event), delivery: now.deliveries.has(s.delivery), records: s.records.filter((r) => now.records.has(r)) })
    .toEqual({ event: false, delivery: false, records: [] });
}

function expectKept(now: Awaited<ReturnType<typeof exists>>, s: Seeded): void {
  expect({ event: now.events.has(s.event), delivery: now.deliveries.has(s.delivery), records: s.records.filter((r) => now.records.has(r)) })
    .toEqual({ event: true, delivery: true, records: s.records });
}

describe("RETENTION_DAYS", () => {
  it("deletes finished deliveries, their records and events past the retention, and nothing still under way", async () => {
    const hook = await quietWebhook();
    const old = ago(2 * DAY);
    // Seeded in time order, as rows are written: ids grow with time.
    const oldLoneEvent = await seedEvent(old);
    const oldLoneRecord = await seedRecord(hook.id, null, old);
    const succeeded = await seedDelivery(hook, "succeeded", { eventAt: old, lastAttemptAt: old, records: [old, old] });
    const failed = await seedDelivery(hook, "failed", { eventAt: old, lastAttemptAt: old, records: [old] });
    const skipped = await seedDelivery(hook, "skipped", { eventAt: old, lastAttemptAt: old });
    const retrying = await seedDelivery(hook, "pending", { eventAt: old, lastAttemptAt: old, records: [old] });
    const inFlight = await seedDelivery(hook, "in_flight", { eventAt: old, lastAttemptAt: old, records: [old] });
    const endedLately = await seedDelivery(hook, "succeeded", { eventAt: old, lastAttemptAt: ago(HOUR), records: [old, ago(HOUR)] });
    const young = await seedDelivery(hook, "succeeded", { eventAt: ago(HOUR), lastAttemptAt: ago(HOUR), records: [ago(HOUR)] });
    const youngLoneEvent = await seedEvent(ago(HOUR));

    const counts = await retention().prune();

    const now = await exists();
    for (const s of [succeeded, failed, skipped]) expectGone(now, s);
    for (const s of [retrying, inFlight, young]) expectKept(now, s);
    // Its event and delivery stay while the delivery is inside the retention; its old first attempt goes.
    expect({ event: now.events.has(endedLately.event), delivery: now.deliveries.has(endedLately.delivery) }).toEqual({ event: true, delivery: true });
    expect(endedLately.records.filter((r) => now.records.has(r))).toEqual([endedLately.records[1]]);
    expect(now.events.has(oldLoneEvent)).toBe(false);
    expect(now.events.has(youngLoneEvent)).toBe(true);
    expect(now.records.has(oldLoneRecord)).toBe(false);
    expect(counts).toEqual(expect.objectContaining({ deliveries: 3, events: 4 }));
    expect(counts.records).toBe(5); // of `succeeded`, `failed`, the first of `endedLately` and the lone one

    // A second pass finds nothing more.
    expect(await retention().prune()).toEqual(expect.objectContaining({ records: 0, deliveries: 0, events: 0 }));
  });

  it("drops the shared responses no record uses any more, and keeps those a record still uses", async () => {
    const hook = await quietWebhook();
    const snapshots = t.server.dataSource.getRepository(ResponsesSnapshot);
    await snapshots.insert([{ hash: "a".repeat(64), text: "{}" }, { hash: "b".repeat(64), text: "{}" }]);
    const records = t.server.dataSource.getRepository(WebhookResponse);
    const [gone, kept] = [await seedRecord(hook.id, null, ago(HOUR)), await seedRecord(hook.id, null, ago(HOUR))];
    await records.update(gone, { responsesHash: "a".repeat(64), responsesAt: 1 });
    await records.update(kept, { responsesHash: "b".repeat(64), responsesAt: 1 });
    await records.delete(gone); // as the deletion of its alert group, or a pass by age or cap, would

    await retention().prune();

    expect((await snapshots.find()).map((s) => s.hash)).toEqual(["b".repeat(64)]);
  });

  it("accepts fractions of a day", async () => {
    const hook = await quietWebhook();
    const tenSecondsAgo = await seedDelivery(hook, "succeeded", { eventAt: ago(10_000), lastAttemptAt: ago(10_000), records: [ago(10_000)] });
    const justNow = await seedDelivery(hook, "succeeded", { eventAt: ago(100), lastAttemptAt: ago(100), records: [ago(100)] });
    await retention({ RETENTION_DAYS: "0.0001" }).prune(); // 8.64 s
    const now = await exists();
    expectGone(now, tenSecondsAgo);
    expectKept(now, justNow);
  });
});

describe("RETENTION_MAX_RECORDS_PER_WEBHOOK", () => {
  it("keeps the newest N records and deliveries of each webhook; deliveries under way count but stay", async () => {
    const hook = await quietWebhook();
    const other = await quietWebhook();
    const finished: Seeded[] = [];
    for (let i = 0; i < 5; i++) finished.push(await seedDelivery(hook, "succeeded", { eventAt: ago(HOUR), lastAttemptAt: ago(HOUR), records: [ago(HOUR)] }));
    const waiting = await seedDelivery(hook, "pending", { eventAt: ago(HOUR), lastAttemptAt: ago(HOUR) });
    const others: Seeded[] = [];
    for (let i = 0; i < 3; i++) others.push(await seedDelivery(other, "succeeded", { eventAt: ago(HOUR), lastAttemptAt: ago(HOUR), records: [ago(HOUR)] }));

    await retention({ RETENTION_MAX_RECORDS_PER_WEBHOOK: "3" }).prune();

    const now = await exists();
    // Deliveries: the newest three are `waiting`, #5 and #4; #1–#3 go with their records.
    expect(finished.map((s) => now.deliveries.has(s.delivery))).toEqual([false, false, false, true, true]);
    expect(finished.map((s) => now.records.has(s.records[0]))).toEqual([false, false, false, true, true]);
    expect(now.deliveries.has(waiting.delivery)).toBe(true);
    for (const s of others) expectKept(now, s);
    // Events are kept by age only (inside the retention here), so the history of a delivery never loses it.
    for (const s of finished) expect(now.events.has(s.event)).toBe(true);
  });
});
