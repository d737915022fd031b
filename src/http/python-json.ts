// Re-serialise JSON text the way OnCall stores response content: Python's json.dumps(json.loads(text))
// — ", " / ": " separators, ensure_ascii, dict semantics for duplicate keys (first position,
// last value), integers kept exact, floats printed like Python's repr.
import { plainStringEnd } from "../json/plain-string";

type Value = null | boolean | string | PyNumber | Value[] | Map<string, Value>;
class PyNumber {
  constructor(readonly text: string) {}
}

const MAX_DEPTH = 900; // Python raises RecursionError around here; we then fall back to text.
const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
const WS = /[ \t\n\r]*/y;

class Parser {
  private i = 0;
  constructor(private readonly s: string) {}

  parseDocument(): Value {
    this.ws();
    const v = this.value(0);
    this.ws();
    if (this.i !== this.s.length) throw new SyntaxError("trailing data");
    return v;
  }

  private ws(): void {
    if (this.s.charCodeAt(this.i) > 0x20) return;
    WS.lastIndex = this.i;
    WS.exec(this.s);
    this.i = WS.lastIndex;
  }

  private literal(word: string): boolean {
    if (this.s.startsWith(word, this.i)) {
      this.i += word.length;
      return true;
    }
    return false;
  }

  private value(depth: number): Value {
    if (depth > MAX_DEPTH) throw new SyntaxError("too deep");
    const c = this.s[this.i];
    if (c === "{") return this.object(depth);
    if (c === "[") return this.array(depth);
    if (c === '"') return this.string();
    if (this.literal("true")) return true;
    if (this.literal("false")) return false;
    if (this.literal("null")) return null;
    // Python's json accepts these non-standard constants.
    if (this.literal("NaN")) return new PyNumber("NaN");
    if (this.literal("Infinity")) return new PyNumber("Infinity");
    if (this.literal("-Infinity")) return new PyNumber("-Infinity");
    NUMBER.lastIndex = this.i;
    const m = NUMBER.exec(this.s);
    if (!m) throw new SyntaxError(`unexpected character at ${this.i}`);
    this.i = NUMBER.lastIndex;
    return new PyNumber(m[1] === undefined && m[2] === undefined ? pyInt(m[0]) : pyFloatRepr(Number(m[0])));
  }

  private object(depth: number): Map<string, Value> {
    const out = new Map<string, Value>();
    this.i++;
    this.ws();
    if (this.literal("}")) return out;
    for (;;) {
      this.ws();
      if (this.s[this.i] !== '"') throw new SyntaxError("expected key");
      const key = this.string();
      this.ws();
      if (!this.literal(":")) throw new SyntaxError("expected ':'");
      this.ws();
      out.set(key, this.value(depth + 1)); // Map.set keeps the first position, like a dict
      this.ws();
      if (this.literal("}")) return out;
      if (!this.literal(",")) throw new SyntaxError("expected ','");
    }
  }

  private array(depth: number): Value[] {
    const out: Value[] = [];
    this.i++;
    this.ws();
    if (this.literal("]")) return out;
    for (;;) {
      this.ws();
      out.push(this.value(depth + 1));
      this.ws();
      if (this.literal("]")) return out;
      if (!this.literal(",")) throw new SyntaxError("expected ','");
    }
  }

  private string(): string {
    const end = plainStringEnd(this.s, this.i);
    if (end >= 0) {
      const plain = this.s.slice(this.i + 1, end);
      this.i = end + 1;
      return plain;
    }
    // Find the closing quote, then let JSON.parse do escapes and control-character validation.
    let j = this.i + 1;
    for (;;) {
      const k = this.s.indexOf('"', j);
      if (k < 0) throw new SyntaxError("unterminated string");
      let slashes = 0;
      for (let p = k - 1; p > this.i && this.s[p] === "\\"; p--) slashes++;
      j = k + 1;
      if (slashes % 2 === 0) break;
    }
    const v = JSON.parse(this.s.slice(this.i, j)) as string;
    this.i = j;
    return v;
  }
}

function pyInt(text: string): string {
  return /^-0+$/.test(text) ? "0" : text;
}

/** Python's float repr: shortest round-trip digits, exponent form when exp < -4 or >= 16. */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (!Number.isFinite(x)) return x > 0 ? "Infinity" : "-Infinity";
  const sign = x < 0 || Object.is(x, -0) ? "-" : "";
  if (x === 0) return `${sign}0.0`;
  const [mant, expText] = Math.abs(x).toExponential().split("e");
  const digits = mant.replace(".", "");
  const exp = Number(expText);
  const decpt = exp + 1;
  if (decpt > 16 || decpt <= -4) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${m}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  }
  if (decpt <= 0) return `${sign}0.${"0".repeat(-decpt)}${digits}`;
  if (decpt >= digits.length) return `${sign}${digits}${"0".repeat(decpt - digits.length)}.0`;
  return `${sign}${digits.slice(0, decpt)}.${digits.slice(decpt)}`;
}

const SHORT: Record<string, string> = { '"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f" };

const NEEDS_ESCAPE = /[^ -~]|["\\]/;

function pyString(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return `"${s}"`;
  // ensure_ascii: everything outside ' '..'~' is escaped, per UTF-16 unit (as Python does).
  return `"${s.replace(/[^ -~]|["\\]/g, (c) => SHORT[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)}"`;
}

function dump(v: Value): string {
  if (v === null) return "null";
  if (v === true) return "true";
  if (v === false) return "false";
  if (typeof v === "string") return pyString(v);
  if (v instanceof PyNumber) return v.text;
  if (Array.isArray(v)) return `[${v.map(dump).join(", ")}]`;
  return `{${[...v].map(([k, x]) => `${pyString(k)}: ${dump(x)}`).join(", ")}}`;
}

/** json.dumps(json.loads(text)) or null when `text` is not JSON to Python. */
export function pythonJsonDumps(text: string): string | null {
  try {
    return dump(new Parser(text).parseDocument());
  } catch {
    return null;
  }
}
