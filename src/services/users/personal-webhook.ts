import { type EntityManager, In, IsNull } from "typeorm";
import { idsForIn } from "../../db/sql";
import { RawBodyError } from "../../errors";
import { PersonalNotificationWebhook, type User, Webhook } from "../../schema/entities";
import { Trigger } from "../../schema/trigger-types";

/**
 * OnCall answers these binding errors with a string (not a list) per field (delivery.md §2):
 * `{"webhook": "Webhook not found."}`. The message is the bare text for GraphQL clients.
 */
export class BindingError extends RawBodyError {
  constructor(field: "webhook" | "context", message: string) {
    super(400, { [field]: message });
    this.message = message;
  }
}

/** A user's binding as its owner sees it (others never see the context). */
export interface BindingView {
  webhookPublicId: string;
  context: Record<string, unknown> | null;
}

/** Validates and stores the binding; setting again replaces it. The context column is encrypted at rest. */
export async function bindPersonalWebhook(
  em: EntityManager, user: User, webhookPublicId: unknown, context: unknown,
): Promise<BindingView> {
  if (webhookPublicId === undefined || webhookPublicId === null || webhookPublicId === "") {
    throw new BindingError("webhook", "This field is required.");
  }
  const webhook = typeof webhookPublicId === "string"
    ? await em.getRepository(Webhook).findOneBy({
      organizationId: user.organizationId, publicId: webhookPublicId, deletedAt: IsNull(), triggerType: Trigger.personalNotification,
    })
    : null;
  if (!webhook) throw new BindingError("webhook", "Webhook not found.");
  const isObject = typeof context === "object" && context !== null && !Array.isArray(context);
  if (context !== undefined && context !== null && !isObject) throw new BindingError("context", "Invalid context.");

  const repo = em.getRepository(PersonalNotificationWebhook);
  const binding = (await repo.findOneBy({ userId: user.id })) ?? repo.create({ userId: user.id });
  binding.webhookId = webhook.id;
  binding.context = (context as Record<string, unknown> | null | undefined) ?? null;
  await repo.save(binding);
  return { webhookPublicId: webhook.publicId, context: binding.context };
}

/** The bindings of several users, keyed by user id, in two queries whatever their number. */
export async function findBindings(em: EntityManager, userIds: readonly number[]): Promise<Map<number, BindingView>> {
  if (userIds.length === 0) return new Map();
  const bindings = await em.getRepository(PersonalNotificationWebhook).findBy({ userId: In(idsForIn(userIds)) });
  const webhookIds = bindings.map((b) => b.webhookId);
  const webhooks = webhookIds.length
    ? await em.getRepository(Webhook).find({ select: { id: true, publicId: true }, where: { id: In(idsForIn(webhookIds)) } })
    : [];
  const publicIdOf = new Map(webhooks.map((w) => [w.id, w.publicId]));
  return new Map(bindings.map((b) => [b.userId, { webhookPublicId: publicIdOf.get(b.webhookId) ?? "", context: b.context }]));
}
