import fs from "node:fs";
import path from "node:path";
import type { Client } from "graphql-ws";
import { Integration, Webhook } from "../../src/schema/entities";
import { createIntegration, createWebhook, openAlertGroup } from "../helpers/alert-groups";
import { eventually } from "../helpers/fixtures";
import { seedDeliveredGroup } from "../helpers/history";
import { feedHasSubscribers, liveClient, subscribe } from "../helpers/live";
import { REPO_ROOT } from "../helpers/process";
import { Receiver } from "../helpers/receiver";
import { ADMIN_TOKEN, startTestServer, type TestServer } from "../helpers/server";

// Every ```graphql example of docs/graphql.md runs against a real server with deliveries, with the variables
// of the ```json block right after it (ids replaced by real ones), so the page cannot drift from the API.
jest.setTimeout(60_000);

interface Example {
  name: string;
  kind: "query" | "mutation" | "subscription";
  query: string;
  variables: Record<string, unknown>;
}

function examplesOf(markdown: string): Example[] {
  const blocks = [...markdown.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1], body: m[2], start: m.index!, end: m.index! + m[0].length }));
  return blocks.flatMap((block, i) => {
    if (block.lang !== "graphql") return [];
    const next = blocks[i + 1];
    const hasVariables = next?.lang === "json" && markdown.slice(block.end, next.start).trim() === "";
    const header = /^(query|mutation|subscription)\s+(\w+)/.exec(block.body.trim());
    if (!header) throw new Error(`a docs example must be a named operation:\n${block.body}`);
    return [{ kind: header[1] as Example["kind"], name: header[2], query: block.body, variables: hasVariables ? JSON.parse(next.body) : {} }];
  });
}

const examples = examplesOf(fs.readFileSync(path.join(REPO_ROOT, "docs/graphql.md"), "utf8"));
const example = (name: string) => examples.find((e) => e.name === name)!;

let t: TestServer;
let ok: Receiver;
let failing: Receiver;
let ids: { failingHook: string; okHook: string; failedDelivery: string };
let client: Client | null = null;

beforeAll(async () => {
  t = await startTestServer({ WEBHOOK_RETRY_SCHEDULE: "1" });
  ok = await Receiver.start();
  failing = (await Receiver.start()).always({ status: 500, body: "down" });
  const integration = await createIntegration(t);
  const group = await openAlertGroup(t, integration);
  const okHook = await createWebhook(t, { url: `${ok.url}/hook` });
  const failingHook = await createWebhook(t, { url: `${failing.url}/hook` });
  // History (recorded before the live attempts) inside the day the health example asks for.
  const ds = t.server.dataSource;
  const integrationRow = await ds.getRepository(Integration).findOneByOrFail({ publicId: integration.id });
  const hookRow = await ds.getRepository(Webhook).findOneByOrFail({ publicId: failingHook.id });
  for (const [hour, statusCode] of [[10, 200], [10, 500], [11, 200]] as const) {
    await seedDeliveredGroup(t, { integrationId: integrationRow.id, routeId: null, webhookId: hookRow.id, at: new Date(Date.UTC(2026, 11, 1, hour, 5)), statusCode, durationMs: 12 });
  }
  const trigger = async (webhookId: string) =>
    (await t.gql(`mutation($w: ID!, $g: ID) { triggerWebhook(webhookId: $w, alertGroupId: $g) { id } }`, { w: webhookId, g: group.id })).data.triggerWebhook.id as string;
  await trigger(okHook.id);
  await trigger(okHook.id);
  const failedDelivery = await trigger(failingHook.id);
  await eventually(async () => {
    const res = await t.gql(`query($id: ID!) { delivery(id: $id) { status } }`, { id: failedDelivery });
    return res.data.delivery.status === "FAILED";
  }, 20_000);
  ids = { failingHook: failingHook.id, okHook: okHook.id, failedDelivery };
});
afterEach(async () => {
  await client?.dispose();
  client = null;
});
afterAll(async () => {
  await t.close();
  await ok.close();
  await failing.close();
});

