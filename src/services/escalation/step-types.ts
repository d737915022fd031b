import type { EscalationStepType } from "../../schema/entities/escalation-policy.entity";

/** Step types that may be created through the API (domain-api.md §8). */
export const STEP_TYPES: readonly EscalationStepType[] = [
  "wait", "notify_persons", "notify_person_next_each_time", "notify_team_members", "notify_on_call_from_schedule",
  "notify_user_group", "trigger_webhook", "resolve", "notify_if_time_from_to", "notify_if_num_alerts_in_window",
  "repeat_escalation",
];

/** Known to OnCall but refused at creation, each with its own message. */
export const REFUSED_STEP_TYPES: Readonly<Record<string, string>> = {
  notify_whole_channel: "Invalid escalation step type: step is Slack-specific",
  declare_incident: "Invalid escalation step type: step is not enabled",
};

/** Types whose output carries `important` (the five notify types). */
export const IMPORTANT_TYPES: ReadonlySet<EscalationStepType> = new Set([
  "notify_persons", "notify_person_next_each_time", "notify_team_members", "notify_on_call_from_schedule", "notify_user_group",
]);

/** Public field names that belong to each type, in output order (after `important` for notify types). */
export const TYPE_FIELDS: Readonly<Record<EscalationStepType, readonly string[]>> = {
  wait: ["duration"],
  notify_persons: ["persons_to_notify"],
  notify_person_next_each_time: ["persons_to_notify_next_each_time"],
  notify_team_members: ["team_to_notify"],
  notify_on_call_from_schedule: ["notify_on_call_from_schedule"],
  notify_user_group: ["group_to_notify"],
  trigger_webhook: ["action_to_trigger"],
  resolve: [],
  notify_if_time_from_to: ["notify_if_time_from", "notify_if_time_to"],
  notify_if_num_alerts_in_window: ["num_alerts_in_window", "num_minutes_in_window"],
  repeat_escalation: [],
};

export function isStepType(value: unknown): value is EscalationStepType {
  return typeof value === "string" && (STEP_TYPES as readonly string[]).includes(value);
}

/** OnCall's log name for the trigger_webhook step (delivery.md §2). */
export const TRIGGER_WEBHOOK_STEP_NAME = "Trigger Outgoing Webhook";
