import { storableText } from "../../db/storable-text";
import type { JsonText } from "../../json/json-text";
import type { Integration } from "../../schema/entities";
import { completeTemplates } from "../integrations/integration-templates";
import { alertmanagerTitle } from "./alertmanager-title";
import { TYPE_DEFAULTS } from "./default-templates";
import type { InboundPayload } from "./inbound-payload";

/** The integration templates an alert is rendered with (metrics name the one that failed). */
export type InboundTemplateField = "grouping_key" | "resolve_signal" | "acknowledge_signal" | "title";

/** What rendering needs from the template engine (adapted from the TemplateRenderer by the service). */
export interface PayloadRenderer {
  /** Renders `source` with the variable `payload`; a failure is the `Template Error: …`/`Template Warning: …` text. */
  render(source: string, payload: JsonText, field: InboundTemplateField): Promise<{ output: string } | { error: string }>;
  /** Python's `str()` of a value from the parsed payload (how `{{ value }}` prints). */
  print(value: unknown): Promise<string>;
  /** inbound.md §3 step 4: trimmed, lower-cased `1`, `true` or `ok`. */
  isTruthySignal(output: string): boolean;
}

/** One alert, rendered before any transaction opens (a burst of POSTs must not hold the database while rendering). */
export interface PreparedAlert {
  payload: JsonText;
  /** null: the key rendered empty or failed, so the alert opens a group of its own. */
  groupingKey: string | null;
  isResolveSignal: boolean;
  isAcknowledgeSignal: boolean;
  /** Used only if the alert opens a group. */
  title: string;
}

/**
 * inbound.md §3 steps 3–4 for the payload as it is stored (with numFiring/numResolved already added): grouping key,
 * signals and title from the integration's overrides or the type's defaults.
 */
export async function prepareAlert(renderer: PayloadRenderer, integration: Integration, payload: InboundPayload): Promise<PreparedAlert> {
  const { json } = payload;
  const templates = completedTemplatesOf(integration);
  const defaults = TYPE_DEFAULTS[integration.type];
  const override = (key: string) => (typeof templates[key] === "string" ? (templates[key] as string) : null);
  const webTitle = (templates.web as Record<string, string | null>).title;

  const groupingKey = await renderer.render(override("grouping_key") ?? defaults.groupingKey, json, "grouping_key");
  const signal = async (source: string | null, field: InboundTemplateField) => {
    if (source === null) return false;
    const result = await renderer.render(source, json, field);
    return "output" in result && renderer.isTruthySignal(result.output);
  };
  const titleSource = webTitle ?? defaults.title;
  let title: string;
  if (titleSource === "alertmanager" && webTitle === null) title = await alertmanagerTitle(payload, (value) => renderer.print(value));
  else {
    const rendered = await renderer.render(titleSource, json, "title");
    title = "output" in rendered ? rendered.output : rendered.error;
  }
  // A payload's "\u0000" renders as a real NUL, which PostgreSQL text refuses: stored as U+FFFD on both databases.
  return {
    payload: json,
    groupingKey: "output" in groupingKey && groupingKey.output !== "" ? storableText(groupingKey.output) : null,
    isResolveSignal: await signal(override("resolve_signal") ?? defaults.resolveSignal, "resolve_signal"),
    isAcknowledgeSignal: await signal(override("acknowledge_signal") ?? defaults.acknowledgeSignal, "acknowledge_signal"),
    title: storableText(title),
  };
}

const completed = new WeakMap<object, ReturnType<typeof completeTemplates>>();

/** Completed once per stored templates object: findByToken hands out the same integration while its row is unchanged. */
function completedTemplatesOf(integration: Integration): ReturnType<typeof completeTemplates> {
  const stored = integration.templates;
  if (!stored) return completeTemplates(null);
  let templates = completed.get(stored);
  if (!templates) completed.set(stored, (templates = completeTemplates(stored)));
  return templates;
}
