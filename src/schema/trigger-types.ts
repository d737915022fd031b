/** Webhook trigger types: public names (API, `event.type`) and internal ids (records) — webhooks-api.md. */
export const TRIGGER_NAMES = [
  "escalation",
  "alert group created",
  "acknowledge",
  "resolve",
  "silence",
  "unsilence",
  "unresolve",
  "unacknowledge",
  "status change",
  "personal notification",
] as const;

export type TriggerName = (typeof TRIGGER_NAMES)[number];

export const Trigger = {
  escalation: 0,
  alertGroupCreated: 1,
  acknowledge: 2,
  resolve: 3,
  silence: 4,
  unsilence: 5,
  unresolve: 6,
  unacknowledge: 7,
  statusChange: 8,
  personalNotification: 9,
} as const;

export type TriggerId = (typeof Trigger)[keyof typeof Trigger];

/** The six status events, which also fire `status change` webhooks. */
export const STATUS_TRIGGERS: readonly number[] = [2, 3, 4, 5, 6, 7];

export function triggerName(id: number): TriggerName {
  return TRIGGER_NAMES[id];
}

export function triggerId(name: string): TriggerId | undefined {
  const index = (TRIGGER_NAMES as readonly string[]).indexOf(name);
  return index < 0 ? undefined : (index as TriggerId);
}
