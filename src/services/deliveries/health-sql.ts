// The statements behind `deliveryStats` and `deliveryQueue`: written once, with the one dialect difference (the
// instant → milliseconds expression) from db/dialect.ts.
import { epochMillisSql, type DialectKind } from "../../db/dialect";

export interface StatsScope {
  webhook: boolean;
  integration: boolean;
}

/**
 * Attempts per time bucket: counts, successes (a response below 400) and nearest-rank latency percentiles
 * over the attempts that sent (`duration_ms` set). Ranks come from a window function, so the database
 * returns one row per bucket rather than every duration. The range scan is index-only on
 * IX_webhook_response_org_time.
 */
export function attemptBucketsSql(kind: DialectKind, scope: StatsScope): string {
  return `
    SELECT bucket, COUNT(*) AS attempts, SUM(ok) AS succeeded,
      MAX(CASE WHEN rn = (timed * 50 + 99) / 100 THEN d END) AS p50,
      MAX(CASE WHEN rn = (timed * 95 + 99) / 100 THEN d END) AS p95
    FROM (
      SELECT bucket, ok, d,
        ROW_NUMBER() OVER (PARTITION BY bucket, d IS NULL ORDER BY d) AS rn,
        COUNT(d) OVER (PARTITION BY bucket) AS timed
      FROM (
        SELECT (${epochMillisSql(kind, "r.timestamp")} - :fromMs) / :intervalMs AS bucket,
          CASE WHEN r.status_code < 400 THEN 1 ELSE 0 END AS ok,
          r.duration_ms AS d
        FROM webhook_response r
        WHERE r.organization_id = :org AND r.timestamp >= :from AND r.timestamp < :to${scopeSql("r", scope)}
      ) attempt
    ) ranked
    GROUP BY bucket`;
}

/** Skipped deliveries (no attempt record) per bucket, by when they were skipped; IX_delivery_skipped. */
export function skippedBucketsSql(kind: DialectKind, scope: StatsScope): string {
  return `
    SELECT (${epochMillisSql(kind, "d.finished_at")} - :fromMs) / :intervalMs AS bucket, COUNT(*) AS skipped
    FROM delivery d
    WHERE d.organization_id = :org AND d.status = 'skipped' AND d.finished_at >= :from AND d.finished_at < :to${scopeSql("d", scope)}
    GROUP BY 1`;
}

/** Unfinished deliveries by status and whether they were attempted before; the oldest creation time of each. */
export function queueSql(kind: DialectKind): string {
  return `
    SELECT d.status AS status, CASE WHEN d.attempts > 0 THEN 1 ELSE 0 END AS retried, COUNT(*) AS n,
      MIN(${epochMillisSql(kind, "d.created_at")}) AS oldest_ms
    FROM delivery d
    WHERE d.organization_id = :org AND d.status IN ('pending', 'in_flight')
    GROUP BY d.status, CASE WHEN d.attempts > 0 THEN 1 ELSE 0 END`;
}

function scopeSql(alias: string, scope: StatsScope): string {
  let sql = "";
  if (scope.webhook) sql += ` AND ${alias}.webhook_id = :webhook`;
  if (scope.integration) sql += ` AND ${alias}.alert_group_id IN (SELECT g.id FROM alert_group g WHERE g.integration_id = :integration)`;
  return sql;
}
