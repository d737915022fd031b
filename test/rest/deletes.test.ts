// What deleting leaves behind (issue 8): an alert group takes its alerts, events, deliveries, records and
// notifications with it (foreign keys, ON DELETE CASCADE); webhooks and integrations are soft-deleted and keep
// their history, but a deleted webhook's pending deliveries end at once. Nothing stalls the engine. Both databases.
import type { DataSource } from "typeorm";
import { AlertGroup } from "../../src/schema/entities";
import { createIntegration, createWebhook, openAlertGroup, responsesOf, uniqueWebhookAlert } from "../helpers/alert-groups";
import { eventually } from "../helpers/fixtures";
import { Receiver } from "../helpers/receiver";
import { startTestServer, type TestServer } from "../helpers/server";

let t: TestServer;
let receiver: Receiver;
beforeAll(async () => {
  // Retries one second after a failure, so that a delivery can be caught waiting for its next attempt.
  t = await startTestServer({ WEBHOOK_RETRY_SCHEDULE: "1,1,1,1,1" });
  receiver = await Receiver.start();
});
afterAll(async () => {
  await t.close();
  await receiver.close();
});

const CHILD_TABLES = ["alert", "event", "webhook_response", "user_notification"] as const;

/** Rows that still point at the alert group, per table (deliveries through their event or their own column). */
async function rowsOf(ds: DataSource, groupId: number): Promise<Record<string, number>> {
  const count = async (sql: string) => Number((await ds.query(sql))[0].n);
  const p = Number(groupId);
  const out: Record<string, number> = {};
  for (const table of CHILD_TABLES) out[table] = await count(`SELECT COUNT(*) AS n FROM ${table} WHERE alert_group_id = ${p}`);
  out.delivery = await count(`SELECT COUNT(*) AS n FROM delivery WHERE alert_group_id = ${p} OR event_id IN (SELECT id FROM event WHERE alert_group_id = ${p})`);
  return out;
}

const groupRowId = async (publicId: string) => (await t.server.dataSource.getRepository(AlertGroup).findOneByOrFail({ publicId })).id;
const deliveryStatuses = async (webhookPublicId: string) =>
  (await t.server.dataSource.query(
    t.db.kind === "postgres"
      ? "SELECT d.status, d.skip_reason FROM delivery d JOIN webhook w ON w.id = d.webhook_id WHERE w.public_id = $1 ORDER BY d.id"
      : "SELECT d.status, d.skip_reason FROM delivery d JOIN webhook w ON w.id = d.webhook_id WHERE w.public_id = ? ORDER BY d.id",
    [webhookPublicId],
  )) as { status: string; skip_reason: string | null }[];

/** An integration and an `alert group created` webhook that fires for it alone (other tests' groups stay apart). */
async function hookAndIntegration(path: string) {
  const integration = await createIntegration(t, { type: "webhook" });
  const hook = await createWebhook(t, { trigger_type: "alert group created", url: `${receiver.url}${path}`, integration_filter: [integration.id] });
  return { hook, integration };
}

async function deleteGroup(publicId: string): Promise<void> {
  expect((await t.api.delete(`/api/v1/alert_groups/${publicId}/`, { data: { mode: "delete" } })).status).toBe(204);
}

describe("DELETE /alert_groups/{id}/ with mode delete", () => {
  it("removes the group's alerts, events, deliveries, records and notifications", async () => {
    const { hook, integration } = await hookAndIntegration("/cascade");
    const group = await openAlertGroup(t, integration, uniqueWebhookAlert());
    await eventually(async () => (await responsesOf(t, hook.id)).length === 1);
    const id = await groupRowId(group.id);
    const before = await rowsOf(t.server.dataSource, id);
    expect(before).toMatchObject({ alert: 1, event: 1, delivery: 1, webhook_response: 1 });

    await deleteGroup(group.id);
    expect(await rowsOf(t.server.dataSource, id)).toEqual({ alert: 0, event: 0, webhook_response: 0, user_notification: 0, delivery: 0 });
    expect(await responsesOf(t, hook.id)).toEqual([]);
  });

  it("a delivery waiting for its retry is never sent again, and the webhook keeps delivering", async () => {
    receiver.respondWith({ status: 503 });
    const { hook, integration } = await hookAndIntegration("/retry-of-deleted");
    const group = await openAlertGroup(t, integration, uniqueWebhookAlert());
    await eventually(async () => (await deliveryStatuses(hook.id))[0]?.status === "pending" && receiver.requests.some((r) => r.path === "/retry-of-deleted"));
    await deleteGroup(group.id);

    await openAlertGroup(t, integration, uniqueWebhookAlert());
    await eventually(async () => (await deliveryStatuses(hook.id)).some((d) => d.status === "succeeded"));
    await new Promise((r) => setTimeout(r, 1500)); // past the deleted delivery's retry time
    expect(receiver.requests.filter((r) => r.path === "/retry-of-deleted")).toHaveLength(2); // first try + the new group
    expect(await deliveryStatuses(hook.id)).toEqual([{ status: "succeeded", skip_reason: null }]);
  });

  it("an attempt in flight when its group is deleted is not recorded, and later attempts still are", async () => {
    receiver.respondWith({ status: 200, delayMs: 800 });
    const { hook, integration } = await hookAndIntegration("/in-flight");
    const group = await openAlertGroup(t, integration, uniqueWebhookAlert());
    await eventually(async () => receiver.requests.some((r) => r.path === "/in-flight"));
    await deleteGroup(group.id);

    const next = await openAlertGroup(t, integration, uniqueWebhookAlert());
    const groupsRecorded = async () => (await responsesOf(t, hook.id)).map((r: any) => JSON.parse(r.event_data).alert_group.id);
    await eventually(async () => (await groupsRecorded()).includes(next.id));
    await new Promise((r) => setTimeout(r, 1000)); // the deleted group's attempt has been answered by now
    expect(await groupsRecorded()).toEqual([next.id]);
    // Attempts answered after it are recorded too: the engine did not stop at the record it could not write.
    const last = await openAlertGroup(t, integration, uniqueWebhookAlert());
    await eventually(async () => (await groupsRecorded()).includes(last.id), 5_000);
    expect(receiver.requests.filter((r) => r.path === "/in-flight")).toHaveLength(3);
  });
});

