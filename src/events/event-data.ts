// OnCall's `event_data` (delivery.md §4): every key in OnCall's order, composed from rows loaded by
// event-data-loader.ts. Sub-objects are shared between the deliveries of one event, never mutated.
import type { AlertGroup, AlertGroupEvent, Webhook } from "../schema/entities";
import { Trigger, triggerName } from "../schema/trigger-types";
import { isoOffset } from "../timestamps";

export interface UserRef {
  id: string;
  username: string;
  email: string;
}

/** The parts of a payload that depend on the alert group only (built once per group per batch). */
export interface GroupParts {
  group: AlertGroup;
  alertGroup: Record<string, unknown>;
  /** The first alert's payload as stored (JsonText), `""` without alerts; a sample payload may be a plain object. */
  alertPayload: unknown;
  integration: Record<string, unknown>;
  /** The integration's public id (integration filter). */
  integrationPublicId: string;
  notifiedUsers: UserRef[];
  usersToBeNotified: UserRef[];
  acknowledgedBy: UserRef | null;
  resolvedBy: UserRef | null;
  /** Latest record of each webhook on this group: [webhook internal id, public id, parsed content]. */
  responses: [number, string, unknown][];
  /** All of `responses` as one object, shared by every webhook that has no record of its own here. */
  allResponses: Record<string, unknown>;
}

export type EventPayload = Record<string, unknown>;

/**
 * The trigger a delivery reports: the event's own, except for an escalation step (type 0 aimed at a webhook)
 * where it is the webhook's trigger (delivery.md §1: "When any webhook runs as an escalation step …").
 */
export function reportedTrigger(event: Pick<AlertGroupEvent, "type" | "escalationPolicyId">, webhook: Pick<Webhook, "triggerType">): number {
  return event.type === Trigger.escalation && event.escalationPolicyId !== null ? webhook.triggerType : event.type;
}

/** `event` (delivery.md §1): times are read from the group as it is now, so they may be null. */
export function eventObject(
  trigger: number,
  group: AlertGroup,
  now: Date,
  options: { personalContext?: Record<string, unknown> | null } = {},
): Record<string, unknown> {
  const type = triggerName(trigger);
  switch (trigger) {
    case Trigger.escalation:
      return { type, time: isoOffset(now) };
    case Trigger.alertGroupCreated:
      return { type, time: isoOffset(group.createdAt) };
    case Trigger.acknowledge:
      return { type, time: isoOffset(group.acknowledgedAt) };
    case Trigger.resolve:
      return { type, time: isoOffset(group.resolvedAt) };
    case Trigger.silence:
      return { type, time: isoOffset(group.silencedAt), until: isoOffset(group.silencedUntil) };
    case Trigger.statusChange:
      // Only reachable as an escalation step: there is no originating event.
      return { type };
    case Trigger.personalNotification:
      return { type, time: isoOffset(now), user: options.personalContext ?? {} };
    default:
      return { type }; // unsilence, unresolve, unacknowledge: no time key
  }
}

/** `responses` for one webhook: the others' latest records; the shared object when it has none of its own. */
export function responsesFor(parts: GroupParts, webhookId: number | null): Record<string, unknown> {
  if (webhookId === null || !parts.responses.some(([id]) => id === webhookId)) return parts.allResponses;
  const out: Record<string, unknown> = {};
  for (const [id, publicId, value] of parts.responses) if (id !== webhookId) out[publicId] = value;
  return out;
}

export function composePayload(input: {
  event: Record<string, unknown>;
  user: UserRef | null;
  parts: GroupParts;
  responses: Record<string, unknown>;
  webhook: Pick<Webhook, "publicId" | "name"> | null;
}): EventPayload {
  const { parts } = input;
  const payload: EventPayload = {
    event: input.event,
    user: input.user,
    alert_group: parts.alertGroup,
    alert_group_id: parts.alertGroup.id,
    alert_payload: parts.alertPayload,
    integration: parts.integration,
    notified_users: parts.notifiedUsers,
    users_to_be_notified: parts.usersToBeNotified,
    // Ruling: OnCall's docs name this key, its code sends the other; outhook sends both.
    users_to_notify: parts.usersToBeNotified,
    alert_group_acknowledged_by: parts.acknowledgedBy,
    alert_group_resolved_by: parts.resolvedBy,
  };
  if (Object.keys(input.responses).length > 0) payload.responses = input.responses;
  if (input.webhook) payload.webhook = webhookObject(input.webhook);
  return payload;
}

const webhookObjects = new WeakMap<object, Record<string, unknown>>();

function webhookObject(webhook: Pick<Webhook, "publicId" | "name">): Record<string, unknown> {
  let obj = webhookObjects.get(webhook);
  if (!obj) webhookObjects.set(webhook, (obj = { id: webhook.publicId, name: webhook.name, labels: {} }));
  return obj;
}
