import { isoZ } from "../timestamps";
import type { AlertGroupView, AlertView } from "../services/alert-group.service";

/** Alert JSON (domain-api.md §6). */
export function alertShape(view: AlertView) {
  return {
    id: view.alert.publicId,
    alert_group_id: view.alertGroupPublicId,
    created_at: isoZ(view.alert.createdAt),
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
    created_at: isoZ(group.createdAt),
    resolved_at: isoZ(group.resolvedAt),
    resolved_by: view.resolvedByPublicId,
    acknowledged_at: isoZ(group.acknowledgedAt),
    acknowledged_by: view.acknowledgedByPublicId,
    labels: [],
    title: group.title,
    permalinks: { slack: null, slack_app: null, telegram: null, web: view.webLink },
    silenced_at: isoZ(group.silencedAt),
    last_alert: view.lastAlert ? alertShape(view.lastAlert) : null,
  };
}
