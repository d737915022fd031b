// Messages between the renderer (main thread) and its worker threads.
export type Op = "render" | "check";

export interface WorkRequest {
  id: number;
  op: Op;
  source: string;
  /** Plain context variables as JSON text (cheaper to send than a structured clone). */
  varsJson?: string;
  /** Plain context variables (structured clone; used when they are not JSON-serialisable). */
  vars?: Record<string, unknown>;
  /** Whole context given as JSON text, parsed losslessly in the worker. */
  json?: string;
  /** Top-level variables given as JSON text. */
  jsonVars?: Record<string, string>;
  /** Keep only these variables (legacy webhooks' data template). */
  onlyVars?: string[];
  escapeJson?: boolean;
  addPayloadNone?: boolean;
  validation?: boolean; // use the save-time dummy context instead of vars
  budgetMs: number;
}

export interface WorkResult {
  id: number;
  ok: boolean;
  output?: string;
  kind?: "error" | "warning";
  message?: string;
  /** Set when a render limit stopped the render (a watchdog kill is "time", a worker out of memory "memory"). */
  limit?: "time" | "memory";
}
