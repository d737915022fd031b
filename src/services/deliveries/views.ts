import { In, type EntityManager } from "typeorm";
import { AlertGroup, Webhook, WebhookResponse, type Delivery } from "../../schema/entities";
import type { DeliveryStatus } from "../../schema/entities/delivery.entity";
import { AlertGroupEvent } from "../../schema/entities";
import { triggerName, type TriggerName } from "../../schema/trigger-types";
import { toResponseView, type WebhookResponseView } from "../webhooks/view";

/** One HTTP try of a delivery: its response record (delivery.md §8), with its id and stored trigger. */
export interface AttemptView extends WebhookResponseView {
  id: string;
  triggerType: TriggerName;
}

/** One webhook × one event, with its attempts oldest first (ruling: GraphQL groups attempts by delivery). */
export interface DeliveryView {
  id: string;
  webhookId: string;
  alertGroupId: string;
  /** The originating event's trigger name (`escalation` for steps and manual triggers). */
  eventType: TriggerName;
  status: DeliveryStatus;
  skipReason: string | null;
  attemptCount: number;
  nextAttemptAt: Date | null;
  createdAt: Date;
  finishedAt: Date | null;
  attempts: AttemptView[];
}

export function attemptView(r: WebhookResponse): AttemptView {
  return { ...toResponseView(r), id: String(r.id), triggerType: triggerName(r.triggerType) };
}

/** Views of several deliveries with four queries, whatever their number. */
export async function deliveryViews(em: EntityManager, deliveries: Delivery[]): Promise<DeliveryView[]> {
  if (deliveries.length === 0) return [];
  const ids = deliveries.map((d) => d.id);
  const [records, webhooks, groups, events] = await Promise.all([
    em.getRepository(WebhookResponse).find({ where: { deliveryId: In(ids) }, order: { attempt: "ASC", id: "ASC" } }),
    em.getRepository(Webhook).find({ select: { id: true, publicId: true }, where: { id: In([...new Set(deliveries.map((d) => d.webhookId))]) } }),
    em.getRepository(AlertGroup).find({ select: { id: true, publicId: true }, where: { id: In([...new Set(deliveries.map((d) => d.alertGroupId))]) } }),
    em.getRepository(AlertGroupEvent).find({ select: { id: true, type: true }, where: { id: In([...new Set(deliveries.map((d) => d.eventId))]) } }),
  ]);
  const byDelivery = new Map<number, AttemptView[]>();
  for (const r of records) {
    const list = byDelivery.get(r.deliveryId!) ?? [];
    list.push(attemptView(r));
    byDelivery.set(r.deliveryId!, list);
  }
  const webhookIds = new Map(webhooks.map((w) => [w.id, w.publicId]));
  const groupIds = new Map(groups.map((g) => [g.id, g.publicId]));
  const eventTypes = new Map(events.map((e) => [e.id, e.type]));
  return deliveries.map((d) => ({
    id: d.publicId,
    webhookId: webhookIds.get(d.webhookId) ?? "",
    alertGroupId: groupIds.get(d.alertGroupId) ?? "",
    eventType: triggerName(eventTypes.get(d.eventId) ?? 0),
    status: d.status,
    skipReason: d.skipReason,
    attemptCount: d.attempts,
    nextAttemptAt: d.status === "pending" ? d.nextAttemptAt : null,
    createdAt: d.createdAt,
    finishedAt: d.finishedAt,
    attempts: byDelivery.get(d.id) ?? [],
  }));
}
