// A paused webhook's delivery that the engine read while the webhook was paused, but settles after
// resumeWebhook(redeliverSkipped) committed: the resume's redelivery could not see it (it was in flight), so it
// is not skipped but handed back to pending, its attempt refunded, and then delivered.
import { dialectOf } from "../../src/db/dialect";
import { runStatement } from "../../src/db/sql";
import { pausedSkipReason } from "../../src/attempts/attempt-input";
import { settleStatements } from "../../src/delivery/outbox/settle";
import { Delivery, Webhook } from "../../src/schema/entities";
import { createIntegration, createWebhook, openAlertGroup, uniqueWebhookAlert } from "../helpers/alert-groups";
import { eventually } from "../helpers/fixtures";
import { Receiver } from "../helpers/receiver";
import { startTestServer, type TestServer } from "../helpers/server";

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

it("is skipped while its webhook is still paused, and goes back to pending once the webhook was resumed", async () => {
  const integration = await createIntegration(t, { type: "webhook" });
  const onHook = async (path: string) =>
    createWebhook(t, { trigger_type: "alert group created", url: `${receiver.url}${path}`, integration_filter: [integration.id] });
  const stillPaused = await onHook("/still-paused");
  const resumed = await onHook("/resumed");
  await t.server.engine.stop();
  await openAlertGroup(t, integration, uniqueWebhookAlert());

  const ds = t.server.dataSource;
  const rowOf = async (publicId: string) => {
    const webhook = await ds.getRepository(Webhook).findOneByOrFail({ publicId });
    return ds.getRepository(Delivery).findOneByOrFail({ webhookId: webhook.id });
  };
  // Both webhooks paused; the engine has claimed their deliveries (as its claim writes them) and read the pause.
  // (The pause columns are written by statements of their own; the entity leaves them out of updates.)
  await runStatement(ds, "UPDATE webhook SET paused_at = :now, pause_reason = 'failing' WHERE public_id IN (:...ids)", { now: new Date(), ids: [stillPaused.id, resumed.id] });
  const instance = "instance-1";
  for (const publicId of [stillPaused.id, resumed.id]) {
    await ds.getRepository(Delivery).update({ id: (await rowOf(publicId)).id }, { status: "in_flight", claimedBy: instance, claimedAt: new Date(), attempts: 1 });
  }
  const res = await t.gql(`mutation($id: ID!) { resumeWebhook(id: $id, redeliverSkipped: true) { pausedAt } }`, { id: resumed.id });
  expect(res.errors).toBeUndefined();

  // The engine settles what it decided while both were paused.
  const skip = async (publicId: string) => ({
    deliveryId: (await rowOf(publicId)).id, kind: "final" as const, status: "skipped" as const, skipReason: pausedSkipReason("failing"), whilePaused: true,
  });
  const statements = settleStatements(dialectOf(ds), instance, [await skip(stillPaused.id), await skip(resumed.id)]);
  await ds.transaction(async (em) => {
    for (const s of statements) await runStatement(em, s.text, s.params);
  });

  expect(await rowOf(stillPaused.id)).toMatchObject({ status: "skipped", skipReason: "Webhook is paused: failing", attempts: 1, claimedBy: null });
  expect(await rowOf(resumed.id)).toMatchObject({ status: "pending", skipReason: null, attempts: 0, claimedBy: null });

  await t.server.engine.start();
  await eventually(async () => (await rowOf(resumed.id)).status === "succeeded");
  expect(receiver.requests.map((r) => r.path)).toEqual(["/resumed"]);
  expect(await rowOf(resumed.id)).toMatchObject({ attempts: 1 });
});
