// Real Alertmanager payloads (the spec's fixture), each with its own group labels so each opens a new alert
// group, and a `marker` label that a webhook's data template can echo back to the receiver.
import fs from "node:fs";
import path from "node:path";

const FIXTURE = path.resolve(__dirname, "../../../test/fixtures/inbound/alertmanager_firing.json");

let template: any;

/** A firing Alertmanager POST body whose group is `marker` (any [A-Za-z0-9_-]). */
export function alertBody(marker: string): string {
  template ??= JSON.parse(fs.readFileSync(FIXTURE, "utf8"));
  const body = structuredClone(template);
  body.groupKey = `{}:{alertname="InstanceDown", marker="${marker}"}`;
  body.groupLabels = { alertname: "InstanceDown", marker };
  body.commonLabels = { ...body.commonLabels, marker };
  for (const alert of body.alerts) alert.labels = { ...alert.labels, marker };
  return JSON.stringify(body);
}

/** The small data template of the storm, latency and fan-out webhooks: the marker comes back to the receiver. */
export const DATA_TEMPLATE =
  '{"marker": "{{ alert_payload.commonLabels.marker }}", "id": "{{ alert_group.id }}", "title": "{{ alert_group.title }}", "state": "{{ alert_group.state }}"}';

/** What that template renders to, for the bare axios loop's body. */
export const SAMPLE_DATA = '{"marker": "m0", "id": "IABCDEFGHIJKL", "title": "[firing:2] InstanceDown", "state": "firing"}';
