// The response record of one attempt (delivery.md §8) and the masking applied before anything is stored
// (delivery.md §14.7, rulings "masking of URL user-info and secret headers in records").
import type { DialectKind } from "../db/dialect";
import type { SharedPart } from "./shared-event-data";
import { insertStatements, type ColumnOf, type Statement } from "../db/sql";
import { storableText } from "../db/storable-text";
import { pythonDumps } from "./python-dumps";

export const MASK = "****************";

/**
 * Headers whose values are credentials. `Authorization` is OnCall's rule (any letter case); the others are
 * the common API-key names, masked because a record is readable by every viewer of the webhook.
 */
const SECRET_HEADERS = new Set(["authorization", "proxy-authorization", "x-api-key", "api-key", "x-auth-token"]);

export function maskHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[name] = SECRET_HEADERS.has(name.toLowerCase()) ? MASK : value;
  return out;
}

/** `https://user:pass@host/x` → `https://****************@host/x`; the rest of the rendered text is kept as is. */
export function maskUrlUserinfo(url: string): string {
  return url.replace(/^(\s*[a-z][a-z0-9+.-]*:\/\/)([^/?#\\]*)@/i, (_m, scheme: string) => `${scheme}${MASK}@`);
}

/** The header map as stored: Python-style JSON text of the masked map, `{}` when empty. */
export function headersText(headers: Record<string, string>): string {
  return pythonDumps(maskHeaders(headers));
}

/** Personal notifications: the user's private context (`event.user`) never reaches a record. */
export function maskPersonalContext(payload: Record<string, unknown>): Record<string, unknown> {
  const event = payload.event as Record<string, unknown> | undefined;
  if (!event || typeof event.user !== "object" || event.user === null) return payload;
  const masked = Object.fromEntries(Object.keys(event.user as object).map((k) => [k, MASK]));
  return { ...payload, event: { ...event, user: masked } };
}

/** What an attempt produced, field by field (null = not reached), before it becomes a row. */
export interface RecordDraft {
  requestTrigger: string | null;
  url: string | null;
  requestHeaders: string | null;
  requestData: string | null;
  statusCode: number | null;
  content: string | null;
  /** How long the send took (HttpSender.sendTimed); null when nothing was sent. */
  durationMs: number | null;
}

export function emptyDraft(): RecordDraft {
  return { requestTrigger: null, url: null, requestHeaders: null, requestData: null, statusCode: null, content: null, durationMs: null };
}

/** A transport error as one human-readable line (records are shown in tables). */
export function singleLine(message: string): string {
  const line = message.replace(/\s*[\r\n]+\s*/g, " ").trim();
  return line || "Request failed";
}

export interface AttemptRecord {
  organizationId: number;
  alertGroupId: number | null;
  webhookId: number | null;
  deliveryId: number | null;
  attempt: number;
  triggerType: number;
  timestamp: Date;
  draft: RecordDraft;
  /** Without its shared part, when it has one (shared-event-data.ts). */
  eventData: string;
  shared: SharedPart | null;
}

// Every text passes storableText: rendered templates, response bodies and error texts can hold any character.
const COLUMNS: ColumnOf<AttemptRecord>[] = [
  ["organization_id", (r) => r.organizationId],
  ["alert_group_id", (r) => r.alertGroupId],
  ["webhook_id", (r) => r.webhookId],
  ["delivery_id", (r) => r.deliveryId],
  ["attempt", (r) => r.attempt],
  ["trigger_type", (r) => r.triggerType],
  ["timestamp", (r) => r.timestamp],
  ["request_trigger", (r) => storableText(r.draft.requestTrigger)],
  ["url", (r) => storableText(r.draft.url)],
  ["request_headers", (r) => storableText(r.draft.requestHeaders)],
  ["request_data", (r) => storableText(r.draft.requestData)],
  ["status_code", (r) => r.draft.statusCode],
  ["content", (r) => storableText(r.draft.content)],
  ["duration_ms", (r) => r.draft.durationMs],
  ["event_data", (r) => storableText(r.eventData)],
  ["responses_hash", (r) => r.shared?.hash ?? null],
  ["responses_at", (r) => r.shared?.at ?? null],
];

export const REDUCED_RECORD_NOTE = "Record could not be stored in full: the database refused it (see the application log)";

/**
 * What is kept of a record the database refused: who, when, which attempt and its status code, none of the
 * texts that may have caused the refusal. The attempt still shows in `/responses`.
 */
export function reducedRecord(r: AttemptRecord): AttemptRecord {
  return { ...r, draft: { ...emptyDraft(), statusCode: r.draft.statusCode, content: REDUCED_RECORD_NOTE }, eventData: "{}", shared: null };
}

/**
 * A snapshot the records about to be written use, inserted when missing. On PostgreSQL an existing one is
 * key-share locked first, so retention on another instance cannot delete it before the records commit, while other
 * recorders writing records of the same event are not held up (an upsert's row lock made each wait for the
 * other's commit: a crash then found more attempts answered and not yet recorded). Had retention deleted it
 * meanwhile, it is inserted again.
 */
const SNAPSHOT_SQL: Record<DialectKind, string> = {
  sqlite: "INSERT INTO responses_snapshot (hash, text) VALUES (:hash, :text) ON CONFLICT (hash) DO NOTHING",
  postgres: `WITH kept AS (SELECT hash FROM responses_snapshot WHERE hash = CAST(:hash AS varchar) FOR KEY SHARE)
INSERT INTO responses_snapshot (hash, text) SELECT CAST(:hash AS varchar), CAST(:text AS text) WHERE NOT EXISTS (SELECT 1 FROM kept)
ON CONFLICT (hash) DO NOTHING`,
};

/** Stores the records of finished attempts, one row each, after the shared parts they use (in hash order). */
export function recordStatements(records: AttemptRecord[], dialect: DialectKind): Statement[] {
  const snapshots = new Map<string, string>();
  for (const r of records) if (r.shared) snapshots.set(r.shared.hash, r.shared.text);
  return [
    ...[...snapshots].sort(([a], [b]) => (a < b ? -1 : 1)).map(([hash, text]) => ({ text: SNAPSHOT_SQL[dialect], params: { hash, text: storableText(text) } })),
    ...insertStatements("webhook_response", COLUMNS, records),
  ];
}
