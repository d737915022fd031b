import type { ChainView, PolicyView } from "../services/escalation/views";
import { IMPORTANT_TYPES, TYPE_FIELDS } from "../services/escalation/step-types";

/** `{"id": "F…", "name": …, "team_id": …}` (domain-api.md §7). */
export function chainToOnCall(view: ChainView): Record<string, unknown> {
  return { id: view.chain.publicId, name: view.chain.name, team_id: view.teamPublicId };
}

/**
 * Always `id, escalation_chain_id, position, type`, then only the fields of the type (domain-api.md §8);
 * `important` leads for the five notify types.
 */
export function policyToOnCall(view: PolicyView): Record<string, unknown> {
  const { policy } = view;
  const out: Record<string, unknown> = {
    id: policy.publicId,
    escalation_chain_id: view.chainPublicId,
    position: policy.position,
    type: policy.type,
  };
  if (IMPORTANT_TYPES.has(policy.type)) out.important = policy.important;
  const values: Record<string, unknown> = {
    duration: policy.duration,
    persons_to_notify: view.personsToNotify,
    persons_to_notify_next_each_time: view.personsToNotifyNextEachTime,
    team_to_notify: view.teamToNotify,
    notify_on_call_from_schedule: null, // schedules are out of scope
    group_to_notify: null, // Slack user groups are out of scope
    action_to_trigger: view.actionToTrigger,
    notify_if_time_from: policy.notifyIfTimeFrom,
    notify_if_time_to: policy.notifyIfTimeTo,
    num_alerts_in_window: policy.numAlertsInWindow,
    num_minutes_in_window: policy.numMinutesInWindow,
  };
  for (const field of TYPE_FIELDS[policy.type] ?? []) out[field] = values[field];
  return out;
}
