// compile + render one template with OnCall's limits; results are plain data (worker-safe).
import { classify, FailureKind, type RenderLimit } from "./errors";
import { CompileCtx } from "./compile-expr";
import { compileBody } from "./compile-stmt";
import { getEnv } from "./environment";
import { Parser } from "./parser";
import { Out, Runtime, Scope } from "./runtime";
import { cpLen, cpSlice } from "./strings";

export const MAX_SOURCE_LENGTH = 50000; // JINJA_TEMPLATE_MAX_LENGTH
export const MAX_RESULT_LENGTH = 50000; // JINJA_RESULT_MAX_LENGTH

export type EngineResult = { ok: true; output: string } | { ok: false; kind: FailureKind; message: string; limit?: RenderLimit };

export interface Compiled {
  run(ctx: Map<string, unknown>, deadline: number): string;
}

export function compileTemplate(source: string): Compiled {
  const env = getEnv();
  const stmts = new Parser(source).parse();
  const c: CompileCtx = { env, soft: false, blocks: new Set(), nest: { expr: 0, loops: 0, indent: 0 } };
  const body = compileBody(stmts, c);
  return {
    run(ctx, deadline) {
      const root = new Scope(null, new Runtime(env, deadline));
      for (const [k, v] of ctx) if (v !== undefined) root.vars.set(k, v);
      // Collect a little more than the cap (UTF-16 units >= code points), then cut exactly.
      const out = new Out(MAX_RESULT_LENGTH * 2 + 8);
      body(root, out);
      const s = out.toString();
      if (s.length <= MAX_RESULT_LENGTH || cpLen(s) <= MAX_RESULT_LENGTH) return s;
      return cpSlice(s, 0, MAX_RESULT_LENGTH) + "..";
    },
  };
}

type CacheEntry = Compiled | { error: EngineResult };

/** Compiled templates by source (per process / worker), bounded. */
export class TemplateCache {
  private readonly map = new Map<string, CacheEntry>();
  private chars = 0;
  /** Bounded by entries and by total source size (sources may be 50000 characters). */
  constructor(private readonly max = 2000, private readonly maxChars = 8_000_000) {}
  get(source: string): CacheEntry {
    let e = this.map.get(source);
    if (e) {
      this.map.delete(source); // LRU: move to the end
      this.map.set(source, e);
      return e;
    }
    try {
      e = compileTemplate(source);
    } catch (err) {
      const { kind, message } = classify(err);
      e = { error: { ok: false, kind, message } };
    }
    while (this.map.size && (this.map.size >= this.max || this.chars + source.length > this.maxChars)) {
      const oldest = this.map.keys().next().value as string;
      this.map.delete(oldest);
      this.chars -= oldest.length;
    }
    this.map.set(source, e);
    this.chars += source.length;
    return e;
  }
}

export function checkLength(source: string): EngineResult | null {
  const n = cpLen(source);
  if (n > MAX_SOURCE_LENGTH) {
    return { ok: false, kind: "error", message: `Template exceeds length limit (${n} > ${MAX_SOURCE_LENGTH})` };
  }
  return null;
}

/** Compile-only check (integration templates are compiled on save, never run). */
export function checkSyntax(source: string, cache: TemplateCache): EngineResult {
  const tooLong = checkLength(source);
  if (tooLong) return tooLong;
  const e = cache.get(source);
  return "error" in e ? e.error : { ok: true, output: "" };
}

export function render(source: string, ctx: Map<string, unknown>, deadline: number, cache: TemplateCache): EngineResult {
  const tooLong = checkLength(source);
  if (tooLong) return tooLong;
  const e = cache.get(source);
  if ("error" in e) return e.error;
  try {
    return { ok: true, output: e.run(ctx, deadline) };
  } catch (err) {
    const { kind, message, limit } = classify(err);
    return limit ? { ok: false, kind, message, limit } : { ok: false, kind, message };
  }
}
