// Public types of the templating module (other modules code against these names).
import { JsonText } from "../json/json-text";

export type TemplateField = "url" | "headers" | "data" | "trigger_template";

/** `message` starts with "Template Error: " or "Template Warning: " (OnCall's prefixes). */
export interface TemplateFailure {
  kind: "error" | "warning";
  message: string;
  /** The render was stopped by its deadline or memory limit (then `kind` is "warning"). */
  limit?: "time" | "memory";
}

/** A failure as metrics count it: OnCall's two classes, with the render limits apart from template mistakes. */
export type TemplateFailureKind = "error" | "warning" | "timeout" | "memory_limit";

export function templateFailureKind(failure: TemplateFailure): TemplateFailureKind {
  if (failure.limit === "time") return "timeout";
  if (failure.limit === "memory") return "memory_limit";
  return failure.kind;
}

export type RenderResult = { ok: true; output: string } | { ok: false; failure: TemplateFailure };

/** Prefix of a failure recorded for a webhook field (delivery.md section 8). */
export const FIELD_RECORD_PREFIX: Record<TemplateField, string> = {
  url: "URL - ",
  headers: "Headers - ",
  data: "Data - ",
  trigger_template: "Trigger - ",
};

/**
 * JSON text parsed inside the renderer without loss (integers beyond 2^53 stay exact, `3.0` stays a float,
 * object key order is kept). Usable as a whole context or as the value of a top-level context variable.
 */
export { JsonText };

export type TemplateContext = Record<string, unknown> | JsonText;
