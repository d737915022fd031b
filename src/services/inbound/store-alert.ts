import { createHash } from "node:crypto";
import { IsNull, Not, type EntityManager } from "typeorm";
import { enqueueEvent } from "../../events/enqueue";
import { Alert, AlertGroup, type Integration, type Route } from "../../schema/entities";
import { newPublicId } from "../../schema/public-id";
import { Trigger } from "../../schema/trigger-types";
import type { AlertGroupService } from "../alert-group.service";
import { loadGroupForUpdate } from "../alert-groups/locking";
import type { EscalationService } from "../escalation.service";
import type { PreparedAlert } from "./prepare-alert";

/** A new group's escalation starts ~1 s after it opens (domain-api.md §5.4). */
const FIRST_ESCALATION_DELAY_MS = 1000;
/** Legacy Grafana `alerts[]`: the auto-resolve check runs ~5 s after the last element (inbound.md §5). */
export const DEFERRED_RESOLUTION_DELAY_MS = 5000;

export interface StoreDeps {
  alertGroups: AlertGroupService;
  escalation: EscalationService;
}

export interface StoreOptions {
  now: Date;
  /** Legacy Grafana `alerts[]` element: resolution is decided later by the deferred check, not by this alert. */
  deferResolution: boolean;
}

/** Route + digest of the grouping key: short enough for the unique (integration_id, open_key) index. */
export function openKeyOf(routeId: number, groupingKey: string): string {
  return `${routeId}:${createHash("sha256").update(groupingKey, "utf8").digest("hex")}`;
}

/**
 * inbound.md §3 steps 5–8 in the caller's transaction: find or open the group, store the alert, then the source
 * signals. Opening a group races with concurrent POSTs of the same key; the loser's insert hits the unique
 * open-key index and the caller retries the whole transaction, which then finds the winner's group.
 */
export async function storeAlert(
  em: EntityManager, deps: StoreDeps, integration: Integration, route: Route, alert: PreparedAlert, options: StoreOptions,
): Promise<{ group: AlertGroup; result: StoredAlertResult }> {
  const { now } = options;
  const found = alert.groupingKey === null ? null : await findGroup(em, integration, route, alert, alert.groupingKey);
  const group = found?.group ?? (await openGroup(em, deps, integration, route, alert, now));

  await em.getRepository(Alert).insert(
    em.getRepository(Alert).create({
      publicId: newPublicId("alert"),
      organizationId: integration.organizationId,
      alertGroupId: group.id,
      payload: alert.payload,
      isResolveSignal: alert.isResolveSignal,
      createdAt: now,
    }) as never, // `payload: unknown` defeats insert()'s deep-partial typing
  );
  group.alertsCount += 1;
  // A step paused by notify_if_num_alerts_in_window re-checks on every new alert.
  deps.escalation.alertAdded(group, now);
  if (options.deferResolution && !group.resolvedAt) group.autoResolveDueAt = new Date(now.getTime() + DEFERRED_RESOLUTION_DELAY_MS);
  await em.getRepository(AlertGroup).save(group);

  const joined = found ? "grouped" : "created";
  // A resolve signal that joined an already resolved group changes nothing and fires nothing.
  if (found?.resolved) return { group, result: joined };
  if (alert.isAcknowledgeSignal) await deps.alertGroups.applySourceSignal(em, group, "acknowledge", now);
  if (alert.isResolveSignal && !options.deferResolution) {
    await deps.alertGroups.applySourceSignal(em, group, "resolve", now);
    return { group, result: "resolved" };
  }
  return { group, result: joined };
}

/** `resolved`: a resolve signal resolved its group (a legacy `alerts[]` element's deferred check is not counted). */
export type StoredAlertResult = "created" | "grouped" | "resolved";

async function findGroup(em: EntityManager, integration: Integration, route: Route, alert: PreparedAlert, groupingKey: string) {
  const repo = em.getRepository(AlertGroup);
  const openKey = openKeyOf(route.id, groupingKey);
  const open = await repo.findOne({ select: { id: true }, where: { integrationId: integration.id, openKey } });
  const locked = open && (await loadGroupForUpdate(em, open.id));
  // Closed between the lookup and the lock (resolved meanwhile): then it is not open any more.
  if (locked && locked.openKey === openKey) return { group: locked, resolved: false };
  if (!alert.isResolveSignal) return null;
  const latestResolved = await repo.findOne({
    select: { id: true },
    where: { integrationId: integration.id, routeId: route.id, groupingKey, resolvedAt: Not(IsNull()) },
    order: { createdAt: "DESC", id: "DESC" },
  });
  const group = latestResolved && (await loadGroupForUpdate(em, latestResolved.id));
  return group ? { group, resolved: true } : null;
}

/** A new firing group; its escalation snapshot exists before its `alert group created` event (delivery.md §2). */
async function openGroup(em: EntityManager, deps: StoreDeps, integration: Integration, route: Route, alert: PreparedAlert, now: Date) {
  const publicId = newPublicId("alertGroup");
  const group = em.getRepository(AlertGroup).create({
    publicId,
    organizationId: integration.organizationId,
    integrationId: integration.id,
    routeId: route.id,
    groupingKey: alert.groupingKey ?? "",
    // An empty or failed key makes the group unique: nothing else can ever join it.
    openKey: alert.groupingKey === null ? `${route.id}:unique:${publicId}` : openKeyOf(route.id, alert.groupingKey),
    title: alert.title,
    alertsCount: 0,
    createdAt: now,
    acknowledgedAt: null,
    acknowledgedById: null,
    resolvedAt: null,
    resolvedById: null,
    silencedAt: null,
    silencedUntil: null,
    isWiped: false,
    autoResolveDueAt: null,
    escalationSnapshot: null,
    escalationStep: null,
    escalationDueAt: null,
    escalationRepeats: 0,
    escalationWaitingForAlerts: false,
  });
  await em.getRepository(AlertGroup).insert(group as never); // an entity instance: insert() fills in its id
  await deps.escalation.begin(em, group, FIRST_ESCALATION_DELAY_MS);
  await em.getRepository(AlertGroup).save(group);
  await enqueueEvent(em, {
    organizationId: integration.organizationId,
    alertGroupId: group.id,
    type: Trigger.alertGroupCreated,
    userId: null,
    createdAt: now,
  });
  return group;
}
