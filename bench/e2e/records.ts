// "Every delivery durably recorded": the attempt records and deliveries in outhook's SQLite file (read-only,
// beside the running server; WAL lets it read while the server writes).
import Database from "better-sqlite3";
import { until } from "./clock";

export interface RecordCounts {
  records: number;
  deliveries: number;
  succeeded: number;
}

export function recordCounts(dbFile: string): RecordCounts {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    const one = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    return {
      records: one("SELECT COUNT(*) AS n FROM webhook_response"),
      deliveries: one("SELECT COUNT(*) AS n FROM delivery"),
      succeeded: one("SELECT COUNT(*) AS n FROM delivery WHERE status = 'succeeded'"),
    };
  } finally {
    db.close();
  }
}

/**
 * Waits until `expected` deliveries have succeeded, then demands exactly `expected` deliveries, as many
 * attempt records and as many requests at the receiver; anything else fails the bench.
 */
export async function expectAllRecorded(dbFile: string, expected: number, receiverCount: number, timeoutMs = 60_000): Promise<RecordCounts> {
  let counts = recordCounts(dbFile);
  try {
    await until("every delivery to be recorded", async () => (counts = recordCounts(dbFile)).succeeded >= expected && counts.records >= expected, 50, timeoutMs);
  } catch {
    // fall through to the exact comparison, which names what is missing
  }
  counts = recordCounts(dbFile);
  const { records, deliveries, succeeded } = counts;
  if (records !== expected || deliveries !== expected || succeeded !== expected || receiverCount !== expected) {
    throw new Error(
      `not every delivery was recorded exactly once: expected ${expected}; deliveries ${deliveries} (${succeeded} succeeded), ` +
        `attempt records ${records}, requests at the receiver ${receiverCount}`,
    );
  }
  return counts;
}

export function rowCount(dbFile: string, table: string): number {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}
