import type { EntityManager } from "typeorm";
import { AlertGroupEvent, Delivery } from "../schema/entities";
import { newPublicId } from "../schema/public-id";
import { STATUS_TRIGGERS, Trigger, type TriggerId } from "../schema/trigger-types";
import { insertRows, runStatement, type ColumnOf } from "../db/sql";
import { dbInstant, dbNowSql, dialectOf, type DialectKind } from "../db/dialect";

export interface NewEvent {
  organizationId: number;
  alertGroupId: number;
  type: TriggerId;
  /** Acting user; null/undefined for the source, escalation steps and timers. */
  userId?: number | null;
  /** Aim the event at one webhook (escalation step, manual trigger, personal notification). */
  webhookId?: number | null;
  escalationPolicyId?: number | null;
  detail?: Record<string, unknown> | null;
  createdAt?: Date;
}

// Hand-written statements: every state change of every alert group passes here, inside its transaction.
const EVENT_COLUMNS: ColumnOf<AlertGroupEvent>[] = [
  ["organization_id", (e) => e.organizationId],
  ["alert_group_id", (e) => e.alertGroupId],
  ["type", (e) => e.type],
  ["user_id", (e) => e.userId],
  ["webhook_id", (e) => e.webhookId],
  ["escalation_policy_id", (e) => e.escalationPolicyId],
  ["detail", (e) => (e.detail === null ? null : JSON.stringify(e.detail))],
  ["created_at", (e) => e.createdAt],
];

const DELIVERY_COLUMNS: ColumnOf<Delivery>[] = [
  ["public_id", (d) => d.publicId],
  ["organization_id", (d) => d.organizationId],
  ["event_id", (d) => d.eventId],
  ["webhook_id", (d) => d.webhookId],
  ["alert_group_id", (d) => d.alertGroupId],
  ["status", (d) => d.status],
  ["attempts", (d) => d.attempts],
  ["next_attempt_at", (d) => d.nextAttemptAt],
  ["created_at", (d) => d.createdAt],
];

// Each row also carries the database's clock: a new delivery is due at once by the clock the engines' claims
// compare with (outbox/claim.ts), whatever this instance's own clock says.
const aimedSql = (kind: DialectKind) =>
  `SELECT id, is_webhook_enabled AS enabled, ${dbNowSql(kind)} AS db_now FROM webhook WHERE id = :id AND deleted_at IS NULL`;
const matchingSql = (kind: DialectKind) => `
SELECT id, is_webhook_enabled AS enabled, ${dbNowSql(kind)} AS db_now FROM webhook
WHERE organization_id = :organization AND deleted_at IS NULL AND trigger_type IN (:...types)
ORDER BY id`;
const SQL = {
  sqlite: { aimed: aimedSql("sqlite"), matching: matchingSql("sqlite") },
  postgres: { aimed: aimedSql("postgres"), matching: matchingSql("postgres") },
};

/** Deliveries queued per transaction (its EntityManager), so the caller wakes the engine only when there are some. */
const queuedIn = new WeakMap<EntityManager, number>();

/** How many deliveries `enqueueEvent` wrote with this EntityManager so far. */
export function deliveriesQueuedIn(em: EntityManager): number {
  return queuedIn.get(em) ?? 0;
}

interface WebhookRow {
  id: number;
  enabled: unknown;
  db_now: unknown;
}

/**
 * Writes an event and its deliveries with the caller's EntityManager, i.e. in the same transaction as the
 * state change that caused it (delivery.md §14.2). The caller wakes the engine after commit.
 * Selection (delivery.md §2): the event's trigger or `status change` for the six status events; a webhook
 * with is_webhook_enabled = false never runs (null counts as enabled).
 */
export async function enqueueEvent(em: EntityManager, input: NewEvent): Promise<{ event: AlertGroupEvent; deliveries: Delivery[] }> {
  const now = input.createdAt ?? new Date();
  const event = Object.assign(new AlertGroupEvent(), {
    organizationId: input.organizationId,
    alertGroupId: input.alertGroupId,
    type: input.type,
    userId: input.userId ?? null,
    webhookId: input.webhookId ?? null,
    escalationPolicyId: input.escalationPolicyId ?? null,
    detail: input.detail ?? null,
    createdAt: now,
  });
  const [inserted] = await insertRows<AlertGroupEvent, { id: number }>(em, "event", EVENT_COLUMNS, [event], "id");
  event.id = Number(inserted.id);

  const webhooks = await matchingWebhooks(em, input);
  const dueAt = webhooks.length ? dbInstant(webhooks[0].dbNow) : now;
  const deliveries = webhooks.map(({ id: webhookId }) =>
    Object.assign(new Delivery(), {
      publicId: newPublicId("delivery"),
      organizationId: input.organizationId,
      eventId: event.id,
      webhookId,
      alertGroupId: input.alertGroupId,
      status: "pending" as const,
      skipReason: null,
      attempts: 0,
      nextAttemptAt: dueAt,
      claimedBy: null,
      claimedAt: null,
      createdAt: now,
      finishedAt: null,
    }),
  );
  if (deliveries.length) queuedIn.set(em, deliveriesQueuedIn(em) + deliveries.length);
  const ids = await insertRows<Delivery, { id: number; public_id: string }>(em, "delivery", DELIVERY_COLUMNS, deliveries, "id, public_id");
  const idOf = new Map(ids.map((r) => [r.public_id, Number(r.id)]));
  for (const d of deliveries) d.id = idOf.get(d.publicId)!;
  return { event, deliveries };
}

async function matchingWebhooks(em: EntityManager, input: NewEvent): Promise<{ id: number; dbNow: unknown }[]> {
  const sql = SQL[dialectOf(em)];
  const { rows } = input.webhookId
    ? await runStatement<WebhookRow>(em, sql.aimed, { id: input.webhookId })
    : await runStatement<WebhookRow>(em, sql.matching, {
        organization: input.organizationId,
        types: STATUS_TRIGGERS.includes(input.type) ? [input.type, Trigger.statusChange] : [input.type],
      });
  // null counts as enabled; SQLite returns 0/1, PostgreSQL booleans.
  return rows.filter((w) => w.enabled !== false && w.enabled !== 0).map((w) => ({ id: Number(w.id), dbNow: w.db_now }));
}
