// Python's json.dumps / json.loads over the runtime value model.
import { plainStringEnd } from "../../json/plain-string";
import { TypeError_, ValueError_ } from "./errors";
import { order } from "./ops";
import { floatRepr, intStr, typeName } from "./python-repr";
import { Markup, PyFloat, PyTuple, isStr, mkFloat, normInt, strOf } from "./values";

export interface DumpOpts {
  sortKeys?: boolean;
  indent?: string | null; // null: single line
  itemSep?: string;
  keySep?: string;
  ensureAscii?: boolean;
}

const ESC: Record<string, string> = { '"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f" };

export function jsonString(s: string, ensureAscii: boolean): string {
  const re = ensureAscii ? /[\\"\x00-\x1f\x7f-\uffff]/g : /[\\"\x00-\x1f]/g;
  return '"' + s.replace(re, (c) => ESC[c] ?? "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0")) + '"';
}

function floatJson(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (!Number.isFinite(x)) return x > 0 ? "Infinity" : "-Infinity";
  return floatRepr(x);
}

function keyString(k: unknown): string {
  if (isStr(k)) return strOf(k);
  if (k === null) return "null";
  if (typeof k === "boolean") return k ? "true" : "false";
  if (typeof k === "bigint" || (typeof k === "number" && Number.isInteger(k))) return intStr(k as number);
  if (typeof k === "number") return floatJson(k);
  if (k instanceof PyFloat) return floatJson(k.v);
  throw TypeError_(`keys must be str, int, float, bool or None, not ${typeName(k)}`);
}

export function dumps(value: unknown, o: DumpOpts = {}): string {
  const ensureAscii = o.ensureAscii ?? true;
  const indent = o.indent ?? null;
  const itemSep = o.itemSep ?? (indent === null ? ", " : ",");
  const keySep = o.keySep ?? ": ";
  const seen = new Set<unknown>();
  const enc = (v: unknown, level: number): string => {
    if (v === null) return "null";
    if (v === true) return "true";
    if (v === false) return "false";
    if (typeof v === "string") return jsonString(v, ensureAscii);
    if (v instanceof Markup) return jsonString(v.s, ensureAscii);
    if (typeof v === "bigint") return v.toString();
    if (typeof v === "number") return Number.isInteger(v) ? intStr(v) : floatJson(v);
    if (v instanceof PyFloat) return floatJson(v.v);
    const isSeq = Array.isArray(v) || v instanceof PyTuple;
    if (!isSeq && !(v instanceof Map)) throw TypeError_(`Object of type ${typeName(v)} is not JSON serializable`);
    if (seen.has(v)) throw ValueError_("Circular reference detected");
    seen.add(v);
    const nl = indent === null ? "" : "\n" + indent.repeat(level + 1);
    const end = indent === null ? "" : "\n" + indent.repeat(level);
    let out: string;
    if (isSeq) {
      const items = Array.isArray(v) ? v : (v as PyTuple).items;
      out = items.length ? "[" + nl + items.map((x) => enc(x, level + 1)).join(itemSep + nl) + end + "]" : "[]";
    } else {
      let entries = [...(v as Map<unknown, unknown>)];
      if (o.sortKeys) entries = entries.sort((a, b) => order(a[0], b[0], "<"));
      out = entries.length
        ? "{" + nl + entries.map(([k, x]) => jsonString(keyString(k), ensureAscii) + keySep + enc(x, level + 1)).join(itemSep + nl) + end + "}"
        : "{}";
    }
    seen.delete(v);
    return out;
  };
  return enc(value, 0);
}

class Reader {
  i = 0;
  constructor(readonly s: string) {}
  fail(msg: string): never {
    const before = this.s.slice(0, this.i);
    const line = before.split("\n").length;
    const col = this.i - before.lastIndexOf("\n");
    throw ValueError_(`${msg}: line ${line} column ${col} (char ${this.i})`);
  }
  ws(): void {
    let c = this.s.charCodeAt(this.i);
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = this.s.charCodeAt(++this.i);
  }
}

const NUM = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/y;

const LITERALS = [["null", null], ["true", true], ["false", false], ["NaN", NaN], ["Infinity", Infinity], ["-Infinity", -Infinity]] as const;

function parseValue(r: Reader, depth: number): unknown {
  if (depth > 1000) r.fail("maximum recursion depth exceeded");
  r.ws();
  const c = r.s[r.i];
  if (c === "{") {
    r.i++;
    const m = new Map<unknown, unknown>();
    r.ws();
    if (r.s[r.i] === "}") {
      r.i++;
      return m;
    }
    for (;;) {
      r.ws();
      if (r.s[r.i] !== '"') r.fail("Expecting property name enclosed in double quotes");
      const k = parseString(r);
      r.ws();
      if (r.s[r.i] !== ":") r.fail("Expecting ':' delimiter");
      r.i++;
      m.set(k, parseValue(r, depth + 1));
      r.ws();
      if (r.s[r.i] === ",") r.i++;
      else if (r.s[r.i] === "}") {
        r.i++;
        return m;
      } else r.fail("Expecting ',' delimiter");
    }
  }
  if (c === "[") {
    r.i++;
    const a: unknown[] = [];
    r.ws();
    if (r.s[r.i] === "]") {
      r.i++;
      return a;
    }
    for (;;) {
      a.push(parseValue(r, depth + 1));
      r.ws();
      if (r.s[r.i] === ",") r.i++;
      else if (r.s[r.i] === "]") {
        r.i++;
        return a;
      } else r.fail("Expecting ',' delimiter");
    }
  }
  if (c === '"') return parseString(r);
  if (!(c >= "0" && c <= "9")) {
    for (const [lit, v] of LITERALS) {
      if (r.s.startsWith(lit, r.i)) {
        r.i += lit.length;
        return v;
      }
    }
  }
  NUM.lastIndex = r.i;
  const m = NUM.exec(r.s);
  if (!m) r.fail("Expecting value");
  r.i = NUM.lastIndex;
  if (m[1] === undefined && m[2] === undefined) return normInt(BigInt(m[0]));
  return mkFloat(Number(m[0]));
}

function parseString(r: Reader): string {
  const end = plainStringEnd(r.s, r.i);
  if (end >= 0) {
    const plain = r.s.slice(r.i + 1, end);
    r.i = end + 1;
    return plain;
  }
  const start = r.i++;
  let out = "";
  for (;;) {
    const j = r.s.slice(r.i).search(/["\\\x00-\x1f]/);
    if (j < 0) {
      r.i = start;
      r.fail("Unterminated string starting at");
    }
    out += r.s.slice(r.i, r.i + j);
    r.i += j;
    const c = r.s[r.i++];
    if (c === '"') return out;
    if (c !== "\\") {
      r.i--;
      r.fail("Invalid control character at");
    }
    const e = r.s[r.i++];
    const simple: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };
    if (e in simple) out += simple[e];
    else if (e === "u" && /^[0-9a-fA-F]{4}$/.test(r.s.slice(r.i, r.i + 4))) {
      out += String.fromCharCode(parseInt(r.s.slice(r.i, r.i + 4), 16));
      r.i += 4;
    } else {
      r.i -= 2;
      r.fail("Invalid \\escape");
    }
  }
}

/** json.loads with Python types (dict -> Map in order, big ints exact, 1.0 stays float). */
export function loads(s: string): unknown {
  const r = new Reader(s);
  const v = parseValue(r, 0);
  r.ws();
  if (r.i !== s.length) r.fail("Extra data");
  return v;
}
