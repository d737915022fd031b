import { createDataSource } from "../../ormconfig";
import { Delivery, Webhook } from "../../src/schema/entities";
import { createIntegration, createWebhook, deliveriesOf, openAlertGroup, uniqueWebhookAlert } from "../helpers/alert-groups";
import { eventually } from "../helpers/fixtures";
import { startTestServer, type TestServer } from "../helpers/server";
import { GateReceiver } from "./gate-receiver";

// The outbox's life cycle around restarts (delivery.md §14.2): stop() hands back what it claimed but did not
// start; a claim whose lease ran out (its instance died) is resumed; a live instance's claim is left alone.
describe("claims across restarts", () => {
  let t: TestServer;
  let gate: GateReceiver;

  beforeEach(async () => {
    gate = await GateReceiver.start();
  });
  afterEach(async () => {
    await t.close();
    await gate.close();
  });

  it("stop() finishes the attempt in flight and hands back the claimed ones it did not start", async () => {
    t = await startTestServer({ DELIVERY_CONCURRENCY: "1", WEBHOOK_RETRY_SCHEDULE: "" });
    const integration = await createIntegration(t, { type: "webhook" });
    for (let i = 0; i < 3; i++) await createWebhook(t, { trigger_type: "alert group created", url: `${gate.url}/h${i}` });
    await openAlertGroup(t, integration, uniqueWebhookAlert());
    const [held] = await gate.waitFor(1);
    const repo = t.server.dataSource.getRepository(Delivery);
    await eventually(async () => (await repo.countBy({ status: "in_flight" })) >= 2); // one sending, more claimed and queued

    const stopping = t.stop();
    setTimeout(() => held.release(), 200); // stop() waits for the attempt in flight
    await stopping;

    const ds = createDataSource(t.db.url);
    await ds.initialize();
    const states = (await ds.getRepository(Delivery).find()).map((d) => `${d.status}/${d.attempts}/${d.claimedBy}`).sort();
    await ds.destroy();
    expect(states).toEqual(["pending/0/null", "pending/0/null", "succeeded/1/null"]); // handed back, attempt refunded

    t = await startTestServer({ WEBHOOK_RETRY_SCHEDULE: "" }, t.db);
    gate.openGate();
    await eventually(async () => (await t.server.dataSource.getRepository(Delivery).countBy({ status: "succeeded" })) === 3);
    expect(gate.received).toHaveLength(3); // each sent once
    expect(new Set(gate.received.map((r) => r.path)).size).toBe(3);
  });

  it("resumes a delivery claimed by a dead instance, not one a live instance holds", async () => {
    t = await startTestServer({ WEBHOOK_RETRY_SCHEDULE: "" });
    const integration = await createIntegration(t, { type: "webhook" });
    const dead = await createWebhook(t, { trigger_type: "alert group created", url: `${gate.url}/dead`, integration_filter: [integration.id] });
    const live = await createWebhook(t, { trigger_type: "alert group created", url: `${gate.url}/live`, integration_filter: [integration.id] });
    await t.server.engine.stop(); // write the odd states with no engine running
    await openAlertGroup(t, integration, uniqueWebhookAlert());
    const repo = t.server.dataSource.getRepository(Delivery);
    const [deadRow] = await repo.find({ where: { webhookId: (await webhookRow(dead.id)).id } });
    const [liveRow] = await repo.find({ where: { webhookId: (await webhookRow(live.id)).id } });
    await repo.update({ id: deadRow.id }, { status: "in_flight", claimedBy: "dead-instance", claimedAt: new Date(Date.now() - 60_000), attempts: 1 });
    await repo.update({ id: liveRow.id }, { status: "in_flight", claimedBy: "live-instance", claimedAt: new Date(Date.now() + 3_600_000), attempts: 1 });
    await t.server.engine.start();
    gate.openGate();

    const [resumed] = await eventually(async () => {
      const d = await deliveriesOf(t, dead.id);
      return d[0]?.status === "SUCCEEDED" ? d : null;
    }, 20_000);
    expect(resumed).toMatchObject({ attemptCount: 2 }); // the lost attempt still counts
    expect(gate.received.map((r) => r.path)).toEqual(["/dead"]);
    expect(await repo.findOneByOrFail({ id: liveRow.id })).toMatchObject({ status: "in_flight", claimedBy: "live-instance" });

    async function webhookRow(publicId: string) {
      return t.server.dataSource.getRepository(Webhook).findOneByOrFail({ publicId });
    }
  });
});
