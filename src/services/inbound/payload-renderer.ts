import { exactJsonText } from "../../json/exact-parse";
import { isTruthySignal, templateFailureKind, type RenderResult, type TemplateRenderer } from "../../templating";
import type { PayloadRenderer } from "./prepare-alert";

const PREFIXES = ["Template Error: ", "Template Warning: "];

/** Integration templates see only `payload`, rendered without JSON escaping (inbound.md §3), from its exact text. */
export function payloadRenderer(renderer: TemplateRenderer, onFailure: (field: string, kind: string) => void = () => {}): PayloadRenderer {
  return {
    async render(source, payload, field) {
      const result = await renderer.render(source, { payload }, { escapeJson: false });
      if (!result.ok) onFailure(field, templateFailureKind(result.failure));
      return outcome(result);
    },
    async print(value) {
      if (typeof value === "string") return value;
      const result = outcome(await renderer.render("{{ value }}", { value: exactJsonText(value) }, { escapeJson: false }));
      return "output" in result ? result.output : "";
    },
    isTruthySignal,
  };
}

/** A failure becomes its full `Template Error: …` / `Template Warning: …` text. */
function outcome(result: RenderResult): { output: string } | { error: string } {
  if (result.ok) return { output: result.output };
  const { kind, message } = result.failure;
  if (PREFIXES.some((prefix) => message.startsWith(prefix))) return { error: message };
  return { error: `${kind === "error" ? "Template Error: " : "Template Warning: "}${message}` };
}
