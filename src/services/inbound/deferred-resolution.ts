import type { EntityManager } from "typeorm";
import { Alert, AlertGroup } from "../../schema/entities";
import type { AlertGroupService } from "../alert-group.service";
import { exactJsonText, isJsonObject, parseExact } from "../../json/exact-parse";

/** Beyond this many alerts a legacy Grafana group stops auto-resolving for good (inbound.md §5). */
const AUTO_RESOLVE_MAX_ALERTS = 500;

/**
 * The deferred check of a legacy Grafana group fed by `alerts[]`: resolved by the source when its newest alert
 * is `resolved` and, for every distinct `labels` set, the newest alert with that set is resolved too.
 */
export async function runDeferredResolution(em: EntityManager, alertGroups: AlertGroupService, group: AlertGroup, now: Date): Promise<void> {
  group.autoResolveDueAt = null;
  await em.getRepository(AlertGroup).update(group.id, { autoResolveDueAt: null });
  if (group.resolvedAt || group.alertsCount > AUTO_RESOLVE_MAX_ALERTS) return;
  const alerts = await em.getRepository(Alert).find({ select: { id: true, payload: true }, where: { alertGroupId: group.id }, order: { id: "ASC" } });
  const payloads = alerts.map((alert) => parseExact(alert.payload.text));
  const newest = payloads.at(-1);
  if (newest === undefined || !isResolved(newest)) return;
  const latestPerLabels = new Map<string, unknown>();
  for (const payload of payloads) latestPerLabels.set(labelsKey(payload), payload);
  if ([...latestPerLabels.values()].every(isResolved)) await alertGroups.applySourceSignal(em, group, "resolve", now);
}

function isResolved(payload: unknown): boolean {
  return isJsonObject(payload) && payload.status === "resolved";
}

/** A label set's identity: its pairs, whatever order the sender listed them in, values exactly as sent. */
function labelsKey(payload: unknown): string {
  const labels = isJsonObject(payload) && isJsonObject(payload.labels) ? payload.labels : {};
  return exactJsonText(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))).text;
}
