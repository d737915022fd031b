// Jinja2-compatible (OnCall-flavoured) templating for webhook fields and integrations.
export { FIELD_RECORD_PREFIX, JsonText, templateFailureKind } from "./types";
export type { RenderResult, TemplateContext, TemplateFailure, TemplateFailureKind, TemplateField } from "./types";
export { TemplateRenderer } from "./renderer";
export { isTriggered, isTruthySignal } from "./signals";
