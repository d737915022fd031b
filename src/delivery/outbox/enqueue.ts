import { type EntityManager, In, IsNull } from "typeorm";
import { AlertGroupEvent, Delivery, Webhook } from "../../schema/entities";
import { newPublicId } from "../../schema/public-id";
import { STATUS_TRIGGERS, Trigger, type TriggerId } from "../../schema/trigger-types";

export interface NewEvent {
  organizationId: number;
  alertGroupId: number;
  type: TriggerId;
  /** Acting user; null/undefined for the source, escalation steps and timers. */
  userId?: number | null;
  /** Aim the event at one webhook (escalation step, manual trigger, personal notification). */
  webhookId?: number | null;
  escalationPolicyId?: number | null;
  detail?: Record<string, unknown> | null;
  createdAt?: Date;
}

/**
 * Writes an event and its deliveries with the caller's EntityManager, i.e. in the same transaction as the
 * state change that caused it (delivery.md §14.2). The caller wakes the engine after commit.
 * Selection (delivery.md §2): the event's trigger or `status change` for the six status events; a webhook
 * with is_webhook_enabled = false never runs (null counts as enabled).
 */
export async function enqueueEvent(em: EntityManager, input: NewEvent): Promise<{ event: AlertGroupEvent; deliveries: Delivery[] }> {
  const now = input.createdAt ?? new Date();
  const event = await em.getRepository(AlertGroupEvent).save({
    organizationId: input.organizationId,
    alertGroupId: input.alertGroupId,
    type: input.type,
    userId: input.userId ?? null,
    webhookId: input.webhookId ?? null,
    escalationPolicyId: input.escalationPolicyId ?? null,
    detail: input.detail ?? null,
    createdAt: now,
  });
  const webhooks = await matchingWebhooks(em, input);
  const deliveries = webhooks
    .filter((w) => w.isWebhookEnabled !== false)
    .map((w) =>
      em.getRepository(Delivery).create({
        publicId: newPublicId("delivery"),
        organizationId: input.organizationId,
        eventId: event.id,
        webhookId: w.id,
        alertGroupId: input.alertGroupId,
        status: "pending",
        attempts: 0,
        nextAttemptAt: now,
        createdAt: now,
      }),
    );
  // Chunked: one event may fan out to thousands of webhooks; SQLite caps bound parameters per statement.
  for (let i = 0; i < deliveries.length; i += 500) await em.getRepository(Delivery).insert(deliveries.slice(i, i + 500));
  return { event, deliveries };
}

async function matchingWebhooks(em: EntityManager, input: NewEvent): Promise<Webhook[]> {
  const repo = em.getRepository(Webhook);
  if (input.webhookId) return repo.find({ where: { id: input.webhookId, deletedAt: IsNull() } });
  const types: number[] = [input.type];
  if (STATUS_TRIGGERS.includes(input.type)) types.push(Trigger.statusChange);
  return repo.find({
    select: { id: true, isWebhookEnabled: true },
    where: { organizationId: input.organizationId, deletedAt: IsNull(), triggerType: In(types) },
    order: { id: "ASC" },
  });
}
