import type { OnCallObject } from "./oncall-client";
import type { ReportEntry } from "./report";
import type { SourceSnapshot, UnsupportedResource } from "./source";

/** What each resource outhook has no place for is, and why it stays in OnCall. */
const RESOURCES: Record<UnsupportedResource, { kind: string; name: (o: OnCallObject) => unknown; why: (o: OnCallObject) => string }> = {
  schedules: {
    kind: "schedule",
    name: (o) => o.name,
    why: () => "schedules are out of scope; escalation steps that notify one fail in outhook",
  },
  on_call_shifts: { kind: "on_call_shift", name: (o) => o.name, why: () => "on-call shifts belong to schedules, which are out of scope" },
  user_groups: { kind: "user_group", name: (o) => o.short_name ?? o.name, why: () => "Slack user groups are out of scope" },
  routes: {
    kind: "route",
    name: (o) => o.routing_regex,
    why: (o) => `only an integration's default route is kept: alerts this route matched go to the default route of ${String(o.integration_id)}`,
  },
  connected_webhooks: {
    kind: "webhook",
    name: (o) => o.name,
    why: () => "webhook of a connected integration, managed by OnCall",
  },
};

/** One report entry per object left behind. */
export function leftInOnCall(snapshot: SourceSnapshot): ReportEntry[] {
  return (Object.keys(RESOURCES) as UnsupportedResource[]).flatMap((resource) => {
    const { kind, name, why } = RESOURCES[resource];
    return snapshot.unsupported[resource].map((o) => ({
      kind, id: o.id, name: String(name(o) ?? ""), outcome: "unsupported" as const, detail: why(o), notes: [],
    }));
  });
}

/** Whole categories left behind, and the endpoints that could not be read. */
export function remarks(snapshot: SourceSnapshot): string[] {
  const { alertGroups, personalNotificationRules } = snapshot.counts;
  const out: string[] = [];
  if (alertGroups) out.push(`${plural(alertGroups, "alert group")}: their history is not imported (it stays readable in OnCall)`);
  if (personalNotificationRules) {
    out.push(`${plural(personalNotificationRules, "personal notification rule")}: outhook notifies through escalation steps and webhooks only`);
  }
  out.push(...snapshot.unreadable.map((message) => `could not read: ${message}`));
  return out;
}

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;
