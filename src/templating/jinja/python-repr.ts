// Python str()/repr() of runtime values, as Jinja prints them.
import {
  Markup, PyDictView, PyFloat, PyGen, PyObj, PyTuple, Undefined,
} from "./values";

/** Dicts from the JSON-escaped context (OnCall's EscapeDoubleQuotesDict). */
export class EscDict<K = unknown, V = unknown> extends Map<K, V> {}

/** collections.defaultdict(str): the save-time validation's alert_payload. */
export class DefaultStrDict<K = unknown, V = unknown> extends Map<K, V> {}

export function floatRepr(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  // toExponential() gives the shortest round-trip digits, like Python's repr.
  const [mant, expS] = Math.abs(x).toExponential().split("e");
  const exp = Number(expS);
  const digits = mant.replace(".", "");
  const sign = x < 0 ? "-" : "";
  if (exp >= -4 && exp < 16) {
    if (exp >= 0) {
      const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, "0");
      const frac = digits.slice(exp + 1) || "0";
      return `${sign}${intPart}.${frac}`;
    }
    return `${sign}0.${"0".repeat(-exp - 1)}${digits}`;
  }
  const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  const e = Math.abs(exp) < 10 ? `0${Math.abs(exp)}` : String(Math.abs(exp));
  return `${sign}${m}e${exp < 0 ? "-" : "+"}${e}`;
}

export function intStr(v: number | bigint): string {
  return typeof v === "bigint" ? v.toString() : Number.isSafeInteger(v) ? String(v) : BigInt(v).toString();
}

const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

function hex(n: number, w: number): string {
  return n.toString(16).padStart(w, "0");
}

/** Python repr() of a str. */
export function strRepr(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = q;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === q || ch === "\\") out += "\\" + ch;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (c < 0x20 || c === 0x7f) out += "\\x" + hex(c, 2);
    else if (c < 0x7f) out += ch;
    else if ((c >= 0xd800 && c <= 0xdfff) || (c !== 0x20 && NON_PRINTABLE.test(ch))) {
      out += c <= 0xff ? "\\x" + hex(c, 2) : c <= 0xffff ? "\\u" + hex(c, 4) : "\\U" + hex(c, 8);
    } else out += ch;
  }
  return out + q;
}

const FAKE_ADDR = "0x7f3a5c1e2d40";

export function typeName(v: unknown): string {
  if (v === null) return "NoneType";
  switch (typeof v) {
    case "boolean": return "bool";
    case "string": return "str";
    case "bigint": return "int";
    case "number": return Number.isInteger(v) ? "int" : "float";
  }
  if (v instanceof PyFloat) return "float";
  if (v instanceof Markup) return "Markup";
  if (Array.isArray(v)) return "list";
  if (v instanceof PyTuple) return "tuple";
  if (v instanceof Map) return "dict";
  if (v instanceof Undefined) return "Undefined";
  if (v instanceof PyGen) return v.kind;
  if (v instanceof PyDictView) return `dict_${v.kind}`;
  if (v instanceof PyObj) return v.pyName;
  return "object";
}

/** jinja2.utils.object_type_repr, used in undefined messages. */
export function objectTypeRepr(v: unknown): string {
  if (v === null) return "None";
  if (v instanceof PyObj && v.pyModule !== "builtins") return `${v.pyModule}.${v.pyName} object`;
  if (v instanceof Markup) return "markupsafe.Markup object";
  if (v instanceof Undefined) return "jinja2.runtime.Undefined object";
  return `${typeName(v)} object`;
}

function seqRepr(items: unknown[], open: string, close: string, depth: number): string {
  const parts = items.map((x) => repr(x, depth + 1));
  if (open === "(" && parts.length === 1) return `(${parts[0]},)`;
  return open + parts.join(", ") + close;
}

function dictRepr(d: Map<unknown, unknown>, depth: number): string {
  const parts: string[] = [];
  for (const [k, v] of d) parts.push(`${repr(k, depth + 1)}: ${repr(v, depth + 1)}`);
  return "{" + parts.join(", ") + "}";
}

/** Python repr(). */
export function repr(v: unknown, depth = 0): string {
  if (depth > 200) return "...";
  if (v === null) return "None";
  switch (typeof v) {
    case "boolean": return v ? "True" : "False";
    case "string": return strRepr(v);
    case "bigint": return v.toString();
    case "number": return Number.isInteger(v) ? intStr(v) : floatRepr(v);
  }
  if (v instanceof PyFloat) return floatRepr(v.v);
  if (v instanceof Markup) return `Markup(${strRepr(v.s)})`;
  if (Array.isArray(v)) return seqRepr(v, "[", "]", depth);
  if (v instanceof PyTuple) return seqRepr(v.items, "(", ")", depth);
  if (v instanceof DefaultStrDict) return `defaultdict(<class 'str'>, ${dictRepr(v, depth)})`;
  if (v instanceof Map) return dictRepr(v, depth);
  if (v instanceof Undefined) return "Undefined";
  if (v instanceof PyGen) {
    return v.kind === "generator" ? `<generator object ${v.fname} at ${FAKE_ADDR}>` : `<${v.kind} object at ${FAKE_ADDR}>`;
  }
  if (v instanceof PyDictView) {
    const items = v.kind === "keys" ? [...v.d.keys()] : v.kind === "values" ? [...v.d.values()]
      : [...v.d].map(([k, x]) => new PyTuple([k, x]));
    return `dict_${v.kind}(${seqRepr(items, "[", "]", depth)})`;
  }
  if (v instanceof PyObj) return v.repr();
  return "<object>";
}

/** Python str(): what {{ v }} prints (Undefined prints ""). */
export function str(v: unknown): string {
  if (typeof v === "string") return v;
  if (v instanceof Markup) return v.s;
  if (v instanceof Undefined) return "";
  if (v instanceof PyObj && "pyStr" in v) return (v as PyObj & { pyStr(): string }).pyStr();
  if (v instanceof EscDict) {
    const s = dictRepr(v, 0);
    return s.includes('"') ? s.replace(/(?<!\\)"/g, '\\"') : s;
  }
  return repr(v);
}

export { FAKE_ADDR };
