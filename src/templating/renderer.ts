// TemplateRenderer: the public entry point. Renders in worker threads (see pool.ts).
import * as os from "node:os";
import { NOT_CLONEABLE, WorkerPool } from "./pool";
import type { WorkRequest, WorkResult } from "./protocol";
import { isBoundedTemplate } from "./bounded";
import { TemplateCache } from "./jinja/engine";
import { handleRequest } from "./worker-handler";
import { ImportMemo } from "./import-memo";
import { JsonText, RenderResult, TemplateContext, TemplateFailure, TemplateField } from "./types";

const PREFIX = { error: "Template Error: ", warning: "Template Warning: " } as const;

function toResult(r: WorkResult): RenderResult {
  if (r.ok) return { ok: true, output: r.output ?? "" };
  const kind = r.kind ?? "error";
  const failure: TemplateFailure = { kind, message: PREFIX[kind] + (r.message ?? "") };
  if (r.limit) failure.limit = r.limit;
  return { ok: false, failure };
}

/** Split a context into structured-clone-safe variables and lossless JSON texts. */
function encodeContext(ctx: TemplateContext): Pick<WorkRequest, "vars" | "varsJson" | "json" | "jsonVars"> {
  if (ctx instanceof JsonText) return { json: ctx.text };
  const vars: Record<string, unknown> = {};
  const jsonVars: Record<string, string> = {};
  for (const [k, v] of Object.entries(ctx)) {
    if (v instanceof JsonText) jsonVars[k] = v.text;
    else vars[k] = v;
  }
  try {
    // A JSON string crosses threads about 3x faster than the same data as a structured clone.
    return { varsJson: JSON.stringify(vars), jsonVars };
  } catch {
    return { vars, jsonVars }; // bigint or cyclic values: structured clone
  }
}

type RenderRequest = Omit<WorkRequest, "id" | "budgetMs" | "vars" | "varsJson" | "json" | "jsonVars">;

export class TemplateRenderer {
  private readonly pool: WorkerPool;
  /** Compiled templates rendered on this thread (those `isBoundedTemplate` admits). */
  private readonly localCache = new TemplateCache(500, 2_000_000);
  private readonly imports = new ImportMemo();
  private readonly deadlineMs: number;
  private nextId = 1;
  private closed = false;

  constructor(options: { deadlineMs?: number; workers?: number } = {}) {
    this.deadlineMs = options.deadlineMs ?? 1000;
    const cpus = typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
    this.pool = new WorkerPool(Math.max(1, options.workers ?? Math.min(2, cpus)));
  }

  private async run(req: Omit<WorkRequest, "id" | "budgetMs">): Promise<RenderResult> {
    const full: WorkRequest = { ...req, id: this.nextId++, budgetMs: this.deadlineMs };
    let r = await this.pool.run(full);
    if (!r.ok && r.message === NOT_CLONEABLE && full.vars) {
      // Values that cannot cross threads (functions, class instances): keep their JSON view.
      const vars = JSON.parse(JSON.stringify(full.vars, (_k, v) => (typeof v === "bigint" ? Number(v) : v))) as Record<string, unknown>;
      r = await this.pool.run({ ...full, vars });
    }
    return toResult(r);
  }

  /**
   * A render (or check) whose cost is bounded by its text and context (bounded.ts) runs here, with the same
   * deadline and output cap, sparing a message round trip — and sparing the pool's threads, which start only when
   * a template needs them; any other goes to the pool, whose watchdog stops runaways.
   */
  private renderAnywhere(req: RenderRequest, context: TemplateContext): Promise<RenderResult> {
    // The context is encoded exactly as for the pool, so a value reads the same wherever the render runs.
    if (this.closed) return Promise.reject(new Error("TemplateRenderer is closed"));
    const encoded = encodeContext(context);
    if (encoded.vars === undefined && isBoundedTemplate(req.source)) {
      return Promise.resolve(toResult(handleRequest({ ...req, ...encoded, id: 0, budgetMs: this.deadlineMs }, this.localCache, this.imports.importJson)));
    }
    return this.run({ ...req, ...encoded });
  }

  /** Generic render; `escapeJson` applies templating.md section 7 to the context first. */
  render(source: string, context: TemplateContext, options: { escapeJson?: boolean } = {}): Promise<RenderResult> {
    return this.renderAnywhere({ op: "render", source, escapeJson: !!options.escapeJson }, context);
  }

  /** Render one webhook field as a delivery does (adds `payload: None`; headers/data JSON-escaped). */
  renderField(field: TemplateField, source: string, eventData: TemplateContext, options: { legacy?: boolean } = {}): Promise<RenderResult> {
    const escapeJson = field === "headers" || field === "data";
    const onlyVars = options.legacy && field === "data" ? ["alert_payload", "alert_group_id"] : undefined;
    return this.renderAnywhere({ op: "render", source, onlyVars, escapeJson, addPayloadNone: true }, eventData);
  }

  /** Save-time validation (templating.md section 9): the Template Error message, or null. */
  async validate(source: string): Promise<string | null> {
    const r = await this.renderAnywhere({ op: "render", source, validation: true }, {});
    return !r.ok && r.failure.kind === "error" ? r.failure.message : null;
  }

  /** Compile only (integration templates are compiled on save, never run): error message or null. */
  async checkSyntax(source: string): Promise<string | null> {
    const r = await this.renderAnywhere({ op: "check", source }, {});
    return r.ok ? null : r.failure.message;
  }

  close(): Promise<void> {
    this.closed = true;
    return this.pool.close();
  }
}
