// Turns loaded rows into the input of one attempt: the payload as this webhook sees it right now.
import type { AlertGroupEvent } from "../schema/entities";
import { composePayload, eventObject, reportedTrigger, responsesFor } from "../events/event-data";
import type { LoadedRows } from "../events/event-data-loader";
import { WEBHOOK_DELETED } from "../events/skip-deliveries";
import type { AttemptInput } from "./attempt";

export interface DeliveryRef {
  publicId: string;
  eventId: number;
  webhookId: number;
  alertGroupId: number;
}

export const WEBHOOK_DISABLED = "Webhook is disabled";
/** Skip reasons of a paused webhook's deliveries start with this (resumeWebhook finds them by it). */
export const WEBHOOK_PAUSED_PREFIX = "Webhook is paused: ";
export const pausedSkipReason = (pauseReason: string | null) => `${WEBHOOK_PAUSED_PREFIX}${pauseReason ?? "no reason recorded"}`;

/**
 * The input, or why the delivery is not attempted: its rows are gone (§3 step 1: "stop silently, nothing
 * recorded"), or its webhook was disabled since the delivery was queued (README "disabled means disabled":
 * OnCall would still send it, §3), or it is paused since (README "Failing webhooks pause").
 */
export function attemptInputFor(
  rows: LoadedRows,
  delivery: DeliveryRef,
  now: Date,
  memo?: WeakMap<object, string>,
): AttemptInput | { skip: string; whilePaused?: true } {
  const webhook = rows.webhooks.get(delivery.webhookId);
  if (!webhook || webhook.deletedAt) return { skip: WEBHOOK_DELETED };
  if (webhook.isWebhookEnabled === false) return { skip: WEBHOOK_DISABLED };
  if (webhook.pausedAt) return { skip: pausedSkipReason(webhook.pauseReason), whilePaused: true };
  const parts = rows.groups.get(delivery.alertGroupId);
  if (!parts) return { skip: "Alert group was deleted" };
  const event = rows.events.get(delivery.eventId);
  if (!event) return { skip: "Event was deleted" };
  const trigger = reportedTrigger(event, webhook);
  const payload = composePayload({
    event: eventObject(trigger, parts.group, now, { personalContext: personalContextOf(rows, event) }),
    user: event.userId !== null ? (rows.users.get(event.userId) ?? null) : null,
    parts,
    responses: responsesFor(parts, webhook.id),
    webhook,
  });
  return { messageId: delivery.publicId, webhook, parts, payload, trigger, now, payloadMemo: memo };
}

/** The user's private context, read from the (encrypted) binding when the attempt runs; events keep no copy. */
function personalContextOf(rows: LoadedRows, event: AlertGroupEvent): Record<string, unknown> | null {
  return event.userId !== null ? (rows.personalContexts.get(event.userId) ?? null) : null;
}
