import type { AlertGroup } from "../../schema/entities";

export type AlertGroupState = "firing" | "acknowledged" | "resolved" | "silenced";

type Flags = Pick<AlertGroup, "resolvedAt" | "acknowledgedAt" | "silencedAt">;

/** Derived from three flags, in this precedence (domain-api.md §5.3). */
export function stateOf(group: Flags): AlertGroupState {
  if (group.resolvedAt) return "resolved";
  if (group.acknowledgedAt) return "acknowledged";
  if (group.silencedAt) return "silenced";
  return "firing";
}
