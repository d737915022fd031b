import { JsonText } from "../../src/json/json-text";
import { Alert, AlertGroup, AlertGroupEvent, Delivery, Organization, WebhookResponse } from "../../src/schema/entities";
import type { DeliveryStatus } from "../../src/schema/entities/delivery.entity";
import { newPublicId } from "../../src/schema/public-id";
import { Trigger } from "../../src/schema/trigger-types";
import type { TestServer } from "./server";

/**
 * An alert group with one alert, an event and a finished delivery of `webhookId` with one attempt record,
 * written straight into the tables (history tests need many of them, at chosen times).
 */
export async function seedDeliveredGroup(
  t: TestServer,
  options: { integrationId: number; routeId: number | null; webhookId: number; at: Date; status?: DeliveryStatus; statusCode?: number | null; durationMs?: number | null },
): Promise<{ group: AlertGroup; delivery: Delivery; record: WebhookResponse | null }> {
  const ds = t.server.dataSource;
  const org = (await ds.getRepository(Organization).findOne({ where: {}, order: { id: "ASC" } }))!;
  const at = options.at;
  const group = await ds.getRepository(AlertGroup).save({
    publicId: newPublicId("alertGroup"), organizationId: org.id, integrationId: options.integrationId, routeId: options.routeId,
    groupingKey: newPublicId("alert"), openKey: null, title: "seeded", alertsCount: 1, createdAt: at,
  });
  await ds.getRepository(Alert).save({ publicId: newPublicId("alert"), organizationId: org.id, alertGroupId: group.id, payload: new JsonText("{}"), createdAt: at });
  const event = await ds.getRepository(AlertGroupEvent).save({
    organizationId: org.id, alertGroupId: group.id, type: Trigger.escalation, webhookId: options.webhookId, createdAt: at,
  });
  const status = options.status ?? "succeeded";
  const delivery = await ds.getRepository(Delivery).save({
    publicId: newPublicId("delivery"), organizationId: org.id, eventId: event.id, webhookId: options.webhookId, alertGroupId: group.id,
    status, attempts: status === "skipped" ? 0 : 1, nextAttemptAt: at, createdAt: at, finishedAt: at,
    skipReason: status === "skipped" ? "False" : null,
  });
  const record = status === "skipped" ? null : await ds.getRepository(WebhookResponse).save({
    organizationId: org.id, alertGroupId: group.id, webhookId: options.webhookId, deliveryId: delivery.id, attempt: 1,
    triggerType: Trigger.escalation, timestamp: at, requestTrigger: "", url: "https://example.com/hook", requestHeaders: "{}",
    requestData: "{}", statusCode: options.statusCode === undefined ? 200 : options.statusCode, content: "ok",
    durationMs: options.durationMs === undefined ? 5 : options.durationMs, eventData: "{}",
  });
  return { group, delivery, record };
}
