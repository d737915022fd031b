import { dbNowPlusSql, dbNowSql, type DialectKind } from "../../db/dialect";
import type { Writer } from "../../db/writer";

/**
 * Claims are leases: a live instance refreshes claimed_at of what it holds every HEARTBEAT_MS, and a claim older
 * than LEASE_MS belongs to an instance that died (kill -9, lost host). Its delivery goes back to pending and is
 * resumed at once; the attempt that was in flight may run again, with the same webhook-id.
 * Every instant here is the database's clock: claimed_at is written by one instance and judged by another, so
 * their own clocks (which may be seconds or minutes apart) would hand a live claim over and send twice.
 */
export const HEARTBEAT_MS = 2_000;
export const LEASE_MS = 10_000;
/** Recovery runs at start and then every 3–5 s (jittered, so several instances do not run it in step). */
export const RECOVER_MIN_MS = 3_000;
export const RECOVER_JITTER_MS = 2_000;

const heartbeatSql = (kind: DialectKind) => `
UPDATE delivery SET claimed_at = ${dbNowSql(kind)} WHERE claimed_by = :instance AND status = 'in_flight'`;

const recoverSql = (kind: DialectKind) => `
UPDATE delivery SET status = 'pending', claimed_by = NULL, claimed_at = NULL
WHERE status = 'in_flight' AND (claimed_at IS NULL OR claimed_at < ${dbNowPlusSql(kind, "leaseAgo")})`;

export async function refreshClaims(writer: Writer, instanceId: string): Promise<void> {
  await writer.transaction([{ text: heartbeatSql(writer.dialect), params: { instance: instanceId } }]);
}

/**
 * Frees stale claims; returns how many deliveries were handed back. This instance's own claims are refreshed in
 * the same transaction first: after the database was unreachable for longer than a lease, recovery must not
 * hand back what this instance still holds (and is about to record).
 */
export async function recoverStaleClaims(writer: Writer, instanceId: string, leaseMs = LEASE_MS): Promise<number> {
  const [, { affected }] = await writer.transaction([
    { text: heartbeatSql(writer.dialect), params: { instance: instanceId } },
    { text: recoverSql(writer.dialect), params: { leaseAgo: -leaseMs } },
  ]);
  return affected;
}

export function nextRecoveryDelay(): number {
  return RECOVER_MIN_MS + Math.floor(Math.random() * RECOVER_JITTER_MS);
}
