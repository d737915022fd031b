import type { AlertGroupView, AlertView } from "../services/alert-group.service";

/**
 * OnCall's datetime text: UTC, `Z`, the microsecond fraction only when non-zero
 * (`2020-05-19T12:37:01.430000Z`, `2020-05-19T12:37:01Z`). JavaScript dates carry milliseconds.
 */
export function formatDateTime(date: Date | null): string | null {
  if (!date) return null;
  const iso = date.toISOString(); // 2020-05-19T12:37:01.430Z
  const millis = iso.slice(20, 23);
  return millis === "000" ? `${iso.slice(0, 19)}Z` : `${iso.slice(0, 19)}.${millis}000Z`;
}

/** Alert JSON (domain-api.md §6). */
export function alertShape(view: AlertView) {
  return {
    id: view.alert.publicId,
    alert_group_id: view.alertGroupPublicId,
    created_at: formatDateTime(view.alert.createdAt),
    payload: view.alert.payload,
  };
}

/** Alert-group JSON (domain-api.md §5), keys in OnCall's order; `labels` is always `[]` here. */
export function alertGroupShape(view: AlertGroupView) {
  const { group } = view;
  return {
    id: group.publicId,
    integration_id: view.integrationPublicId,
    team_id: view.teamPublicId,
    route_id: view.routePublicId,
    alerts_count: group.alertsCount,
    state: view.state,
    created_at: formatDateTime(group.createdAt),
    resolved_at: formatDateTime(group.resolvedAt),
    resolved_by: view.resolvedByPublicId,
    acknowledged_at: formatDateTime(group.acknowledgedAt),
    acknowledged_by: view.acknowledgedByPublicId,
    labels: [],
    title: group.title,
    permalinks: { slack: null, slack_app: null, telegram: null, web: view.webLink },
    silenced_at: formatDateTime(group.silencedAt),
    last_alert: view.lastAlert ? alertShape(view.lastAlert) : null,
  };
}
