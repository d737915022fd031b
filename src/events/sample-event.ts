// The payload of a test send without an alert group: a made-up Alertmanager group, in outhook's exact shape.
import type { AlertGroup } from "../schema/entities";
import type { GroupParts, UserRef } from "./event-data";

const SAMPLE_PAYLOAD = {
  alerts: [
    {
      endsAt: "0001-01-01T00:00:00Z",
      labels: { job: "node", instance: "db-01:9100", severity: "critical", alertname: "InstanceDown" },
      status: "firing",
      startsAt: "2025-03-14T09:11:48.326Z",
      annotations: { summary: "Instance db-01:9100 down" },
      fingerprint: "f404ecabc8dd5cd7",
      generatorURL: "https://prometheus.example.com/graph?g0.expr=up+%3D%3D+0",
    },
  ],
  status: "firing",
  version: "4",
  groupKey: '{}:{alertname="InstanceDown"}',
  receiver: "outhook",
  numFiring: 1,
  externalURL: "https://alertmanager.example.com",
  groupLabels: { alertname: "InstanceDown" },
  numResolved: 0,
  commonLabels: { job: "node", severity: "critical", alertname: "InstanceDown" },
  truncatedAlerts: 0,
  commonAnnotations: {},
};

const SAMPLE_USER: UserRef = { id: "U1SAMPLEUSER1", username: "sample", email: "sample@example.com" };

/** A firing group created a minute ago; ids are recognisable placeholders, not real objects. */
export function sampleGroupParts(baseUrl: string, now: Date): GroupParts {
  const created = new Date(now.getTime() - 60_000);
  const createdText = `${created.toISOString().slice(0, 19)}Z`;
  const id = "I1SAMPLEGROUP";
  return {
    group: { createdAt: created, acknowledgedAt: null, resolvedAt: null, silencedAt: null, silencedUntil: null } as AlertGroup,
    integrationPublicId: "C1SAMPLEINTEG",
    alertGroup: {
      id,
      integration_id: "C1SAMPLEINTEG",
      team_id: null,
      route_id: "R1SAMPLEROUTE",
      alerts_count: 1,
      state: "firing",
      created_at: createdText,
      resolved_at: null,
      resolved_by: null,
      acknowledged_at: null,
      acknowledged_by: null,
      labels: {},
      title: "InstanceDown (node)",
      permalinks: { slack: null, slack_app: null, telegram: null, web: `${baseUrl}/alert-groups/${id}` },
      silenced_at: null,
      last_alert: { id: "A1SAMPLEALERT", alert_group_id: id, created_at: createdText, payload: SAMPLE_PAYLOAD },
    },
    alertPayload: SAMPLE_PAYLOAD,
    integration: { id: "C1SAMPLEINTEG", type: "alertmanager", name: "Sample - Alertmanager", team: null, labels: {} },
    notifiedUsers: [],
    usersToBeNotified: [SAMPLE_USER],
    acknowledgedBy: null,
    resolvedBy: null,
    responses: [],
    allResponses: {},
  };
}
