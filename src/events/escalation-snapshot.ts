import type { EntityManager } from "typeorm";
import { EscalationPolicy, Route } from "../schema/entities";
import type { EscalationSnapshotStep } from "../schema/entities/alert-group.entity";
import type { EscalationStepType } from "../schema/entities/escalation-policy.entity";

/** One frozen policy: later edits to the chain do not change a running escalation (domain-api.md §5.4). */
export interface SnapshotStep extends EscalationSnapshotStep {
  policyId: number;
  type: EscalationStepType;
  important: boolean;
  duration: number | null;
  personsToNotify: number[];
  personsToNotifyNextEachTime: number[];
  /** The round-robin cursor when the snapshot was taken (the live policy's cursor wins while it exists). */
  lastNotifiedUserId: number | null;
  teamToNotifyId: number | null;
  actionToTriggerId: number | null;
  notifyIfTimeFrom: string | null;
  notifyIfTimeTo: string | null;
  numAlertsInWindow: number | null;
  numMinutesInWindow: number | null;
}

/** The route's chain policies in step order; null when the route has no chain (no escalation). */
export async function takeSnapshot(em: EntityManager, routeId: number | null): Promise<SnapshotStep[] | null> {
  if (routeId === null) return null;
  const route = await em.getRepository(Route).findOneBy({ id: routeId });
  return snapshotOfChain(em, route?.escalationChainId ?? null);
}

/** `takeSnapshot` when the route's chain is already known (the inbound path read it with the route). */
export async function snapshotOfChain(em: EntityManager, chainId: number | null): Promise<SnapshotStep[] | null> {
  if (!chainId) return null;
  const policies = await em.getRepository(EscalationPolicy).find({
    where: { escalationChainId: chainId },
    order: { position: "ASC", id: "ASC" },
  });
  return policies.map((p) => ({
    policyId: p.id,
    type: p.type,
    important: p.important,
    duration: p.duration,
    personsToNotify: p.personsToNotify ?? [],
    personsToNotifyNextEachTime: p.personsToNotifyNextEachTime ?? [],
    lastNotifiedUserId: p.lastNotifiedUserId,
    teamToNotifyId: p.teamToNotifyId,
    actionToTriggerId: p.actionToTriggerId,
    notifyIfTimeFrom: p.notifyIfTimeFrom,
    notifyIfTimeTo: p.notifyIfTimeTo,
    numAlertsInWindow: p.numAlertsInWindow,
    numMinutesInWindow: p.numMinutesInWindow,
  }));
}

/** Snapshots are stored as JSON; read them back with the defaults of steps written by older code. */
export function snapshotSteps(raw: EscalationSnapshotStep[] | null): SnapshotStep[] {
  return (raw ?? []).map((s) => ({
    important: false, duration: null, personsToNotify: [], personsToNotifyNextEachTime: [], lastNotifiedUserId: null,
    teamToNotifyId: null, actionToTriggerId: null, notifyIfTimeFrom: null, notifyIfTimeTo: null,
    numAlertsInWindow: null, numMinutesInWindow: null,
    ...(s as Partial<SnapshotStep>),
    policyId: s.policyId,
    type: s.type as EscalationStepType,
  }));
}
