// The statements of one prune pass, the same text on both databases. Candidates are read in small windows on the
// main connection (index range scans); each delete is a short transaction on the engine's write path that
// re-checks the rule, so a row that changed in between (a redelivered delivery) is left alone.
import type { DataSource } from "typeorm";
import { runStatement, type Statement } from "../db/sql";

const FINAL = "('succeeded', 'failed', 'skipped')";
const LIVE = "('pending', 'in_flight')";

/** Rows whose ids follow `after`, oldest first, each with whether it is older than the cutoff. */
export async function nextWindow(
  dataSource: DataSource,
  table: "webhook_response" | "event",
  after: number,
  cutoff: Date,
  limit: number,
): Promise<{ id: number; old: boolean }[]> {
  const column = table === "event" ? "created_at" : "timestamp";
  const { rows } = await runStatement<{ id: number; old: number }>(
    dataSource,
    `SELECT id, CASE WHEN ${column} < :cutoff THEN 1 ELSE 0 END AS old FROM ${table} WHERE id > :after ORDER BY id LIMIT :limit`,
    { cutoff, after, limit },
  );
  return rows.map((r) => ({ id: Number(r.id), old: Number(r.old) === 1 }));
}

/** Finished deliveries that ended before the cutoff (the due index narrows the scan: an attempt runs after it is due). */
export async function oldFinishedDeliveries(dataSource: DataSource, cutoff: Date, limit: number): Promise<number[]> {
  const { rows } = await runStatement<{ id: number }>(
    dataSource,
    `SELECT id FROM delivery WHERE status IN ${FINAL} AND next_attempt_at < :cutoff AND finished_at < :cutoff LIMIT :limit`,
    { cutoff, limit },
  );
  return rows.map((r) => Number(r.id));
}

/**
 * The id of the newest row of the webhook beyond its `keep` newest (records, or deliveries of any status): an
 * index-only walk of `keep` entries of (webhook_id, id).
 */
export async function capThreshold(dataSource: DataSource, table: "webhook_response" | "delivery", webhookId: number, keep: number): Promise<number | null> {
  const { rows } = await runStatement<{ id: number }>(
    dataSource,
    `SELECT id FROM ${table} WHERE webhook_id = :webhookId ORDER BY id DESC LIMIT 1 OFFSET :keep`,
    { webhookId, keep },
  );
  return rows.length ? Number(rows[0].id) : null;
}

/** Ids of the webhook's rows in (after, threshold], oldest first. */
export async function rowsUpTo(dataSource: DataSource, table: "webhook_response" | "delivery", webhookId: number, after: number, threshold: number, limit: number): Promise<number[]> {
  const { rows } = await runStatement<{ id: number }>(
    dataSource,
    `SELECT id FROM ${table} WHERE webhook_id = :webhookId AND id > :after AND id <= :threshold ORDER BY id LIMIT :limit`,
    { webhookId, after, threshold, limit },
  );
  return rows.map((r) => Number(r.id));
}

export async function webhookIds(dataSource: DataSource): Promise<number[]> {
  const { rows } = await runStatement<{ id: number }>(dataSource, "SELECT id FROM webhook ORDER BY id", {});
  return rows.map((r) => Number(r.id));
}

/** Attempt records, except those of a delivery still under way (its history stays whole while it runs). */
export function deleteRecords(ids: number[]): Statement[] {
  return [
    {
      text: `DELETE FROM webhook_response WHERE id IN (:...ids) AND (delivery_id IS NULL OR NOT EXISTS (
        SELECT 1 FROM delivery d WHERE d.id = webhook_response.delivery_id AND d.status IN ${LIVE}))`,
      params: { ids },
    },
  ];
}

/** Finished deliveries with their records; `endedBefore` re-checks the age rule, without it any finished one goes. */
export function deleteDeliveries(ids: number[], endedBefore?: Date): Statement[] {
  const rule = `status IN ${FINAL}${endedBefore ? " AND finished_at < :endedBefore" : ""}`;
  const params = endedBefore ? { ids, endedBefore } : { ids };
  return [
    { text: `DELETE FROM webhook_response WHERE delivery_id IN (SELECT id FROM delivery WHERE id IN (:...ids) AND ${rule})`, params },
    { text: `DELETE FROM delivery WHERE id IN (:...ids) AND ${rule}`, params },
  ];
}

/**
 * Up to `limit` snapshots of records' shared event_data (src/attempts/shared-event-data.ts) that no record uses any more.
 * Should a record take one up meanwhile, the foreign key refuses the delete and the next pass tries again.
 */
export function deleteUnusedSnapshots(limit: number): Statement[] {
  return [
    {
      text: `DELETE FROM responses_snapshot WHERE hash IN (SELECT s.hash FROM responses_snapshot s
        WHERE NOT EXISTS (SELECT 1 FROM webhook_response r WHERE r.responses_hash = s.hash) LIMIT :limit)`,
      params: { limit },
    },
  ];
}

/** Events no delivery refers to any more: only deliveries read them. */
export function deleteEvents(ids: number[]): Statement[] {
  return [{ text: "DELETE FROM event WHERE id IN (:...ids) AND NOT EXISTS (SELECT 1 FROM delivery d WHERE d.event_id = event.id)", params: { ids } }];
}
