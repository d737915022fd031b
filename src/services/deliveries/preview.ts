// Template preview (webhooks-api.md "Operations OnCall exposes only in its internal API"), rendering a field
// exactly as a delivery renders it.
import { ValidationError } from "../../errors";
import { fieldRecordPrefix, isTriggered, renderWebhookField, type FieldRenderer, type TemplateField } from "../../attempts/render-field";

export interface TemplatePreviewResult {
  output: string | null;
  /** Set only for trigger templates. */
  triggered: boolean | null;
  error: { kind: "ERROR" | "WARNING"; message: string; record: string } | null;
}

/** `eventData` as given: an object, or JSON text of one (as OnCall's preview accepts). */
export function parseEventData(raw: unknown): Record<string, unknown> | null {
  if (raw === null || raw === undefined) return null;
  let value = raw;
  if (typeof raw === "string") {
    try {
      value = JSON.parse(raw);
    } catch {
      throw new ValidationError({ eventData: ["Could not parse json"] });
    }
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new ValidationError({ eventData: ["Could not parse json"] });
  return value as Record<string, unknown>;
}

export async function previewField(
  renderer: FieldRenderer,
  field: TemplateField,
  template: string,
  payload: Record<string, unknown> | null,
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
