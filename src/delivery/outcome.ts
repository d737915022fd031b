// From an attempt's result to what is stored: its response record and how its delivery is settled.
import type { Config } from "../config";
import type { AttemptInput, AttemptResult } from "../attempts/attempt";
import type { Settlement } from "./outbox/settle";
import { maskPersonalContext, type AttemptRecord, type RecordDraft } from "../attempts/record";
import type { RecordEventData } from "../attempts/shared-event-data";
import { pythonDumps } from "../attempts/python-dumps";
import { decideRetry } from "./retry";
import { Trigger } from "../schema/trigger-types";

interface AttemptedDelivery {
  id: number;
  organizationId: number;
  alertGroupId: number;
  webhookId: number;
  attempt: number;
}

/** Retry delay after an internal failure (database, renderer crash): the attempt is retried like a transient error. */
export function settlementFor(
  d: AttemptedDelivery,
  what: { kind: "attempted"; result: AttemptResult } | { kind: "internal" },
  config: Config,
  now = new Date(),
): Settlement {
  const retryable = what.kind === "internal" || what.result.retryable;
  const decision = decideRetry({
    attempt: d.attempt,
    retryable,
    retryAfterSeconds: what.kind === "attempted" ? what.result.retryAfterSeconds : undefined,
    scheduleSeconds: config.retryScheduleSeconds,
    now,
  });
  if (decision.kind === "retry") return { deliveryId: d.id, kind: "retry", delayMs: decision.delaySeconds * 1000 };
  const delivered = what.kind === "attempted" && what.result.delivered;
  return { deliveryId: d.id, kind: "final", status: delivered ? "succeeded" : "failed" };
}

/** One row per attempt (delivery.md §8); a personal notification's private context is masked in event_data. */
export function recordFor(d: AttemptedDelivery, input: AttemptInput, draft: RecordDraft, eventData: RecordEventData, now = new Date()): AttemptRecord {
  const personal = input.trigger === Trigger.personalNotification;
  return {
    organizationId: d.organizationId,
    alertGroupId: d.alertGroupId,
    webhookId: d.webhookId,
    deliveryId: d.id,
    attempt: d.attempt,
    triggerType: input.trigger,
    timestamp: now,
    draft,
    ...(personal ? { eventData: pythonDumps(maskPersonalContext(input.payload)), shared: null } : { eventData: eventData.text, shared: eventData.shared }),
  };
}
