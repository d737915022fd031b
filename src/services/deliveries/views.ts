import { In, type EntityManager } from "typeorm";
import { idsForIn, runStatement } from "../../db/sql";
import { AlertGroup, Webhook, WebhookResponse, type Delivery } from "../../schema/entities";
import type { DeliveryStatus } from "../../schema/entities/delivery.entity";
import { AlertGroupEvent } from "../../schema/entities";
import { triggerName, type TriggerName } from "../../schema/trigger-types";
import { responseViews, type WebhookResponseView } from "../webhooks/view";

/** One HTTP try of a delivery: its response record (delivery.md §8), with its id, stored trigger and owners. */
export interface AttemptView extends WebhookResponseView {
  id: string;
  triggerType: TriggerName;
  /** Public ids; empty when the row is gone (deleted alert group). */
  deliveryId: string | null;
  webhookId: string | null;
  alertGroupId: string | null;
}

/** One webhook × one event (ruling: GraphQL groups attempts by delivery; they are loaded apart, when asked). */
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
  /** Internal ids, for loading the attempts, webhook and alert group of a page in one query each. */
  rowIds: { id: number; webhookId: number; alertGroupId: number };
}

/** Views of several records with four queries, whatever their number. */
export async function attemptViews(em: EntityManager, records: WebhookResponse[]): Promise<AttemptView[]> {
  const [views, deliveries, webhooks, groups] = await Promise.all([
    responseViews(em, records),
    publicIdsOf(em, "delivery", records.map((r) => r.deliveryId)),
    publicIdsOf(em, "webhook", records.map((r) => r.webhookId)),
    publicIdsOf(em, "alert_group", records.map((r) => r.alertGroupId)),
  ]);
  return records.map((r, i) => ({
    ...views[i],
    id: String(r.id),
    triggerType: triggerName(r.triggerType),
    deliveryId: r.deliveryId === null ? null : (deliveries.get(r.deliveryId) ?? null),
    webhookId: r.webhookId === null ? null : (webhooks.get(r.webhookId) ?? null),
    alertGroupId: r.alertGroupId === null ? null : (groups.get(r.alertGroupId) ?? null),
  }));
}

/** Views of several deliveries with three queries, whatever their number. */
export async function deliveryViews(em: EntityManager, deliveries: Delivery[]): Promise<DeliveryView[]> {
  if (deliveries.length === 0) return [];
  const [webhooks, groups, events] = await Promise.all([
    em.getRepository(Webhook).find({ select: { id: true, publicId: true }, where: { id: In(idsForIn(deliveries.map((d) => d.webhookId))) } }),
    em.getRepository(AlertGroup).find({ select: { id: true, publicId: true }, where: { id: In(idsForIn(deliveries.map((d) => d.alertGroupId))) } }),
    em.getRepository(AlertGroupEvent).find({ select: { id: true, type: true }, where: { id: In(idsForIn(deliveries.map((d) => d.eventId))) } }),
  ]);
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
    rowIds: { id: d.id, webhookId: d.webhookId, alertGroupId: d.alertGroupId },
  }));
}

async function publicIdsOf(em: EntityManager, table: "delivery" | "webhook" | "alert_group", ids: (number | null)[]): Promise<Map<number, string>> {
  const wanted = [...new Set(ids.filter((id): id is number => id !== null))];
  if (wanted.length === 0) return new Map();
  const { rows } = await runStatement<{ id: number; public_id: string }>(em, `SELECT id, public_id FROM ${table} WHERE id IN (:...ids)`, { ids: wanted });
  return new Map(rows.map((r) => [Number(r.id), r.public_id]));
}
