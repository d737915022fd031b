// Python's json.dumps(value) for JS values: how OnCall serialises event payloads (forward_all bodies and the
// stored event_data): ", " / ": " separators, non-ASCII as \uXXXX, key order kept, floats as Python repr.
// JsonText (alert payloads, response contents) is re-serialised from its text, so its numbers stay exact.
import { JsonText } from "../json/json-text";
import { pyFloatRepr, pythonJsonDumps } from "../http/python-json";

const SHORT: Record<string, string> = { '"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f" };
const NEEDS_ESCAPE = /[^ -~]|["\\]/;
const ESCAPES = /[^ -~]|["\\]/g;

function escapeChar(c: string): string {
  return SHORT[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
}

export function pyJsonString(s: string): string {
  return NEEDS_ESCAPE.test(s) ? `"${s.replace(ESCAPES, escapeChar)}"` : `"${s}"`;
}

function pyNumber(n: number): string {
  if (!Number.isInteger(n)) return pyFloatRepr(n);
  // JSON.parse turned the payload's integers into doubles; print them as Python ints (no exponent).
  return Math.abs(n) < 1e21 ? String(n) : BigInt(n).toString();
}

/**
 * Serialises `value`. `memo` caches the text of objects by identity: one event's deliveries share their big
 * sub-objects (alert payload, alert group), so a fan-out to many webhooks serialises them once.
 */
export function pythonDumps(value: unknown, memo?: WeakMap<object, string>): string {
  if (value === null || value === undefined) return "null";
  switch (typeof value) {
    case "string":
      return pyJsonString(value);
    case "number":
      return pyNumber(value);
    case "boolean":
      return value ? "true" : "false";
    case "bigint":
      return value.toString();
    case "object":
      break;
    default:
      return "null";
  }
  const obj = value as object;
  const cached = memo?.get(obj);
  if (cached !== undefined) return cached;
  let text: string;
  if (obj instanceof JsonText) {
    // Only text too deep for Python (900 levels, far past the body limit) is passed on unchanged.
    text = pythonJsonDumps(obj.text) ?? obj.text;
  } else if (Array.isArray(obj)) {
    text = `[${obj.map((v) => pythonDumps(v, memo)).join(", ")}]`;
  } else if (obj instanceof Date) {
    text = pyJsonString(obj.toISOString());
  } else {
    const parts: string[] = [];
    for (const [k, v] of Object.entries(obj)) if (v !== undefined) parts.push(`${pyJsonString(k)}: ${pythonDumps(v, memo)}`);
    text = `{${parts.join(", ")}}`;
  }
  memo?.set(obj, text);
  return text;
}
