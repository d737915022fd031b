import { isPlainObject } from "../python-types";

/**
 * The default web title of `alertmanager` / `grafana_alerting` (inbound.md §4): the `alertname` group label, a
 * space, then the other group label values in parentheses. No trimming: `{"alertname": "X"}` → `"X "`.
 * Legacy shape (a top-level `labels` object): alertname from `labels`, every group label value in parentheses.
 */
export async function alertmanagerTitle(payload: unknown, print: (value: unknown) => Promise<string>): Promise<string> {
  const body = isPlainObject(payload) ? payload : {};
  const groupLabels = isPlainObject(body.groupLabels) ? body.groupLabels : {};
  const legacy = isPlainObject(body.labels);
  const alertname = legacy ? (body.labels as Record<string, unknown>).alertname : groupLabels.alertname;
  const others: string[] = [];
  for (const [key, value] of Object.entries(groupLabels)) if (legacy || key !== "alertname") others.push(await print(value));
  const name = alertname === undefined ? "" : await print(alertname);
  return others.length ? `${name} (${others.join(", ")})` : `${name} `;
}
