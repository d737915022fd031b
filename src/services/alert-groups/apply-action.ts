import type { EntityManager } from "typeorm";
import { enqueueEvent } from "../../events/enqueue";
import { AlertGroup } from "../../schema/entities";
import { Trigger, type TriggerId } from "../../schema/trigger-types";
import type { EscalationService } from "../escalation.service";
import {
  markAcknowledged, markResolved, markSilenced, markUnacknowledged, markUnresolved, markUnsilenced,
  type AlertGroupAction,
} from "./transitions";

/** Escalation restarts from the first step this long after unacknowledge, unresolve, unsilence (domain-api.md §5.4). */
export const RESTART_ESCALATION_DELAY_MS = 10_000;

export interface ActionContext {
  em: EntityManager;
  escalation: EscalationService;
  /** The acting user; null for the source, escalation steps and timers. */
  userId: number | null;
  now: Date;
  /** silence only: seconds, ≤ 0 = forever. */
  delaySeconds?: number;
}

const EVENT_OF: Record<AlertGroupAction, TriggerId> = {
  acknowledge: Trigger.acknowledge,
  unacknowledge: Trigger.unacknowledge,
  resolve: Trigger.resolve,
  unresolve: Trigger.unresolve,
  silence: Trigger.silence,
  unsilence: Trigger.unsilence,
};

/**
 * One state change of a locked group, in the caller's transaction: fields, escalation, save, and exactly one
 * status event (implied changes such as clearing a silence fire nothing). Preconditions are checked before.
 */
export async function applyAction(ctx: ActionContext, group: AlertGroup, action: AlertGroupAction): Promise<void> {
  const { em, escalation, userId, now } = ctx;
  switch (action) {
    case "acknowledge":
      markAcknowledged(group, userId, now);
      escalation.halt(group);
      break;
    case "resolve":
      markResolved(group, userId, now);
      escalation.halt(group);
      break;
    case "silence":
      markSilenced(group, ctx.delaySeconds ?? -1, now);
      escalation.halt(group); // suspended; a silence with an end restarts it from the first step then
      break;
    case "unacknowledge":
      markUnacknowledged(group);
      await escalation.begin(em, group, RESTART_ESCALATION_DELAY_MS);
      break;
    case "unresolve":
      markUnresolved(group);
      await escalation.begin(em, group, RESTART_ESCALATION_DELAY_MS);
      break;
    case "unsilence":
      markUnsilenced(group);
      await escalation.begin(em, group, RESTART_ESCALATION_DELAY_MS);
      break;
  }
  await em.getRepository(AlertGroup).save(group);
  await enqueueEvent(em, {
    organizationId: group.organizationId,
    alertGroupId: group.id,
    type: EVENT_OF[action],
    userId,
    detail: action === "silence" ? { until: group.silencedUntil?.toISOString() ?? null } : null,
    createdAt: now,
  });
}
