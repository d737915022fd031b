import { dbNowSql, skipLockedClause, type DialectKind } from "../../db/dialect";
import type { Statement } from "../../db/sql";
import type { Writer } from "../../db/writer";

/** A delivery this instance now holds: status in_flight, claimed_by = instance, `attempt` already counted. */
export interface ClaimedDelivery {
  id: number;
  publicId: string;
  organizationId: number;
  eventId: number;
  webhookId: number;
  alertGroupId: number;
  /** The number of the attempt about to run (attempts + 1 was written by the claim). */
  attempt: number;
}

interface ClaimRow {
  id: number;
  public_id: string;
  organization_id: number;
  event_id: number;
  webhook_id: number;
  alert_group_id: number;
  attempts: number;
}

/**
 * One statement claims up to `limit` due deliveries.
 *
 * Why it is safe: on PostgreSQL the inner select locks the rows it picks with FOR UPDATE SKIP LOCKED, so two
 * instances never pick the same row, and the outer `status = 'pending'` re-check drops a row another instance
 * claimed and committed in between. SQLite runs one writer at a time, which makes the statement atomic on its
 * own; there the re-check is left out, because it makes SQLite walk every pending row through the status index.
 * The attempt is counted at claim time, so a crash mid-request still counts it. claimed_at and the due time are
 * the database's clock: other instances compare them with theirs (recover.ts).
 *
 * Why order holds per (webhook, alert group): a delivery is only eligible while no earlier delivery of the same
 * pair is pending (waiting for a retry) or in flight, so at most one of a pair is ever out, and in event order.
 * That rule seeks IX_delivery_pair_order.
 *
 * `excludeWebhooks`: webhooks whose destination lane is backlogged in this instance (lanes.ts).
 */
const claimSql = (kind: DialectKind) => `
UPDATE delivery
SET status = 'in_flight', claimed_by = :instance, claimed_at = ${dbNowSql(kind)}, attempts = attempts + 1
WHERE ${kind === "postgres" ? "status = 'pending' AND " : ""}id IN (
  SELECT d.id FROM delivery d
  WHERE d.status = 'pending' AND d.next_attempt_at <= ${dbNowSql(kind)}
    AND d.webhook_id NOT IN (:...excluded)
    AND NOT EXISTS (
      SELECT 1 FROM delivery e
      WHERE e.webhook_id = d.webhook_id AND e.alert_group_id = d.alert_group_id
        AND e.status IN ('pending', 'in_flight')
        AND (e.event_id < d.event_id OR (e.event_id = d.event_id AND e.id < d.id)))
  ORDER BY d.next_attempt_at, d.id
  LIMIT :limit
  ${skipLockedClause(kind)}
)
RETURNING id, public_id, organization_id, event_id, webhook_id, alert_group_id, attempts`;

const CLAIM_SQL: Record<DialectKind, string> = { sqlite: claimSql("sqlite"), postgres: claimSql("postgres") };

interface ClaimOptions {
  instanceId: string;
  limit: number;
  excludeWebhooks?: readonly number[];
}

export function claimStatement(kind: DialectKind, options: ClaimOptions): Statement {
  const excluded = options.excludeWebhooks?.length ? [...options.excludeWebhooks] : [-1];
  return { text: CLAIM_SQL[kind], params: { instance: options.instanceId, excluded, limit: Math.floor(options.limit) } };
}

export async function claimDueDeliveries(writer: Writer, options: ClaimOptions): Promise<ClaimedDelivery[]> {
  if (options.limit <= 0) return [];
  const [{ rows }] = await writer.transaction([claimStatement(writer.dialect, options)]);
  return (rows as unknown as ClaimRow[])
    .map((r) => ({
      id: Number(r.id),
      publicId: r.public_id,
      organizationId: Number(r.organization_id),
      eventId: Number(r.event_id),
      webhookId: Number(r.webhook_id),
      alertGroupId: Number(r.alert_group_id),
      attempt: Number(r.attempts),
    }))
    .sort((a, b) => a.id - b.id);
}
