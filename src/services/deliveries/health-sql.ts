// The statements behind `deliveryStats` and `deliveryQueue`, the same text on both databases.
//
// Buckets are ranges of the covering index IX_webhook_response_org_time, one UNION ALL branch each, with the
// bounds computed in JavaScript: grouping by an expression of the timestamp instead costs a date parse per row
// (measured on SQLite, 100k attempts: ~190 ms for the parse alone, ~1 s with window-function percentiles),
// while one index range per bucket counts the same rows in ~60 ms. Percentiles are exact (nearest rank): one
// bounded sort per bucket and percentile.

/** Buckets per statement: one statement text whatever the range (the last chunk is padded with empty ranges). */
export const BUCKETS_PER_STATEMENT = 50;

export interface StatsScope {
  webhook: boolean;
  integration: boolean;
}

/**
 * Per bucket: attempts, successes (a response below 400), attempts that sent (`duration_ms` set), and skipped
 * deliveries (they have no attempt record; counted by when they were skipped, IX_delivery_skipped).
 */
export function bucketCountsSql(scope: StatsScope): string {
  return branches((i) => `
    SELECT ${i} AS slot, COUNT(*) AS attempts, COALESCE(SUM(CASE WHEN r.status_code < 400 THEN 1 ELSE 0 END), 0) AS succeeded,
      COUNT(r.duration_ms) AS timed,
      (SELECT COUNT(*) FROM delivery d
        WHERE d.organization_id = :org AND d.status = 'skipped' AND d.finished_at >= :lo${i} AND d.finished_at < :hi${i}${scopeSql("d", scope)}) AS skipped
    FROM webhook_response r
    WHERE r.organization_id = :org AND r.timestamp >= :lo${i} AND r.timestamp < :hi${i}${scopeSql("r", scope)}`);
}

/**
 * Per bucket: the median, :p50_<i> from the smallest, and the 95th percentile, :p95_<i> from the largest. An
 * ORDER BY … LIMIT 1 OFFSET k keeps only k + 1 rows in its sorter, so the 95th is read from the top (5% of
 * the rows instead of 95%).
 */
export function bucketPercentilesSql(scope: StatsScope): string {
  const at = (i: number, param: string, direction: "ASC" | "DESC") => `(SELECT r.duration_ms FROM webhook_response r
      WHERE r.organization_id = :org AND r.timestamp >= :lo${i} AND r.timestamp < :hi${i}${scopeSql("r", scope)} AND r.duration_ms IS NOT NULL
      ORDER BY r.duration_ms ${direction} LIMIT 1 OFFSET :${param}${i})`;
  return branches((i) => `SELECT ${i} AS slot, ${at(i, "p50_", "ASC")} AS p50, ${at(i, "p95_", "DESC")} AS p95`);
}

/** Unfinished deliveries by status and whether they were attempted before, with the oldest creation time of each. */
/** Unfinished deliveries by state: of one organization (`:org`), or of all (metrics; the due index covers it). */
export const queueSql = (scope: "organization" | "all") => `
  SELECT d.status AS status, CASE WHEN d.attempts > 0 THEN 1 ELSE 0 END AS retried, COUNT(*) AS n, MIN(d.created_at) AS oldest
  FROM delivery d
  WHERE ${scope === "organization" ? "d.organization_id = :org AND " : ""}d.status IN ('pending', 'in_flight')
  GROUP BY d.status, CASE WHEN d.attempts > 0 THEN 1 ELSE 0 END`;

export const QUEUE_SQL = queueSql("organization");
export const ALL_QUEUES_SQL = queueSql("all");

function branches(branch: (i: number) => string): string {
  return Array.from({ length: BUCKETS_PER_STATEMENT }, (_, i) => branch(i)).join("\n    UNION ALL\n    ");
}

function scopeSql(alias: string, scope: StatsScope): string {
  let sql = "";
  if (scope.webhook) sql += ` AND ${alias}.webhook_id = :webhook`;
  if (scope.integration) sql += ` AND ${alias}.alert_group_id IN (SELECT g.id FROM alert_group g WHERE g.integration_id = :integration)`;
  return sql;
}
