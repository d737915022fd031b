import { isJsonObject, parseExact } from "../../json/exact-parse";
import type { InboundPayload } from "./inbound-payload";

/**
 * The default web title of `alertmanager` / `grafana_alerting` (inbound.md §4): the `alertname` group label, a
 * space, then the other group label values in parentheses. No trimming: `{"alertname": "X"}` → `"X "`.
 * Legacy shape (a top-level `labels` object): alertname from `labels`, every group label value in parentheses.
 * Alertmanager label names cannot be integer-like, so they keep the sender's order.
 */
export async function alertmanagerTitle(payload: InboundPayload, print: (value: unknown) => Promise<string>): Promise<string> {
  let labels = titleLabels(payload.value);
  // Label values are strings in Alertmanager; any other value is printed from the exact parse (`1.0` stays `1.0`).
  if (![labels.alertname, ...labels.others].every((v) => v === undefined || typeof v === "string")) labels = titleLabels(parseExact(payload.json.text));
  const others: string[] = [];
  for (const value of labels.others) others.push(await print(value));
  const name = labels.alertname === undefined ? "" : await print(labels.alertname);
  return others.length ? `${name} (${others.join(", ")})` : `${name} `;
}

function titleLabels(payload: unknown): { alertname: unknown; others: unknown[] } {
  const body = isJsonObject(payload) ? payload : {};
  const groupLabels = isJsonObject(body.groupLabels) ? body.groupLabels : {};
  const legacy = isJsonObject(body.labels);
  const alertname = legacy ? (body.labels as Record<string, unknown>).alertname : groupLabels.alertname;
  const others = Object.entries(groupLabels)
    .filter(([key]) => legacy || key !== "alertname")
    .map(([, value]) => value);
  return { alertname, others };
}
