import type { IntegrationType } from "../../schema/entities/integration.entity";

/**
 * The per-type defaults used when an integration's override is null (inbound.md §4), as Jinja templates
 * rendered with `payload`. The one-liners are OnCall's literal defaults; `alertmanagerTitle` is code.
 */
export interface TypeDefaults {
  groupingKey: string;
  resolveSignal: string;
  /** No type has a default acknowledge signal. */
  acknowledgeSignal: null;
  /** A template, or "alertmanager" for the group-labels rule in alertmanager-title.ts. */
  title: string | "alertmanager";
}

// ruleName / title if non-empty, else labels.alertname, else OnCall's placeholder.
const legacyGrafana = (field: string) =>
  `{% if payload.${field} %}{{ payload.${field} }}` +
  `{% elif payload.labels is mapping and payload.labels.alertname %}{{ payload.labels.alertname }}` +
  `{% else %}No title (check Web Title Template){% endif %}`;

const STATE_OK = `{{ payload.get("state", "").upper() == "OK" }}`;

export const TYPE_DEFAULTS: Record<IntegrationType, TypeDefaults> = {
  alertmanager: {
    groupingKey: "{{ payload.groupKey }}",
    resolveSignal: '{{ payload.status == "resolved" }}',
    acknowledgeSignal: null,
    title: "alertmanager",
  },
  grafana_alerting: {
    groupingKey: "{{ payload.groupKey }}",
    resolveSignal: '{{ payload.status == "resolved" }}',
    acknowledgeSignal: null,
    title: "alertmanager",
  },
  grafana: {
    groupingKey: legacyGrafana("ruleName"),
    resolveSignal: '{{ payload.state == "ok" or payload.status == "resolved" }}',
    acknowledgeSignal: null,
    title: legacyGrafana("title"),
  },
  webhook: {
    // The whole payload, printed as a Python dict: alerts group only when their payloads are identical.
    groupingKey:
      '{% if payload is mapping and "is_oncall_heartbeat" in payload %}{{ payload.alert_uid }}{% else %}{{ payload }}{% endif %}',
    resolveSignal: STATE_OK,
    acknowledgeSignal: null,
    title: "Incident",
  },
  formatted_webhook: {
    groupingKey: '{{ payload.get("alert_uid", "") }}',
    resolveSignal: STATE_OK,
    acknowledgeSignal: null,
    title: "{% if payload.title %}{{ payload.title }}{% else %}Title undefined (Check Web Title Template){% endif %}",
  },
};
