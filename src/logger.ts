/** Minimal structured logger: one JSON line per entry on stderr (stdout is kept for the start-up line). */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

function serialise(fields?: Record<string, unknown>): Record<string, unknown> | undefined {
  if (!fields) return undefined;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    out[k] = v instanceof Error ? { message: v.message, stack: v.stack } : v;
  }
  return out;
}

export function createLogger(level: "info" | "warn" | "error" | "silent" = "info"): Logger {
  const rank = { info: 0, warn: 1, error: 2, silent: 3 }[level];
  const write = (lvl: "info" | "warn" | "error", n: number) => (message: string, fields?: Record<string, unknown>) => {
    if (n < rank) return;
    process.stderr.write(JSON.stringify({ time: new Date().toISOString(), level: lvl, message, ...serialise(fields) }) + "\n");
  };
  return { info: write("info", 0), warn: write("warn", 1), error: write("error", 2) };
}
