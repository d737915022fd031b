import type { Writer } from "../../db/writer";

/**
 * Claims are leases: a live instance refreshes claimed_at of what it holds every HEARTBEAT_MS, and a claim older
 * than LEASE_MS belongs to an instance that died (kill -9, lost host). Its delivery goes back to pending and is
 * resumed at once; the attempt that was in flight may run again, with the same webhook-id.
 */
export const HEARTBEAT_MS = 2_000;
export const LEASE_MS = 10_000;
/** Recovery runs at start and then every 3–5 s (jittered, so several instances do not run it in step). */
export const RECOVER_MIN_MS = 3_000;
export const RECOVER_JITTER_MS = 2_000;

const HEARTBEAT_SQL = `
UPDATE delivery SET claimed_at = :now WHERE claimed_by = :instance AND status = 'in_flight'`;

const RECOVER_SQL = `
UPDATE delivery SET status = 'pending', claimed_by = NULL, claimed_at = NULL
WHERE status = 'in_flight' AND (claimed_at IS NULL OR claimed_at < :staleBefore)`;

export async function refreshClaims(writer: Writer, instanceId: string, now = new Date()): Promise<void> {
  await writer.transaction([{ text: HEARTBEAT_SQL, params: { now, instance: instanceId } }]);
}

/** Frees stale claims; returns how many deliveries were handed back. */
export async function recoverStaleClaims(writer: Writer, now = new Date(), leaseMs = LEASE_MS): Promise<number> {
  const [{ affected }] = await writer.transaction([{ text: RECOVER_SQL, params: { staleBefore: new Date(now.getTime() - leaseMs) } }]);
  return affected;
}

export function nextRecoveryDelay(): number {
  return RECOVER_MIN_MS + Math.floor(Math.random() * RECOVER_JITTER_MS);
}
