// Renders shared by the deliveries of one claimed batch. A webhook field renders the same output from the same
// variables, and the webhooks of a fan-out mostly share their templates: a thousand webhooks posting one data
// template rendered it a thousand times over the same alert group (~8% of the main thread in `npm run bench`).
import { JsonText } from "../json/json-text";
import type { RenderResult, TemplateContext } from "../templating";
import type { FieldRenderer } from "./render-field";

/** Templates that draw random values (`random`, `lipsum`) render anew every time. */
const RANDOM = /random|lipsum/;
const NAME = /[A-Za-z_][A-Za-z0-9_]*/g;
const ABSENT = "\u0000";

export class RenderMemo implements FieldRenderer {
  private readonly results = new Map<string, Promise<RenderResult>>();
  /** The names each source mentions: a Jinja template reaches a variable only by its name. */
  private readonly names = new Map<string, Set<string>>();

  constructor(private readonly renderer: FieldRenderer) {}

  renderField(...args: Parameters<FieldRenderer["renderField"]>): Promise<RenderResult> {
    const [field, source, context, options] = args;
    const key = this.keyOf(source, context);
    if (key === null) return this.renderer.renderField(...args);
    const fullKey = `${field}${ABSENT}${options?.legacy ? 1 : 0}${ABSENT}${key}`;
    let result = this.results.get(fullKey);
    if (!result) {
      result = this.renderer.renderField(...args);
      this.results.set(fullKey, result);
      // A render stopped by its deadline or memory limit says nothing about the next one.
      result.then((r) => !r.ok && r.failure.limit && this.results.delete(fullKey), () => this.results.delete(fullKey));
    }
    return result;
  }

  /** The source with the text of every variable it mentions (present or not), or null when it cannot be shared. */
  private keyOf(source: string, context: TemplateContext): string | null {
    if (RANDOM.test(source) || context instanceof JsonText || !isTextContext(context)) return null;
    let names = this.names.get(source);
    if (!names) this.names.set(source, (names = new Set(source.match(NAME))));
    let key = source;
    for (const name of Object.keys(context).sort()) {
      if (!names.has(name)) continue;
      const value = context[name] as JsonText | undefined;
      key += `${ABSENT}${name}${ABSENT}${value === undefined ? ABSENT : value.text}`;
    }
    return key;
  }
}

/** A delivery's context: each variable is JSON text (attempt.ts templateContext), which keys compare exactly. */
function isTextContext(context: Record<string, unknown>): boolean {
  for (const name in context) {
    const value = context[name];
    if (value !== undefined && !(value instanceof JsonText)) return false;
  }
  return true;
}
