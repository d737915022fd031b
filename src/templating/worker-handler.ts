// Executes one request inside a worker: builds the context, renders with a deadline.
import { escapeJson, importJsonText, importValue, validationContext } from "./jinja/context";
import { TemplateCache, checkSyntax, render } from "./jinja/engine";
import { deadlineExceeded } from "./jinja/errors";
import type { WorkRequest, WorkResult } from "./protocol";

function buildContext(req: WorkRequest): Map<string, unknown> {
  if (req.validation) return validationContext();
  const escape = !!req.escapeJson;
  let ctx = new Map<string, unknown>();
  if (req.json !== undefined) {
    const v = importJsonText(req.json);
    if (v instanceof Map) for (const [k, x] of v) ctx.set(k as string, escape ? escapeJson(x) : x);
  } else {
    const vars = req.varsJson !== undefined ? (JSON.parse(req.varsJson) as Record<string, unknown>) : req.vars ?? {};
    for (const [k, x] of Object.entries(vars)) if (x !== undefined) ctx.set(k, importValue(x, escape));
  }
  for (const [k, text] of Object.entries(req.jsonVars ?? {})) {
    const v = importJsonText(text);
    ctx.set(k, escape ? escapeJson(v) : v);
  }
  if (req.onlyVars) {
    const keep = req.onlyVars;
    ctx = new Map([...ctx].filter(([k]) => keep.includes(k)));
  }
  if (req.addPayloadNone) ctx.set("payload", null);
  return ctx;
}

export function handleRequest(req: WorkRequest, cache: TemplateCache): WorkResult {
  const started = performance.now();
  try {
    const r = req.op === "check"
      ? checkSyntax(req.source, cache)
      : render(req.source, buildContext(req), started + req.budgetMs, cache);
    if (r.ok) return { id: req.id, ok: true, output: r.output };
    const message = r.message === deadlineExceeded().message ? `${r.message} (${req.budgetMs} ms)` : r.message;
    return r.limit ? { id: req.id, ok: false, kind: r.kind, message, limit: r.limit } : { id: req.id, ok: false, kind: r.kind, message };
  } catch (e) {
    // Context import failures (e.g. invalid JSON text) are the caller's data problem.
    const message = e instanceof Error ? e.message : "invalid template context";
    return { id: req.id, ok: false, kind: "warning", message };
  }
}
