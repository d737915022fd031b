import { createWebhookRow } from "../escalation/helpers";
import { seedDeliveredGroup } from "../helpers/history";
import { createIntegration } from "../helpers/integrations";
import { startTestServer, type TestServer } from "../helpers/server";

// Relay connections: keyset cursors (stable under inserts), both directions, filters with time ranges.
let t: TestServer;
let base: { integrationId: number; routeId: number; webhookId: number };
let hookPublicId: string;
const T0 = Date.parse("2026-03-01T10:00:00.000Z");
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

beforeAll(async () => {
  t = await startTestServer();
  const { integration, route } = await createIntegration(t);
  const hook = await createWebhookRow(t);
  base = { integrationId: integration.id, routeId: route.id, webhookId: hook.id };
  hookPublicId = hook.publicId;
  // Five groups a minute apart, each with one delivery and attempt; the third one's delivery failed.
  for (let i = 0; i < 5; i++) await seedDeliveredGroup(t, { ...base, at: at(i), status: i === 2 ? "failed" : "succeeded", statusCode: i === 2 ? 500 : 200 });
});
afterAll(() => t.close());

const GROUPS = `query($first: Int, $after: String, $last: Int, $before: String, $filter: AlertGroupFilter, $orderBy: TimeOrder) {
  alertGroups(first: $first, after: $after, last: $last, before: $before, filter: $filter, orderBy: $orderBy) {
    totalCount edges { cursor node { createdAt } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`;

async function groups(vars: Record<string, unknown>) {
  const res = await t.gql(GROUPS, { filter: { integrationId: (await integrationPublicId()) }, ...vars });
  expect(res.errors).toBeUndefined();
  const page = res.data.alertGroups;
  return { ...page, times: page.edges.map((e: { node: { createdAt: string } }) => e.node.createdAt) };
}

let integrationPublicIdCache: string | undefined;
async function integrationPublicId(): Promise<string> {
  integrationPublicIdCache ??= (await t.server.dataSource.query(`SELECT public_id FROM integration WHERE id = ${base.integrationId}`))[0].public_id;
  return integrationPublicIdCache!;
}

