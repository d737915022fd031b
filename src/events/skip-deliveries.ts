import type { EntityManager } from "typeorm";
import { runStatement } from "../db/sql";

/** Why a delivery of a deleted webhook ended; the engine says the same when it finds the webhook gone. */
export const WEBHOOK_DELETED = "Webhook was deleted";

const SKIP_PENDING_SQL = `
UPDATE delivery SET status = 'skipped', skip_reason = :reason, finished_at = :now
WHERE webhook_id = :webhook AND status = 'pending'`;

/**
 * Ends a deleted webhook's deliveries that wait for their first or next attempt, in the caller's transaction,
 * rather than when their turn comes (a retry can be 2 h away). One in flight finishes its attempt first.
 */
export async function skipPendingDeliveries(em: EntityManager, webhookId: number, now = new Date()): Promise<number> {
  const { affected } = await runStatement(em, SKIP_PENDING_SQL, { webhook: webhookId, reason: WEBHOOK_DELETED, now });
  return affected;
}
