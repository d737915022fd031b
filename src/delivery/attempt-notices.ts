// What the live feed hears of each committed attempt: ids only, so a notice fits PostgreSQL's NOTIFY (payloads
// are capped at 8000 bytes) and every instance loads what it shows from the database by id.
import type { DialectKind } from "../db/dialect";
import type { Statement } from "../db/sql";
import type { Finished } from "./recorder";

/** The LISTEN/NOTIFY channel every instance on one PostgreSQL database shares. */
export const ATTEMPT_NOTICE_CHANNEL = "outhook_delivery_attempts";

/** How one attempt (or an engine-decided skip) left its delivery. */
export type NoticeOutcome = "succeeded" | "failed" | "retrying" | "skipped";

export interface AttemptNotice {
  organizationId: number;
  webhookId: number;
  deliveryId: number;
  /** The attempt number of the record written; null for a skip (nothing was sent or recorded). */
  attempt: number | null;
  outcome: NoticeOutcome;
}

/**
 * The notices of a committed group: one per stored record, and one per delivery the engine skipped. An entry
 * with neither (an internal failure, retried later) has nothing to show yet.
 */
export function noticesOf(group: readonly Finished[]): AttemptNotice[] {
  const out: AttemptNotice[] = [];
  for (const { delivery, record, settlement } of group) {
    const outcome: NoticeOutcome = settlement.kind === "retry" ? "retrying" : settlement.status;
    if (!record && outcome !== "skipped") continue;
    out.push({
      organizationId: delivery.organizationId,
      webhookId: delivery.webhookId,
      deliveryId: delivery.id,
      attempt: record ? record.attempt : null,
      outcome,
    });
  }
  return out;
}

const CODE: Record<NoticeOutcome, string> = { succeeded: "s", failed: "f", retrying: "r", skipped: "k" };
const OUTCOME = Object.fromEntries(Object.entries(CODE).map(([outcome, code]) => [code, outcome])) as Record<string, NoticeOutcome>;

/** Below PostgreSQL's 8000-byte NOTIFY limit, with room to spare; a payload is ASCII, so characters are bytes. */
const MAX_PAYLOAD = 7_500;

/**
 * Notices as NOTIFY payloads of at most MAX_PAYLOAD bytes each: `org,webhook,delivery,attempt,outcome` joined by
 * `;` (about 30 bytes per attempt, so a group of 200 needs one or two).
 */
export function encodeNotices(notices: readonly AttemptNotice[]): string[] {
  const payloads: string[] = [];
  let current = "";
  for (const n of notices) {
    const item = `${n.organizationId},${n.webhookId},${n.deliveryId},${n.attempt ?? ""},${CODE[n.outcome]}`;
    if (current && current.length + 1 + item.length > MAX_PAYLOAD) {
      payloads.push(current);
      current = "";
    }
    current = current ? `${current};${item}` : item;
  }
  if (current) payloads.push(current);
  return payloads;
}

/** The notices of one payload; malformed items (another program NOTIFYing on the channel) are left out. */
export function decodeNotices(payload: string): AttemptNotice[] {
  const out: AttemptNotice[] = [];
  for (const item of payload.split(";")) {
    const [org, webhook, delivery, attempt, code] = item.split(",");
    const ids = [org, webhook, delivery].map(Number);
    const outcome = OUTCOME[code];
    if (!outcome || ids.some((id) => !Number.isSafeInteger(id) || id <= 0)) continue;
    const attemptNumber = attempt === "" ? null : Number(attempt);
    if (attemptNumber !== null && !Number.isSafeInteger(attemptNumber)) continue;
    out.push({ organizationId: ids[0], webhookId: ids[1], deliveryId: ids[2], attempt: attemptNumber, outcome });
  }
  return out;
}

/**
 * On PostgreSQL, the NOTIFY statements that go into the transaction recording the group: they are delivered
 * when (and only if) it commits, to every instance listening, this one included. SQLite has one process, which
 * hears its own commits (DeliveryEngine.onCommitted).
 */
export function noticeStatements(kind: DialectKind, group: readonly Finished[]): Statement[] {
  if (kind !== "postgres") return [];
  return encodeNotices(noticesOf(group)).map((payload) => ({
    text: "SELECT pg_notify(:channel, :payload)",
    params: { channel: ATTEMPT_NOTICE_CHANNEL, payload },
  }));
}