describe("cursor paging", () => {
  it("walks forward and backward without gaps or repeats", async () => {
    const first = await groups({ first: 2 });
    expect(first.times).toEqual([at(4), at(3)].map((d) => d.toISOString()));
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const second = await groups({ first: 2, after: first.pageInfo.endCursor });
    expect(second.times).toEqual([at(2), at(1)].map((d) => d.toISOString()));
    expect(second.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
    const last = await groups({ first: 2, after: second.pageInfo.endCursor });
    expect(last.times).toEqual([at(0).toISOString()]);
    expect(last.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });

    const back = await groups({ last: 2, before: last.pageInfo.startCursor });
    expect(back.times).toEqual(second.times);
    expect(back.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
    const oldest = await groups({ last: 2 });
    expect(oldest.times).toEqual([at(1), at(0)].map((d) => d.toISOString()));
    expect(oldest.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
  });

  it("is stable under inserts: new rows do not shift the next page", async () => {
    const first = await groups({ first: 2, orderBy: { direction: "ASC" } });
    expect(first.times).toEqual([at(0), at(1)].map((d) => d.toISOString()));
    // Rows arrive before and between the pages while the client reads (an offset would now repeat at(1)).
    await seedDeliveredGroup(t, { ...base, at: at(-1) });
    const next = await groups({ first: 2, after: first.pageInfo.endCursor, orderBy: { direction: "ASC" } });
    expect(next.times).toEqual([at(2), at(3)].map((d) => d.toISOString()));
    expect(next.totalCount).toBe(6);
  });

  it("answers bad arguments with field errors", async () => {
    const cases: [Record<string, unknown>, Record<string, string[]>][] = [
      [{ first: 101 }, { first: ["Must be between 0 and 100."] }],
      [{ last: -1 }, { last: ["Must be between 0 and 100."] }],
      [{ first: 1, last: 1 }, { last: ["Give first or last, not both."] }],
      [{ after: "not a cursor" }, { after: ["Invalid cursor."] }],
    ];
    for (const [vars, fields] of cases) {
      const res = await t.gql(GROUPS, vars);
      expect({ vars, extensions: res.errors?.[0]?.extensions }).toEqual({ vars, extensions: expect.objectContaining({ code: "BAD_USER_INPUT", fields }) });
    }
    // A cursor of another list or order is refused, not misread.
    const webhooks = await t.gql(`{ webhooks(first: 1) { pageInfo { endCursor } } }`);
    const foreign = await t.gql(GROUPS, { after: webhooks.data.webhooks.pageInfo.endCursor });
    expect(foreign.errors![0].extensions.fields).toEqual({ after: ["Invalid cursor."] });
    const byName = await t.gql(`query($after: String) { webhooks(first: 1, after: $after, orderBy: { field: NAME }) { nodes { id } } }`, {
      after: webhooks.data.webhooks.pageInfo.endCursor,
    });
    expect(byName.errors![0].extensions.fields).toEqual({ after: ["Invalid cursor."] });
  });
});

describe("filters with time ranges", () => {
  it("alert groups: createdAfter is inclusive, createdBefore exclusive", async () => {
    const page = await groups({ filter: { integrationId: await integrationPublicId(), createdAfter: at(1).toISOString(), createdBefore: at(3).toISOString() } });
    expect(page.times).toEqual([at(2), at(1)].map((d) => d.toISOString()));
  });

  it("deliveries of the whole organization, by status, webhook and time", async () => {
    const DELIVERIES = `query($filter: DeliveryFilter) { deliveries(filter: $filter) { totalCount nodes { status createdAt webhookId } } }`;
    const all = await t.gql(DELIVERIES, {});
    expect(all.data.deliveries.totalCount).toBeGreaterThanOrEqual(5);
    const failed = await t.gql(DELIVERIES, { filter: { status: "FAILED" } });
    expect(failed.data.deliveries.nodes).toEqual([{ status: "FAILED", createdAt: at(2).toISOString(), webhookId: hookPublicId }]);
    const window = await t.gql(DELIVERIES, { filter: { webhookId: hookPublicId, createdAfter: at(3).toISOString() } });
    expect(window.data.deliveries.nodes.map((d: { createdAt: string }) => d.createdAt)).toEqual([at(4), at(3)].map((d) => d.toISOString()));
    const unknown = await t.gql(DELIVERIES, { filter: { webhookId: "WHNOPENOPENOP" } });
    expect(unknown.errors![0].extensions.code).toBe("NOT_FOUND");
  });

  it("attempts of the whole organization, by time and delivery", async () => {
    const ATTEMPTS = `query($filter: AttemptFilter, $orderBy: TimeOrder) {
      attempts(filter: $filter, orderBy: $orderBy) { totalCount nodes { timestamp statusCode durationMs webhookId deliveryId triggerType } } }`;
    const window = await t.gql(ATTEMPTS, { filter: { createdAfter: at(1).toISOString(), createdBefore: at(3).toISOString() }, orderBy: { direction: "ASC" } });
    expect(window.errors).toBeUndefined();
    expect(window.data.attempts.nodes.map((a: { timestamp: string; statusCode: number }) => [a.timestamp, a.statusCode])).toEqual([
      [at(1).toISOString(), 200], [at(2).toISOString(), 500],
    ]);
    const one = window.data.attempts.nodes[1];
    expect(one).toMatchObject({ durationMs: 5, webhookId: hookPublicId, triggerType: "ESCALATION", deliveryId: expect.stringMatching(/^D/) });
    const byDelivery = await t.gql(ATTEMPTS, { filter: { deliveryId: one.deliveryId } });
    expect(byDelivery.data.attempts.totalCount).toBe(1);
  });
});
