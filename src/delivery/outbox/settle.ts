import type { DeliveryStatus } from "../../schema/entities/delivery.entity";
import { dbNowPlusSql, dbNowSql, type DialectKind } from "../../db/dialect";
import { idChunks, type Statement } from "../../db/sql";
import { storableText } from "../../db/storable-text";
import type { Writer } from "../../db/writer";

export type FinalStatus = Extract<DeliveryStatus, "succeeded" | "failed" | "skipped">;

/** How one claimed delivery ends its turn in this instance. */
export type Settlement =
  /** `whilePaused`: skipped only if its webhook is still paused when this is written (settleStatements). */
  | { deliveryId: number; kind: "final"; status: FinalStatus; skipReason?: string | null; whilePaused?: boolean }
  /** Due again `delayMs` after the settlement is written, by the database's clock (claims compare with it). */
  | { deliveryId: number; kind: "retry"; delayMs: number };

// Every statement is guarded by claimed_by: an instance whose claim was recovered (it looked dead) must not
// overwrite the state another instance now owns.
const finishSql = (kind: DialectKind) => `
UPDATE delivery SET status = :status, skip_reason = NULL, claimed_by = NULL, claimed_at = NULL, finished_at = ${dbNowSql(kind)}
WHERE id IN (:...ids) AND claimed_by = :instance AND status = 'in_flight'`;

const skipSql = (kind: DialectKind) => `
UPDATE delivery SET status = 'skipped', skip_reason = :reason, claimed_by = NULL, claimed_at = NULL, finished_at = ${dbNowSql(kind)}
WHERE id = :id AND claimed_by = :instance AND status = 'in_flight'`;

/**
 * A paused webhook's delivery: resumeWebhook may have committed since the engine read the webhook, and its
 * redelivery of what the pause skipped (same transaction) could not see this one, still in flight. So it is
 * skipped only while the webhook is paused (on PostgreSQL the webhook row is share-locked, so a resume waits for
 * this commit or this statement for the resume's); otherwise the release after it puts it back to pending.
 */
const pausedSkipSql = (kind: DialectKind) => `${skipSql(kind)}
  AND EXISTS (SELECT 1 FROM webhook w WHERE w.id = delivery.webhook_id AND w.paused_at IS NOT NULL${kind === "postgres" ? " FOR SHARE" : ""})`;

const retrySql = (kind: DialectKind) => `
UPDATE delivery SET status = 'pending', next_attempt_at = ${dbNowPlusSql(kind, "delayMs")}, claimed_by = NULL, claimed_at = NULL
WHERE id = :id AND claimed_by = :instance AND status = 'in_flight'`;

const SQL = {
  sqlite: { finish: finishSql("sqlite"), skip: skipSql("sqlite"), pausedSkip: pausedSkipSql("sqlite"), retry: retrySql("sqlite") },
  postgres: { finish: finishSql("postgres"), skip: skipSql("postgres"), pausedSkip: pausedSkipSql("postgres"), retry: retrySql("postgres") },
};

/** Claimed but never started (the engine is stopping): back to pending, the attempt refunded. */
const RELEASE_SQL = `
UPDATE delivery SET status = 'pending', attempts = attempts - 1, claimed_by = NULL, claimed_at = NULL
WHERE id IN (:...ids) AND claimed_by = :instance AND status = 'in_flight'`;

/** The outcome of finished attempts, to run in the transaction that stores their response records. */
export function settleStatements(kind: DialectKind, instanceId: string, settlements: Settlement[]): Statement[] {
  const sql = SQL[kind];
  const out: Statement[] = [];
  const byStatus = new Map<FinalStatus, number[]>();
  for (const s of settlements) {
    if (s.kind === "retry") {
      out.push({ text: sql.retry, params: { id: s.deliveryId, delayMs: s.delayMs, instance: instanceId } });
    } else if (s.status === "skipped") {
      const params = { id: s.deliveryId, reason: storableText(s.skipReason ?? null), instance: instanceId };
      if (!s.whilePaused) out.push({ text: sql.skip, params });
      else out.push({ text: sql.pausedSkip, params }, { text: RELEASE_SQL, params: { ids: [s.deliveryId], instance: instanceId } });
    } else {
      const ids = byStatus.get(s.status) ?? [];
      ids.push(s.deliveryId);
      byStatus.set(s.status, ids);
    }
  }
  for (const [status, ids] of byStatus) {
    for (const part of idChunks(ids)) out.push({ text: sql.finish, params: { status, ids: part, instance: instanceId } });
  }
  return out;
}

export async function releaseClaims(writer: Writer, instanceId: string, deliveryIds: number[]): Promise<number> {
  const results = await writer.transaction(idChunks(deliveryIds).map((ids) => ({ text: RELEASE_SQL, params: { ids, instance: instanceId } })));
  return results.reduce((n, r) => n + r.affected, 0);
}
