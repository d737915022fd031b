// Template preview (webhooks-api.md "Operations OnCall exposes only in its internal API"), rendering a field
// exactly as a delivery renders it.
import { ValidationError } from "../../errors";
import { fieldRecordPrefix, isTriggered, renderWebhookField, type FieldRenderer, type TemplateField } from "../../attempts/render-field";
import { JsonNestingError, exactJsonText, isJsonObject, parseExact } from "../../json/exact-parse";
import { JsonText } from "../../json/json-text";

export interface TemplatePreviewResult {
  output: string | null;
  /** Set only for trigger templates. */
  triggered: boolean | null;
  error: { kind: "ERROR" | "WARNING"; message: string; record: string } | null;
}

/**
 * `eventData` as given, as JSON text for the renderer: JSON text of an object (as OnCall's preview accepts; kept
 * exactly, key order included), the exact text the GraphQL body had for it, or an object.
 */
export function parseEventData(raw: unknown): JsonText | null {
  if (raw === null || raw === undefined) return null;
  if (raw instanceof JsonText) return raw;
  if (typeof raw === "string") {
    let value: unknown;
    try {
      value = parseExact(raw);
    } catch (error) {
      throw new ValidationError({ eventData: [error instanceof JsonNestingError ? error.message : "Could not parse json"] });
    }
    if (!isJsonObject(value)) throw new ValidationError({ eventData: ["Could not parse json"] });
    return new JsonText(raw);
  }
  if (!isJsonObject(raw)) throw new ValidationError({ eventData: ["Could not parse json"] });
  return exactJsonText(raw);
}

export async function previewField(
  renderer: FieldRenderer,
  field: TemplateField,
  template: string,
  payload: JsonText | null,
): Promise<TemplatePreviewResult> {
  const isTrigger = field === "trigger_template";
  // OnCall: without a payload the template comes back unchanged; an empty trigger template always triggers.
  if (payload === null || template === "") {
    return { output: template, triggered: isTrigger ? template === "" || isTriggered(template) : null, error: null };
  }
  const rendered = await renderWebhookField(renderer, field, template, payload, false);
  if (!rendered.ok) {
    return {
      output: null,
      triggered: isTrigger ? false : null,
      error: { kind: rendered.kind, message: rendered.message, record: fieldRecordPrefix(field) + rendered.message },
    };
  }
  return { output: rendered.output, triggered: isTrigger ? isTriggered(rendered.output) : null, error: null };
}