/** The example's variables with its example ids replaced by this server's. */
function variablesOf(e: Example): Record<string, unknown> {
  const real: Record<string, unknown> = { webhookId: ids.failingHook, deliveryId: ids.failedDelivery };
  return Object.fromEntries(Object.entries(e.variables).map(([k, v]) => [k, k in real ? real[k] : v]));
}

async function run(e: Example, extra: Record<string, unknown> = {}) {
  const res = await t.gql(e.query, { ...variablesOf(e), ...extra });
  expect(res.errors).toBeUndefined();
  return res.data;
}

it("the page holds exactly the examples tested here", () => {
  expect(examples.map((e) => e.name).sort()).toEqual(
    ["DeliveriesPage", "DeliveryHealth", "FailedDeliveries", "FailingWebhooks", "LiveTail", "QueueDepth", "Redeliver", "Viewer"].sort(),
  );
});

it("Viewer: whose token this is", async () => {
  expect((await run(example("Viewer"))).viewer).toMatchObject({ username: "admin", role: "ADMIN" });
});

it("DeliveryHealth: a day in hourly buckets", async () => {
  const buckets = (await run(example("DeliveryHealth"))).deliveryStats;
  expect(buckets).toHaveLength(24);
  expect(buckets[10]).toMatchObject({ start: "2026-12-01T10:00:00.000Z", attempts: 2, succeeded: 1, failed: 1, latencyP50Ms: 12 });
  expect(buckets[11]).toMatchObject({ attempts: 1, succeeded: 1 });
});

it("FailingWebhooks: the latest attempt of each webhook", async () => {
  const nodes = (await run(example("FailingWebhooks"))).webhooks.nodes;
  expect(nodes.find((n: any) => n.id === ids.failingHook).lastAttempt).toMatchObject({ statusCode: 500, content: "down" });
  expect(nodes.find((n: any) => n.id === ids.okHook).lastAttempt).toMatchObject({ statusCode: 200 });
});

it("FailedDeliveries: failed for good, with each attempt's answer", async () => {
  const { totalCount, nodes } = (await run(example("FailedDeliveries"))).deliveries;
  expect(totalCount).toBe(1);
  expect(nodes[0]).toMatchObject({ id: ids.failedDelivery, webhook: { id: ids.failingHook } });
  expect(nodes[0].attempts.map((a: any) => [a.attempt, a.statusCode])).toEqual([[1, 500], [2, 500]]);
});

it("QueueDepth: counts of the outbox", async () => {
  const queue = (await run(example("QueueDepth"))).deliveryQueue;
  expect(queue).toEqual({ pending: expect.any(Number), retrying: expect.any(Number), inFlight: expect.any(Number), oldestPendingAgeSeconds: queue.oldestPendingAgeSeconds });
  expect(queue.oldestPendingAgeSeconds === null || queue.oldestPendingAgeSeconds >= 0).toBe(true);
});

it("DeliveriesPage: the next page starts after endCursor", async () => {
  const first = (await run(example("DeliveriesPage"))).deliveries;
  expect(first.edges).toHaveLength(2);
  expect(first.pageInfo.hasNextPage).toBe(true);
  const second = (await run(example("DeliveriesPage"), { after: first.pageInfo.endCursor })).deliveries;
  expect(second.edges.length).toBeGreaterThan(0);
  const firstIds = first.edges.map((e: any) => e.node.id);
  for (const e of second.edges) expect(firstIds).not.toContain(e.node.id);
});

it("LiveTail and Redeliver: the redelivered attempt arrives on the live tail", async () => {
  client = liveClient(t.url, { Authorization: ADMIN_TOKEN });
  const tail = example("LiveTail");
  const { received } = subscribe(client, tail.query, variablesOf(tail));
  await feedHasSubscribers(t, 1);
  const redelivered = (await run(example("Redeliver"))).redeliver;
  expect(redelivered.id).toBe(ids.failedDelivery); // the engine may have claimed it already: status and count vary
  const [event] = await received.waitForEvents(1);
  expect(event).toMatchObject({ webhookId: ids.failingHook, delivery: { id: ids.failedDelivery }, attempt: { attempt: 3, statusCode: 500 } });
  expect(["RETRYING", "FAILED"]).toContain(event.outcome);
});
