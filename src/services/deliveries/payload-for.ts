// Payloads for operations outside the outbox (test sends, template previews), built exactly as a delivery's.
import type { EntityManager } from "typeorm";
import type { Config } from "../../config";
import { composePayload, eventObject, responsesFor, type EventPayload, type GroupParts, type UserRef } from "../../events/event-data";
import { loadPayloadRows } from "../../events/event-data-loader";
import { sampleGroupParts } from "../../events/sample-event";
import type { AlertGroup, Webhook } from "../../schema/entities";
import { Trigger } from "../../schema/trigger-types";

export interface BuiltPayload {
  parts: GroupParts;
  payload: EventPayload;
}

/**
 * As if the webhook ran as an escalation step now: `event.type` is the webhook's own trigger (delivery.md §1),
 * `user` the caller. Without a group, a sample group stands in.
 */
export async function payloadFor(
  em: EntityManager,
  config: Config,
  options: { group: AlertGroup | null; webhook: Webhook | null; user: UserRef | null; now: Date },
): Promise<BuiltPayload> {
  const { group, webhook, now } = options;
  let parts: GroupParts;
  if (group) {
    const rows = await loadPayloadRows(em, config.baseUrl, [{ eventId: null, webhookId: webhook?.id ?? null, alertGroupId: group.id }]);
    parts = rows.groups.get(group.id)!;
  } else {
    parts = sampleGroupParts(config.baseUrl, now);
  }
  const trigger = webhook?.triggerType ?? Trigger.escalation;
  const payload = composePayload({
    event: eventObject(trigger, parts.group, now, { personalContext: {} }),
    user: options.user,
    parts,
    responses: responsesFor(parts, webhook?.id ?? null),
    webhook,
  });
  return { parts, payload };
}
