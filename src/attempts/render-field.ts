// The four webhook templates as a delivery renders them (templating.md §2, §7, §8), through the shared renderer.
import {
  FIELD_RECORD_PREFIX, isTriggered as triggerRule, templateFailureKind, type RenderResult, type TemplateContext, type TemplateFailureKind, type TemplateRenderer,
} from "../templating";

export type TemplateField = "url" | "headers" | "data" | "trigger_template";

export type FieldResult =
  | { ok: true; output: string }
  | { ok: false; kind: "ERROR" | "WARNING"; message: string; record: string; failure: TemplateFailureKind };

export type FieldRenderer = Pick<TemplateRenderer, "renderField">;

export function fieldRendererOf(renderer: TemplateRenderer): FieldRenderer {
  return renderer;
}

/** `URL - `, `Headers - `, `Data - `, `Trigger - ` (delivery.md §8). */
export function fieldRecordPrefix(field: TemplateField): string {
  return FIELD_RECORD_PREFIX[field];
}

/** Trigger rule (templating.md §8): the output, lower-cased, is exactly `true` or `1`. */
export function isTriggered(output: string): boolean {
  return triggerRule(output);
}

const MAX_SOURCE = 50_000;

/**
 * Renders one field. Text without any `{` cannot contain Jinja syntax, so it renders to itself (less one final
 * newline, as Jinja drops it; `\r` is left to the renderer, Jinja normalises line endings): URLs without
 * placeholders never cross into the renderer.
 */
export async function renderWebhookField(
  renderer: FieldRenderer,
  field: TemplateField,
  source: string,
  payload: TemplateContext,
  legacy: boolean,
): Promise<FieldResult> {
  if (!source.includes("{") && !source.includes("\r") && source.length <= MAX_SOURCE) return { ok: true, output: source.endsWith("\n") ? source.slice(0, -1) : source };
  const result = await renderer.renderField(field, source, payload, { legacy });
  return normalise(field, result);
}

function normalise(field: TemplateField, result: RenderResult): FieldResult {
  if (result.ok) return { ok: true, output: result.output };
  const kind = result.failure.kind === "warning" ? "WARNING" : "ERROR";
  const prefix = kind === "WARNING" ? "Template Warning: " : "Template Error: ";
  const message = result.failure.message.startsWith("Template ") ? result.failure.message : prefix + result.failure.message;
  return { ok: false, kind, message, record: fieldRecordPrefix(field) + message, failure: templateFailureKind(result.failure) };
}
