// One inbound payload in the two forms the inbound path needs: its text, which is stored, rendered and sent on
// exactly, and a parsed value for the few decisions taken here (shape, alerts[], the counts, the default title).
import { isJsonObject } from "../../json/exact-parse";
import { arrayMemberElements } from "../../json/member-spans";
import { JsonText } from "../../json/json-text";
import type { IntegrationType } from "../../schema/entities/integration.entity";

export interface InboundPayload {
  /** For decisions only, never written back or printed: numbers may be inexact (parseExact(json.text) is not). */
  value: unknown;
  json: JsonText;
}

/**
 * `alertmanager` and `grafana_alerting` only: when `numFiring` is absent, `numFiring` and `numResolved` counted
 * from `alerts[]` are appended to the text (inbound.md §3 step 1), so the sender's keys and numbers stay as sent.
 */
export function withAlertCounts(type: IntegrationType, payload: InboundPayload): InboundPayload {
  const { value, json } = payload;
  if (type !== "alertmanager" && type !== "grafana_alerting") return payload;
  if (!isJsonObject(value) || "numFiring" in value) return payload;
  const alerts = Array.isArray(value.alerts) ? value.alerts : [];
  const count = (status: string) => alerts.filter((a) => isJsonObject(a) && a.status === status).length;
  const numFiring = count("firing");
  const numResolved = count("resolved");
  const added = `"numFiring": ${numFiring}, "numResolved": ${numResolved}`;
  const close = json.text.lastIndexOf("}"); // only whitespace may follow the top-level object
  const separator = Object.keys(value).length === 0 ? "" : ", ";
  return {
    value: { ...value, numFiring, numResolved },
    json: new JsonText(json.text.slice(0, close) + separator + added + json.text.slice(close)),
  };
}

/**
 * Legacy Grafana with an `alerts` array: each element is an alert of its own (inbound.md §5); otherwise null.
 * An element's text is cut from the body as sent: key order, numbers and spelling stay the sender's.
 */
export function legacyGrafanaElements(type: IntegrationType, payload: InboundPayload): InboundPayload[] | null {
  if (type !== "grafana" || !isJsonObject(payload.value) || !Array.isArray(payload.value.alerts)) return null;
  const texts = arrayMemberElements(payload.json.text, "alerts")!;
  return payload.value.alerts.map((value: unknown, i) => ({ value, json: new JsonText(texts[i]) }));
}
