// The redeliver rule, in one place: a finished delivery becomes due again with its own public id (the
// `webhook-id` receivers deduplicate on), so the engine's next attempt is a redelivery, not a new delivery.
import { In, Like, MoreThanOrEqual, type EntityManager } from "typeorm";
import { WEBHOOK_PAUSED_PREFIX } from "../../attempts/attempt-input";
import { dbNowSql, dialectOf } from "../../db/dialect";
import { Delivery } from "../../schema/entities";
import type { DeliveryStatus } from "../../schema/entities/delivery.entity";

const FINISHED: DeliveryStatus[] = ["succeeded", "failed", "skipped"];

/** Due now by the database's clock, the one the engines' claims compare with. */
const requeued = (em: EntityManager) => ({
  status: "pending" as const,
  nextAttemptAt: () => dbNowSql(dialectOf(em)),
  finishedAt: null,
  skipReason: null,
});

/** One finished delivery again; false when it is not finished (already queued). */
export async function requeueDelivery(em: EntityManager, deliveryId: number): Promise<boolean> {
  const result = await em.getRepository(Delivery).update({ id: deliveryId, status: In(FINISHED) }, requeued(em));
  return Boolean(result.affected);
}

/** The webhook's deliveries skipped because of the pause that began at `pausedAt`; returns how many. */
export async function requeueSkippedWhilePaused(em: EntityManager, webhookId: number, pausedAt: Date): Promise<number> {
  const result = await em.getRepository(Delivery).update(
    { webhookId, status: "skipped", skipReason: Like(`${WEBHOOK_PAUSED_PREFIX}%`), finishedAt: MoreThanOrEqual(pausedAt) },
    requeued(em),
  );
  return result.affected ?? 0;
}
