// "Every delivery durably recorded": the attempt records and deliveries in outhook's database.
import { until } from "./clock";
import type { BenchDatabase } from "./database";

export interface RecordCounts {
  records: number;
  deliveries: number;
  succeeded: number;
}

export async function recordCounts(db: BenchDatabase): Promise<RecordCounts> {
  return {
    records: await db.count("SELECT COUNT(*) AS n FROM webhook_response"),
    deliveries: await db.count("SELECT COUNT(*) AS n FROM delivery"),
    succeeded: await db.count("SELECT COUNT(*) AS n FROM delivery WHERE status = 'succeeded'"),
  };
}

/**
 * Waits until `expected` deliveries have succeeded, then demands exactly `expected` deliveries, as many
 * attempt records and as many requests at the receiver; anything else fails the bench.
 */
export async function expectAllRecorded(db: BenchDatabase, expected: number, receiverCount: number, timeoutMs = 60_000): Promise<RecordCounts> {
  try {
    await until("every delivery to be recorded", async () => {
      const counts = await recordCounts(db);
      return counts.succeeded >= expected && counts.records >= expected;
    }, 50, timeoutMs);
  } catch {
    // fall through to the exact comparison, which names what is missing
  }
  const counts = await recordCounts(db);
  const { records, deliveries, succeeded } = counts;
  if (records !== expected || deliveries !== expected || succeeded !== expected || receiverCount !== expected) {
    throw new Error(
      `not every delivery was recorded exactly once: expected ${expected}; deliveries ${deliveries} (${succeeded} succeeded), ` +
        `attempt records ${records}, requests at the receiver ${receiverCount}`,
    );
  }
  return counts;
}

export function rowCount(db: BenchDatabase, table: string): Promise<number> {
  return db.count(`SELECT COUNT(*) AS n FROM ${table}`);
}
