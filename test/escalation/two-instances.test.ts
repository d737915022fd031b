import { AlertGroup, Integration } from "../../src/schema/entities";
import { Trigger } from "../../src/schema/trigger-types";
import { eventually } from "../helpers/fixtures";
import { startTestServer, type TestServer } from "../helpers/server";
import { createWebhookRow, eventsOfGroup, postFormattedAlert } from "./helpers";

// Two instances on one database never run the same escalation step (claim: FOR UPDATE SKIP LOCKED on
// PostgreSQL, the guarded UPDATE on SQLite).
let a: TestServer;
let b: TestServer;
beforeAll(async () => {
  a = await startTestServer();
  b = await startTestServer({}, a.db);
});
afterAll(async () => {
  await b.stop();
  await a.close();
});

it("runs each due step exactly once", async () => {
  const webhook = await createWebhookRow(a);
  const chain = await a.api.post("/api/v1/escalation_chains/", { name: "shared chain" });
  for (const body of [
    { type: "trigger_webhook", action_to_trigger: webhook.publicId },
    { type: "wait", duration: 3600 },
    { type: "resolve" },
  ]) expect((await a.api.post("/api/v1/escalation_policies/", { escalation_chain_id: chain.data.id, ...body })).status).toBe(201);

  // One integration per group: the groups open at once, and both instances poll for their first steps.
  const count = 12;
  const integrationIds: number[] = [];
  for (let i = 0; i < count; i++) {
    const integration = await a.api.post("/api/v1/integrations/", { type: "formatted_webhook", name: `shared ${i}`, default_route: { escalation_chain_id: chain.data.id } });
    integrationIds.push((await a.server.dataSource.getRepository(Integration).findOneByOrFail({ publicId: integration.data.id })).id);
    expect((await postFormattedAlert(i % 2 ? a : b, integration.data, `shared-${i}`)).status).toBe(200);
  }

  const groups = await eventually(async () => {
    const rows = await a.server.dataSource.getRepository(AlertGroup).find({ where: integrationIds.map((integrationId) => ({ integrationId })) });
    return rows.length === count && rows.every((g) => g.escalationStep === 1) ? rows : null;
  });
  for (const group of groups) {
    const events = (await eventsOfGroup(a, group)).filter((e) => e.type === Trigger.escalation);
    expect(events).toHaveLength(1);
  }
});
