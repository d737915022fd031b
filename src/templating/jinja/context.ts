// Turning caller data into template values: plain JSON -> runtime model, OnCall's JSON
// escaping of the context for headers/data (templating.md section 7), validation context.
import { jsonString, loads } from "./json";
import { DefaultStrDict, EscDict } from "./python-repr";
import { normInt } from "./values";

/**
 * Plain JS data (JSON.parse / structured clone) -> runtime values; anything else -> None.
 * With `escape`, applies escapeJson in the same pass (one walk per render).
 */
export function importValue(v: unknown, escape = false): unknown {
  switch (typeof v) {
    case "string": return escape ? jsonEscapeString(v) : v;
    case "boolean": return v;
    case "number": return Number.isInteger(v) ? (Number.isSafeInteger(v) ? v + 0 : normInt(BigInt(v))) : v;
    case "bigint": return normInt(v);
  }
  if (v === null || v === undefined) return null;
  if (Array.isArray(v)) return v.map((x) => importValue(x, escape));
  const proto = Object.getPrototypeOf(v);
  if (proto === Object.prototype || proto === null) {
    const m = escape ? new EscDict<unknown, unknown>() : new Map<unknown, unknown>();
    for (const k of Object.keys(v as object)) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== undefined) m.set(k, importValue(x, escape)); // JS undefined = key absent
    }
    return m;
  }
  return null;
}

/** Lossless JSON text (big ints exact, 3.0 stays a float, key order kept). */
export function importJsonText(text: string): unknown {
  return loads(text);
}

export function jsonEscapeString(s: string): string {
  return jsonString(s, false).slice(1, -1);
}

/** OnCall's escape_payload: every string JSON-escaped, dicts print with \" (EscapeDoubleQuotesDict). */
export function escapeJson(v: unknown): unknown {
  if (typeof v === "string") return jsonEscapeString(v);
  if (Array.isArray(v)) return v.map(escapeJson);
  if (v instanceof Map) {
    const d = new EscDict<unknown, unknown>();
    for (const [k, x] of v) d.set(k, escapeJson(x));
    return d;
  }
  return v;
}

/** Save-time validation context (templating.md section 9). */
export function validationContext(): Map<string, unknown> {
  return new Map<string, unknown>([
    ["alert_payload", new DefaultStrDict()],
    ["alert_group_id", "alert_group_1"],
    ["payload", null],
  ]);
}
