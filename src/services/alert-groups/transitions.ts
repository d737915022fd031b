import { DetailError } from "../../errors";
import type { AlertGroup } from "../../schema/entities";

/**
 * The six alert-group actions: their preconditions, checked in OnCall's order (first failure wins), and their
 * effect on the group's fields (domain-api.md §5.3). Pure: escalation and events are the caller's job.
 */
export type AlertGroupAction = "acknowledge" | "unacknowledge" | "resolve" | "unresolve" | "silence" | "unsilence";

const refuse = (message: string) => {
  throw new DetailError(400, message);
};

export function assertActionAllowed(group: AlertGroup, action: AlertGroupAction): void {
  const acknowledged = group.acknowledgedAt !== null;
  const resolved = group.resolvedAt !== null;
  const silenced = group.silencedAt !== null;
  switch (action) {
    case "acknowledge":
      if (acknowledged) refuse("Can't acknowledge an acknowledged alert group");
      if (resolved) refuse("Can't acknowledge a resolved alert group");
      return;
    case "unacknowledge":
      if (!acknowledged) refuse("Can't unacknowledge an unacknowledged alert group");
      if (resolved) refuse("Can't unacknowledge a resolved alert group");
      return;
    case "resolve":
      if (resolved) refuse("Can't resolve a resolved alert group");
      return;
    case "unresolve":
      if (!resolved) refuse("Can't unresolve an unresolved alert group");
      return;
    case "silence":
      if (resolved) refuse("Can't silence a resolved alert group");
      if (acknowledged) refuse("Can't silence an acknowledged alert group");
      return;
    case "unsilence":
      if (!silenced) refuse("Can't unsilence an unsilenced alert group");
      if (resolved) refuse("Can't unsilence a resolved alert group");
      if (acknowledged) refuse("Can't unsilence an acknowledged alert group");
      return;
  }
}

/** Implicit un-silencing by acknowledge/resolve: fields only, never an event of its own. */
function clearSilence(group: AlertGroup): void {
  group.silencedAt = null;
  group.silencedUntil = null;
}

export function markAcknowledged(group: AlertGroup, userId: number | null, now: Date): void {
  clearSilence(group);
  group.acknowledgedAt = now;
  group.acknowledgedById = userId;
}

export function markUnacknowledged(group: AlertGroup): void {
  clearSilence(group);
  group.acknowledgedAt = null;
  group.acknowledgedById = null;
}

/** Acknowledgement fields stay; the group closes for grouping for good (inbound.md §3). */
export function markResolved(group: AlertGroup, userId: number | null, now: Date): void {
  clearSilence(group);
  group.resolvedAt = now;
  group.resolvedById = userId;
  group.openKey = null;
  group.autoResolveDueAt = null;
}

/** Back to firing, but still closed for grouping: the next alert with its key opens a new group. */
export function markUnresolved(group: AlertGroup): void {
  clearSilence(group);
  group.resolvedAt = null;
  group.resolvedById = null;
  group.acknowledgedAt = null;
  group.acknowledgedById = null;
}

/** `delaySeconds` ≤ 0 (-1 and 0) = forever: silenced_until stays null. */
export function markSilenced(group: AlertGroup, delaySeconds: number, now: Date): void {
  group.silencedAt = now;
  group.silencedUntil = delaySeconds > 0 ? new Date(now.getTime() + delaySeconds * 1000) : null;
}

export function markUnsilenced(group: AlertGroup): void {
  clearSilence(group);
}
