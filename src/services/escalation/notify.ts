import { type EntityManager, IsNull } from "typeorm";
import { enqueueEvent } from "../../events/enqueue";
import { type AlertGroup, PersonalNotificationWebhook, type User, UserNotification, Webhook } from "../../schema/entities";
import { Trigger } from "../../schema/trigger-types";

/**
 * Records each user as notified for the group (outhook's stand-in for phone/SMS/chat, domain-api.md §8) and,
 * for a user with a personal notification webhook, queues its delivery (delivery.md §2). `success` is the
 * personal-notification outcome: true only when a delivery was queued.
 * Returns how many deliveries were queued (the caller wakes the engine after commit).
 */
export async function notifyUsers(
  em: EntityManager, group: AlertGroup, users: User[], policyId: number, now: Date,
): Promise<number> {
  let queued = 0;
  for (const user of users) {
    const outcome = await queuePersonalNotification(em, group, user, policyId, now);
    queued += outcome.queued;
    await em.getRepository(UserNotification).insert({
      alertGroupId: group.id, userId: user.id, escalationPolicyId: policyId, success: outcome.queued > 0, reason: outcome.reason,
    });
  }
  return queued;
}

async function queuePersonalNotification(
  em: EntityManager, group: AlertGroup, user: User, policyId: number, now: Date,
): Promise<{ queued: number; reason: string | null }> {
  const binding = await em.getRepository(PersonalNotificationWebhook).findOneBy({ userId: user.id });
  if (!binding) return { queued: 0, reason: "no personal notification webhook" };
  const webhook = await em.getRepository(Webhook).findOneBy({ id: binding.webhookId, organizationId: group.organizationId, deletedAt: IsNull() });
  if (!webhook) return { queued: 0, reason: "personal notification webhook was deleted" };
  // One rule for "enabled" (spec README rulings): false never runs, null counts as enabled.
  if (webhook.isWebhookEnabled === false) return { queued: 0, reason: "personal notification webhook is disabled" };
  const { deliveries } = await enqueueEvent(em, {
    organizationId: group.organizationId,
    alertGroupId: group.id,
    type: Trigger.personalNotification,
    userId: user.id,
    webhookId: webhook.id,
    escalationPolicyId: policyId,
    // No copy of the private context here: the binding holds it encrypted and the attempt reads it there.
    createdAt: now,
  });
  return { queued: deliveries.length, reason: deliveries.length > 0 ? null : "personal notification webhook was not queued" };
}
