// The two statements of the pause: the facts the rule needs, and the pause itself. Both seek
// IX_delivery_webhook_finished (webhook_id, status, finished_at), which holds finished deliveries only: every read
// of it says `finished_at IS NOT NULL` or compares finished_at, so that both databases may use it.
import { dbNowSql, laterInstantSql, type DialectKind } from "../../db/dialect";
import type { Statement } from "../../db/sql";

// The window opens at the webhook's last success or its last resume, whichever is later.
const windowStart = (kind: DialectKind) =>
  laterInstantSql(
    kind,
    `(SELECT MAX(s.finished_at) FROM delivery s WHERE s.webhook_id = :webhook AND s.status = 'succeeded' AND s.finished_at IS NOT NULL)`,
    `(SELECT r.resumed_at FROM webhook r WHERE r.id = :webhook)`,
  );

const factsSql = (kind: DialectKind) => `
SELECT w.public_id AS public_id, w.paused_at AS paused_at, w.deleted_at AS deleted_at, ${dbNowSql(kind)} AS db_now,
  (SELECT COUNT(*) FROM delivery f WHERE f.webhook_id = :webhook AND f.status = 'failed' AND f.finished_at > ${windowStart(kind)}) AS failures,
  (SELECT MIN(f.finished_at) FROM delivery f WHERE f.webhook_id = :webhook AND f.status = 'failed' AND f.finished_at > ${windowStart(kind)}) AS first_failure
FROM webhook w WHERE w.id = :webhook`;

// Guarded, so that of several instances only one pauses (and logs), and a success or a resume committed since
// the facts were read wins. :firstFailure is passed back exactly as the facts query returned it.
const pauseSql = (kind: DialectKind) => `
UPDATE webhook SET paused_at = ${dbNowSql(kind)}, pause_reason = :reason
WHERE id = :webhook AND paused_at IS NULL AND deleted_at IS NULL
  AND (resumed_at IS NULL OR resumed_at < :firstFailure)
  AND NOT EXISTS (SELECT 1 FROM delivery s WHERE s.webhook_id = :webhook AND s.status = 'succeeded' AND s.finished_at >= :firstFailure)`;

const SQL = {
  sqlite: { facts: factsSql("sqlite"), pause: pauseSql("sqlite") },
  postgres: { facts: factsSql("postgres"), pause: pauseSql("postgres") },
};

export interface FactsRow {
  public_id: string;
  paused_at: unknown;
  deleted_at: unknown;
  db_now: unknown;
  failures: unknown;
  first_failure: unknown;
}

export const pauseFactsStatement = (kind: DialectKind, webhookId: number): Statement => ({ text: SQL[kind].facts, params: { webhook: webhookId } });

export const pauseStatement = (kind: DialectKind, webhookId: number, reason: string, firstFailure: unknown): Statement => ({
  text: SQL[kind].pause,
  params: { webhook: webhookId, reason, firstFailure },
});
