// Jinja2-compatible (OnCall-flavoured) templating for webhook fields and integrations.
export { FIELD_RECORD_PREFIX, JsonText } from "./types";
export type { RenderResult, TemplateContext, TemplateFailure, TemplateField } from "./types";
export { TemplateRenderer } from "./renderer";
export { isTriggered, isTruthySignal } from "./signals";
