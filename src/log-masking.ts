// What no log line may show: API tokens, passwords, webhook secrets and secret headers, URL user-info and the
// token of an inbound link (`/integrations/v1/{type}/{token}/`, issue 8 item 9). The logger runs every message
// and every field through `maskFields`, so call sites need not remember; pino's `redact` only knows fixed
// paths, while our fields nest (errors with causes, header maps).

export const MASK = "****";

/** Keys whose values are secret whatever they hold (compared without `-`/`_`, any case). */
const SECRET_KEY = /authorization|password|passwd|secret|token|apikey|authtoken|cookie|signature|credential|privatekey/i;

const TEXT_RULES: [RegExp, string][] = [
  // https://user:pass@host/ → https://****@host/
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"'<>]+@/gi, `$1${MASK}@`],
  // /integrations/v1/{type}/{token}… → /integrations/v1/{type}/****… (the route template `:token` stays readable)
  [/(\/integrations\/v1\/[^\s/?#"']+\/)(?!:token\b)[^\s/?#"']+/g, `$1${MASK}`],
  // Authorization: Bearer …, Basic …, Token …
  [/\b(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]{4,}/g, `$1 ${MASK}`],
  // ?token=…, &api_key=…, &signature=… in any URL
  [/([?&][^\s=&#"']*(?:token|key|secret|password|passwd|signature|sig|auth)[^\s=&#"']*=)[^\s&#"']+/gi, `$1${MASK}`],
];

/** Literal secrets shorter than this are not masked as text (they would mask ordinary words). */
const MIN_LITERAL = 6;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key.replace(/[-_\s]/g, ""));
}

/** Masks known secret values (longest first) and the patterns above in one piece of text. */
export function maskText(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= MIN_LITERAL && out.includes(secret)) out = out.split(secret).join(MASK);
  }
  for (const [pattern, replacement] of TEXT_RULES) out = out.replace(pattern, replacement);
  return out;
}

/** Secrets in the order `maskText` wants them: unique, long enough, longest first (a secret may contain another). */
export function secretList(values: Iterable<string | null | undefined>): string[] {
  const set = new Set<string>();
  for (const v of values) if (v && v.length >= MIN_LITERAL) set.add(v);
  return [...set].sort((a, b) => b.length - a.length);
}

const MAX_DEPTH = 6;
const MAX_ITEMS = 50;

/**
 * A copy of `value` safe to log: secret keys redacted at any depth, every string masked, errors reduced to
 * type, message, code, stack and cause (a driver error's `parameters` or an HTTP client's `config` may hold
 * secrets, so nothing else of an error is kept).
 */
export function maskFields(value: unknown, secrets: readonly string[] = [], depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === "string") return maskText(value, secrets);
  if (value === null || typeof value !== "object") return typeof value === "function" || typeof value === "symbol" ? String(value) : value;
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return `[${value.length} bytes]`;
  if (seen.has(value)) return "[circular]";
  if (depth >= MAX_DEPTH) return "[nested too deep]";
  seen.add(value);
  if (value instanceof Error) {
    const e = value as Error & { code?: unknown; cause?: unknown };
    const out: Record<string, unknown> = { type: e.name, message: maskText(e.message, secrets) };
    if (typeof e.code === "string" || typeof e.code === "number") out.code = e.code;
    if (e.stack) out.stack = maskText(e.stack, secrets);
    if (e.cause !== undefined) out.cause = maskFields(e.cause, secrets, depth + 1, seen);
    return out;
  }
  if (Array.isArray(value)) return value.slice(0, MAX_ITEMS).map((v) => maskFields(v, secrets, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = isSecretKey(key) && v !== null && v !== undefined && v !== "" ? "[redacted]" : maskFields(v, secrets, depth + 1, seen);
  }
  return out;
}
