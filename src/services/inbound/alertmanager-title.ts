import { isJsonObject } from "../../json/exact-parse";

/**
 * The default web title of `alertmanager` / `grafana_alerting` (inbound.md §4): the `alertname` group label, a
 * space, then the other group label values in parentheses. No trimming: `{"alertname": "X"}` → `"X "`.
 * Legacy shape (a top-level `labels` object): alertname from `labels`, every group label value in parentheses.
 * `payload` comes from parseExact; Alertmanager label names cannot be integer-like, so they keep the sender's order.
 */
export async function alertmanagerTitle(payload: unknown, print: (value: unknown) => Promise<string>): Promise<string> {
  const body = isJsonObject(payload) ? payload : {};
  const groupLabels = isJsonObject(body.groupLabels) ? body.groupLabels : {};
  const legacy = isJsonObject(body.labels);
  const alertname = legacy ? (body.labels as Record<string, unknown>).alertname : groupLabels.alertname;
  const others: string[] = [];
  for (const [key, value] of Object.entries(groupLabels)) if (legacy || key !== "alertname") others.push(await print(value));
  const name = alertname === undefined ? "" : await print(alertname);
  return others.length ? `${name} (${others.join(", ")})` : `${name} `;
}
