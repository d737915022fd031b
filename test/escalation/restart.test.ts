import { createDataSource } from "../../ormconfig";
import { AlertGroup } from "../../src/schema/entities";
import { Trigger } from "../../src/schema/trigger-types";
import { eventually } from "../helpers/fixtures";
import { startTestServer, type TestServer } from "../helpers/server";
import { createWebhookRow, eventsOfGroup, groupRow, startEscalation } from "./helpers";

// Escalation state lives in alert_group columns: a step that fell due while the server was down runs after a
// restart on the same database (domain-api.md §5.4).
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

it("runs a step that fell due while the server was stopped", async () => {
  const webhook = await createWebhookRow(t);
  const { group } = await startEscalation(t, [
    { type: "wait", duration: 3600 },
    { type: "trigger_webhook", action_to_trigger: webhook.publicId },
  ]);
  expect(group.escalationStep).toBe(1);
  await t.stop();

  // While it is down, an hour passes (written straight into the database).
  const offline = createDataSource(t.db.url);
  await offline.initialize();
  await offline.getRepository(AlertGroup).update({ id: group.id }, { escalationDueAt: new Date(Date.now() - 1000) });
  await offline.destroy();

  t = await t.restart();
  const done = await eventually(async () => {
    const row = await groupRow(t, group.publicId);
    return row.escalationStep === null ? row : null;
  });
  expect(done.escalationSnapshot).toHaveLength(2);
  const events = (await eventsOfGroup(t, group)).filter((e) => e.type === Trigger.escalation);
  expect(events.map((e) => e.webhookId)).toEqual([webhook.id]);
});