describe("DELETE /webhooks/{id}/ (soft)", () => {
  it("ends the webhook's pending deliveries as skipped at once; its past records stay", async () => {
    receiver.respondWith({ status: 503 });
    const { hook, integration } = await hookAndIntegration("/deleted-hook");
    await openAlertGroup(t, integration, uniqueWebhookAlert());
    await eventually(async () => (await deliveryStatuses(hook.id))[0]?.status === "pending" && receiver.requests.some((r) => r.path === "/deleted-hook"));

    expect((await t.api.delete(`/api/v1/webhooks/${hook.id}/`)).status).toBe(204);
    expect(await deliveryStatuses(hook.id)).toEqual([{ status: "skipped", skip_reason: "Webhook was deleted" }]);
    await new Promise((r) => setTimeout(r, 1500));
    expect(receiver.requests.filter((r) => r.path === "/deleted-hook")).toHaveLength(1);
    const records = await t.server.dataSource.query(
      t.db.kind === "postgres"
        ? "SELECT COUNT(*) AS n FROM webhook_response r JOIN webhook w ON w.id = r.webhook_id WHERE w.public_id = $1"
        : "SELECT COUNT(*) AS n FROM webhook_response r JOIN webhook w ON w.id = r.webhook_id WHERE w.public_id = ?",
      [hook.id],
    );
    expect(Number(records[0].n)).toBe(1);
  });
});

describe("DELETE /integrations/{id}/ (soft)", () => {
  it("keeps its alert groups with their alerts and history", async () => {
    const integration = await createIntegration(t, { type: "webhook" });
    const group = await openAlertGroup(t, integration, uniqueWebhookAlert());
    expect((await t.api.delete(`/api/v1/integrations/${integration.id}/`)).status).toBe(204);
    expect((await t.api.get(`/api/v1/alert_groups/${group.id}/`)).status).toBe(200);
    expect(await rowsOf(t.server.dataSource, await groupRowId(group.id))).toMatchObject({ alert: 1, event: 1 });
  });
});

describe("foreign keys", () => {
  it("enforce the cascade in the database itself, whoever deletes the row", async () => {
    const integration = await createIntegration(t, { type: "webhook" });
    const group = await openAlertGroup(t, integration, uniqueWebhookAlert());
    const id = await groupRowId(group.id);
    await t.server.dataSource.query(t.db.kind === "postgres" ? "DELETE FROM alert_group WHERE id = $1" : "DELETE FROM alert_group WHERE id = ?", [id]);
    expect(await rowsOf(t.server.dataSource, id)).toEqual({ alert: 0, event: 0, webhook_response: 0, user_notification: 0, delivery: 0 });
  });

  it("refuse rows that point at nothing", async () => {
    const insert = t.db.kind === "postgres"
      ? "INSERT INTO alert (public_id, organization_id, alert_group_id, payload, is_resolve_signal, created_at) VALUES ('AORPHAN1', 1, 999999, '{}', false, now())"
      : "INSERT INTO alert (public_id, organization_id, alert_group_id, payload, is_resolve_signal, created_at) VALUES ('AORPHAN1', 1, 999999, '{}', 0, datetime('now'))";
    await expect(t.server.dataSource.query(insert)).rejects.toThrow(/foreign key/i);
  });
});
