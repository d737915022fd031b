// Executes one request inside a worker: builds the context, renders with a deadline.
import { escapeJson, importJsonText, importValue, validationContext } from "./jinja/context";
import { TemplateCache, checkSyntax, render } from "./jinja/engine";
import { deadlineExceeded } from "./jinja/errors";
import type { WorkRequest, WorkResult } from "./protocol";

/** JSON text → template value, JSON-escaped when asked (templating.md §7). */
export type JsonImporter = (text: string, escape: boolean) => unknown;

export const importFresh: JsonImporter = (text, escape) => {
  const v = importJsonText(text);
  return escape ? escapeJson(v) : v;
};

function buildContext(req: WorkRequest, importJson: JsonImporter): Map<string, unknown> {
  if (req.validation) return validationContext();
  const escape = !!req.escapeJson;
  let ctx = new Map<string, unknown>();
  if (req.json !== undefined) {
    // Escaping the whole object escapes each of its values, so the entries are the same either way.
    const v = importJson(req.json, escape);
    if (v instanceof Map) for (const [k, x] of v) ctx.set(k as string, x);
  } else {
    const vars = req.varsJson !== undefined ? (JSON.parse(req.varsJson) as Record<string, unknown>) : req.vars ?? {};
    for (const [k, x] of Object.entries(vars)) if (x !== undefined) ctx.set(k, importValue(x, escape));
  }
  for (const [k, text] of Object.entries(req.jsonVars ?? {})) ctx.set(k, importJson(text, escape));
  if (req.onlyVars) {
    const keep = req.onlyVars;
    ctx = new Map([...ctx].filter(([k]) => keep.includes(k)));
  }
  if (req.addPayloadNone) ctx.set("payload", null);
  return ctx;
}

/**
 * `importJson` may hand the same value to several renders (renderer.ts does, for templates that cannot change
 * their context); the pool's workers import afresh for every render.
 */
export function handleRequest(req: WorkRequest, cache: TemplateCache, importJson: JsonImporter = importFresh): WorkResult {
  const started = performance.now();
  try {
    const r = req.op === "check"
      ? checkSyntax(req.source, cache)
      : render(req.source, buildContext(req, importJson), started + req.budgetMs, cache);
    if (r.ok) return { id: req.id, ok: true, output: r.output };
    const message = r.message === deadlineExceeded().message ? `${r.message} (${req.budgetMs} ms)` : r.message;
    return r.limit ? { id: req.id, ok: false, kind: r.kind, message, limit: r.limit } : { id: req.id, ok: false, kind: r.kind, message };
  } catch (e) {
    // Context import failures (e.g. invalid JSON text) are the caller's data problem.
    const message = e instanceof Error ? e.message : "invalid template context";
    return { id: req.id, ok: false, kind: "warning", message };
  }
}
