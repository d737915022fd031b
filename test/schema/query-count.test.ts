import { newPublicId } from "../../src/schema/public-id";
import { Integration, Organization, PersonalNotificationWebhook, User, Webhook } from "../../src/schema/entities";
import { Trigger } from "../../src/schema/trigger-types";
import { createWebhookRow } from "../escalation/helpers";
import { seedDeliveredGroup } from "../helpers/history";
import { createIntegration } from "../helpers/integrations";
import { countStatements } from "../helpers/query-counter";
import { startTestServer, type TestServer } from "../helpers/server";
import { createTeam } from "../helpers/users";

// No N+1: a page of 100 rows with their nested objects runs as many statements as a page of 10.
let t: TestServer;
let counter: ReturnType<typeof countStatements>;
const ROWS = 100;

beforeAll(async () => {
  t = await startTestServer();
  await seed();
  // Nothing here is delivered; without the engine's polls (PostgreSQL claims through this DataSource) the
  // scheduler's are the only statements beside the request's.
  await t.server.engine.stop();
  counter = countStatements(t.server.dataSource);
}, 60_000);
afterAll(async () => {
  counter?.restore();
  await t?.close();
});

async function seed() {
  const ds = t.server.dataSource;
  const org = (await ds.getRepository(Organization).findOne({ where: {}, order: { id: "ASC" } }))!;
  const team = await createTeam(t, "counted");
  const { integration, route } = await createIntegration(t);
  await ds.getRepository(Integration).update({ id: integration.id }, { teamId: team.id });
  const personal = await createWebhookRow(t, { triggerType: Trigger.personalNotification });
  const now = Date.now();
  for (let i = 0; i < ROWS; i++) {
    const user = await ds.getRepository(User).save({
      publicId: newPublicId("user"), organizationId: org.id, grafanaId: 1000 + i, username: `counted-${i}`, email: "",
      role: "viewer", permissions: null, timezone: null, isActive: true, teams: [team],
    });
    await ds.getRepository(PersonalNotificationWebhook).save({ userId: user.id, webhookId: personal.id, context: { n: i } });
    const hook = await createWebhookRow(t);
    await ds.getRepository(Webhook).update({ id: hook.id }, { teamId: team.id });
    await seedDeliveredGroup(t, { integrationId: integration.id, routeId: route.id, webhookId: hook.id, at: new Date(now - i * 1000) });
  }
}

const QUERIES: Record<string, string> = {
  users: `query($n: Int) { users(first: $n, orderBy: { direction: DESC }) {
    nodes { id role teams { id name } personalNotificationWebhook { webhookId context } } } }`,
  alertGroups: `query($n: Int) { alertGroups(first: $n) {
    nodes { id state lastAlert { id payload } integration { id name team { name } } } } }`,
  webhooks: `query($n: Int) { webhooks(first: $n, orderBy: { direction: DESC }) {
    nodes { id name team { name } lastAttempt { id statusCode durationMs } } } }`,
  deliveries: `query($n: Int) { deliveries(first: $n) {
    nodes { id status webhook { id name team { name } } alertGroup { id integration { name } } attempts { id statusCode durationMs } } } }`,
};

async function statementsFor(query: string, n: number) {
  return counter.fewest(async () => {
    const res = await t.gql(query, { n });
    expect(res.errors).toBeUndefined();
    expect(Object.values(res.data as Record<string, { nodes: unknown[] }>)[0].nodes).toHaveLength(n);
  });
}

describe("a page with its nested objects runs a bounded number of statements", () => {
  it.each(Object.keys(QUERIES))("%s: 100 rows cost what 10 rows cost", async (name) => {
    const ten = await statementsFor(QUERIES[name], 10);
    const hundred = await statementsFor(QUERIES[name], ROWS);
    expect({ name, count: hundred.count, statements: hundred.statements }).toEqual({ name, count: ten.count, statements: expect.any(Array) });
    // Authentication (3), the page (1–2) and each kind of nested object's batch (a view reads a few tables).
    expect(hundred.count).toBeLessThanOrEqual(25);
  });

  it("deliveries load their attempts only when asked", async () => {
    const { statements } = await statementsFor(`query($n: Int) { deliveries(first: $n) { nodes { id status } } }`, ROWS);
    expect(statements.filter((sql) => sql.includes("webhook_response"))).toEqual([]);
  });

  it("totalCount costs one COUNT, and only when selected", async () => {
    const without = await statementsFor(`query($n: Int) { alertGroups(first: $n) { nodes { id } } }`, 10);
    const withCount = await statementsFor(`query($n: Int) { alertGroups(first: $n) { totalCount nodes { id } } }`, 10);
    expect(without.statements.some((sql) => /COUNT\(/i.test(sql))).toBe(false);
    expect(withCount.count).toBe(without.count + 1);
  });
});
