// Python str methods (and markupsafe.Markup extras) callable from templates.
import { bind, Param } from "./call";
import { TypeError_, ValueError_ } from "./errors";
import { getattr, getitem } from "./members";
import { MAX_STR, iterate, tpName } from "./ops";
import { strFormat } from "./strformat";
import {
  cpArray, cpLen, hasSurrogates, isPySpace, pyCapitalize, pyIsCase, pyStrip, pyTitle, splitWhitespace,
} from "./strings";
import { memoryExceeded } from "./errors";
import { Kwargs, Markup, PyTuple, isInt, isStr, strOf, toBig } from "./values";
import { escapeHtml, stripTags, unescapeHtml } from "./html";

type Impl = (s: string, a: unknown[], self: string | Markup) => unknown;
interface MDef { params: Param[]; fn: Impl; markup?: boolean }

function arg(v: unknown, name: string): string {
  if (!isStr(v)) throw TypeError_(`${name} arg must be None or str`);
  return strOf(v);
}
function optChars(v: unknown): string | null {
  return v === null ? null : arg(v, "strip");
}
function intArg(v: unknown): number {
  if (typeof v === "boolean" || isInt(v)) return Number(toBig(v));
  throw TypeError_(`'${tpName(v)}' object cannot be interpreted as an integer`);
}

/** Resolve Python slice-style start/end for code point arrays. */
function bounds(len: number, start: unknown, end: unknown): [number, number] {
  const norm = (v: unknown, d: number) => {
    if (v === null) return d;
    let n = intArg(v);
    if (n < 0) n = Math.max(0, n + len);
    return Math.min(n, len);
  };
  return [norm(start, 0), norm(end, len)];
}

function find(s: string, sub: string, start: unknown, end: unknown, right: boolean): number {
  const cps = hasSurrogates(s) || hasSurrogates(sub);
  const arr = cps ? cpArray(s) : null;
  const len = arr ? arr.length : s.length;
  const [b, e] = bounds(len, start, end);
  if (b > e) return -1;
  const hay = arr ? arr.slice(b, e).join("") : s.slice(b, e);
  const i = right ? hay.lastIndexOf(sub) : hay.indexOf(sub);
  if (i < 0) return -1;
  return b + (arr ? cpLen(hay.slice(0, i)) : i);
}

function pad(s: string, width: unknown, fill: unknown, where: "l" | "r" | "c"): string {
  const w = intArg(width);
  const f = arg(fill, "fillchar");
  if (cpLen(f) !== 1) throw TypeError_("The fill character must be exactly one character long");
  const n = w - cpLen(s);
  if (n <= 0) return s;
  if (n > MAX_STR) throw memoryExceeded();
  if (where === "l") return s + f.repeat(n);
  if (where === "r") return f.repeat(n) + s;
  const left = Math.floor(n / 2) + (n & w & 1);
  return f.repeat(left) + s + f.repeat(n - left);
}

function split(s: string, sep: unknown, maxsplit: unknown, right: boolean): string[] {
  const max = intArg(maxsplit);
  if (sep === null) {
    if (!right) return splitWhitespace(s, max);
    const rev = splitWhitespace(cpArray(s).reverse().join(""), max);
    return rev.map((x) => cpArray(x).reverse().join("")).reverse();
  }
  const p = arg(sep, "sep");
  if (!p) throw ValueError_("empty separator");
  const parts = s.split(p);
  if (max < 0 || parts.length - 1 <= max) return parts;
  if (!right) return [...parts.slice(0, max), parts.slice(max).join(p)];
  return [parts.slice(0, parts.length - max).join(p), ...parts.slice(parts.length - max)];
}

function affix(s: string, x: unknown, start: unknown, end: unknown, suffix: boolean): boolean {
  const arr = cpArray(s);
  const [b, e] = bounds(arr.length, start, end);
  const part = arr.slice(b, e).join("");
  const opts = x instanceof PyTuple ? x.items : [x];
  return opts.some((o) => {
    if (!isStr(o)) throw TypeError_(`${suffix ? "endswith" : "startswith"} first arg must be str or a tuple of str, not ${tpName(o)}`);
    return b <= e && (suffix ? part.endsWith(strOf(o)) : part.startsWith(strOf(o)));
  });
}

const LINE_BREAKS = /\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/g;

export const STR_METHODS = new Map<string, MDef>(Object.entries({
  upper: { params: [], fn: (s) => s.toUpperCase(), markup: true },
  lower: { params: [], fn: (s) => s.toLowerCase(), markup: true },
  casefold: { params: [], fn: (s) => s.toLowerCase().replace(/ß/g, "ss") },
  title: { params: [], fn: (s) => pyTitle(s), markup: true },
  capitalize: { params: [], fn: (s) => pyCapitalize(s), markup: true },
  swapcase: { params: [], fn: (s) => Array.from(s, (c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join(""), markup: true },
  strip: { params: [["chars", null]], fn: (s, [c]) => pyStrip(s, optChars(c), true, true), markup: true },
  lstrip: { params: [["chars", null]], fn: (s, [c]) => pyStrip(s, optChars(c), true, false), markup: true },
  rstrip: { params: [["chars", null]], fn: (s, [c]) => pyStrip(s, optChars(c), false, true), markup: true },
  startswith: { params: ["prefix", ["start", null], ["end", null]], fn: (s, [p, b, e]) => affix(s, p, b, e, false) },
  endswith: { params: ["suffix", ["start", null], ["end", null]], fn: (s, [p, b, e]) => affix(s, p, b, e, true) },
  replace: {
    params: ["old", "new", ["count", -1]],
    fn: (s, [o, n, c]) => {
      const old = arg(o, "replace");
      const neu = arg(n, "replace");
      let count = intArg(c);
      if (count < 0) count = Infinity;
      if (old === "") {
        const chars = cpArray(s);
        let out = "";
        for (let i = 0; i <= chars.length; i++) {
          if (i < count + 0 && i <= chars.length) out += neu;
          if (i < chars.length) out += chars[i];
        }
        return out;
      }
      const parts = s.split(old);
      if (parts.length - 1 <= count) return parts.join(neu);
      return parts.slice(0, count + 1).join(neu) + old + parts.slice(count + 1).join(old);
    },
    markup: true,
  },
  split: { params: [["sep", null], ["maxsplit", -1]], fn: (s, [p, m]) => split(s, p, m, false) },
  rsplit: { params: [["sep", null], ["maxsplit", -1]], fn: (s, [p, m]) => split(s, p, m, true) },
  splitlines: {
    params: [["keepends", false]],
    fn: (s, [k]) => {
      const out: string[] = [];
      let last = 0;
      for (const m of s.matchAll(LINE_BREAKS)) {
        out.push(s.slice(last, k ? m.index! + m[0].length : m.index));
        last = m.index! + m[0].length;
      }
      if (last < s.length) out.push(s.slice(last));
      return out;
    },
  },
  join: {
    params: ["iterable"],
    fn: (s, [it], self) => {
      const items = Array.from(iterate(it));
      const esc = self instanceof Markup;
      return items.map((x, i) => {
        if (!isStr(x)) throw TypeError_(`sequence item ${i}: expected str instance, ${tpName(x)} found`);
        return esc && typeof x === "string" ? escapeHtml(x) : strOf(x);
      }).join(s);
    },
    markup: true,
  },
  find: { params: ["sub", ["start", null], ["end", null]], fn: (s, [x, b, e]) => find(s, arg(x, "find"), b, e, false) },
  rfind: { params: ["sub", ["start", null], ["end", null]], fn: (s, [x, b, e]) => find(s, arg(x, "rfind"), b, e, true) },
  index: { params: ["sub", ["start", null], ["end", null]], fn: (s, [x, b, e]) => notFound(find(s, arg(x, "index"), b, e, false)) },
  rindex: { params: ["sub", ["start", null], ["end", null]], fn: (s, [x, b, e]) => notFound(find(s, arg(x, "rindex"), b, e, true)) },
  count: {
    params: ["sub", ["start", null], ["end", null]],
    fn: (s, [x, b, e]) => {
      const arr = cpArray(s);
      const [lo, hi] = bounds(arr.length, b, e);
      if (lo > hi) return 0;
      const part = arr.slice(lo, hi).join("");
      const sub = arg(x, "count");
      return sub === "" ? cpLen(part) + 1 : part.split(sub).length - 1;
    },
  },
  center: { params: ["width", ["fillchar", " "]], fn: (s, [w, f]) => pad(s, w, f, "c"), markup: true },
  ljust: { params: ["width", ["fillchar", " "]], fn: (s, [w, f]) => pad(s, w, f, "l"), markup: true },
  rjust: { params: ["width", ["fillchar", " "]], fn: (s, [w, f]) => pad(s, w, f, "r"), markup: true },
  zfill: {
    params: ["width"],
    fn: (s, [w]) => {
      const n = intArg(w) - cpLen(s);
      if (n <= 0) return s;
      const sign = s[0] === "-" || s[0] === "+" ? s[0] : "";
      return sign + "0".repeat(n) + s.slice(sign.length);
    },
    markup: true,
  },
  expandtabs: {
    params: [["tabsize", 8]],
    fn: (s, [t]) => {
      const size = intArg(t);
      let col = 0;
      let out = "";
      for (const ch of s) {
        if (ch === "\t") {
          const n = size > 0 ? size - (col % size) : 0;
          out += " ".repeat(n);
          col += n;
        } else {
          out += ch;
          col = ch === "\n" || ch === "\r" ? 0 : col + 1;
        }
      }
      return out;
    },
  },
  partition: { params: ["sep"], fn: (s, [p]) => partition(s, arg(p, "partition"), false) },
  rpartition: { params: ["sep"], fn: (s, [p]) => partition(s, arg(p, "rpartition"), true) },
  removeprefix: { params: ["prefix"], fn: (s, [p]) => (s.startsWith(arg(p, "x")) ? s.slice(strOf(p as string).length) : s) },
  removesuffix: { params: ["suffix"], fn: (s, [p]) => { const x = arg(p, "x"); return x && s.endsWith(x) ? s.slice(0, -x.length) : s; } },
  isdigit: { params: [], fn: (s) => /^\p{Nd}+$/u.test(s) },
  isdecimal: { params: [], fn: (s) => /^\p{Nd}+$/u.test(s) },
  isnumeric: { params: [], fn: (s) => /^[\p{Nd}\p{Nl}\p{No}]+$/u.test(s) },
  isalpha: { params: [], fn: (s) => /^\p{L}+$/u.test(s) },
  isalnum: { params: [], fn: (s) => /^[\p{L}\p{Nd}\p{Nl}\p{No}]+$/u.test(s) },
  isascii: { params: [], fn: (s) => /^[\x00-\x7f]*$/.test(s) },
  isspace: { params: [], fn: (s) => s.length > 0 && cpArray(s).every(isPySpace) },
  islower: { params: [], fn: (s) => pyIsCase(s, true) },
  isupper: { params: [], fn: (s) => pyIsCase(s, false) },
  istitle: { params: [], fn: (s) => s.length > 0 && pyTitle(s) === s && /\p{L}/u.test(s) },
  isidentifier: { params: [], fn: (s) => /^[\p{ID_Start}_][\p{ID_Continue}]*$/u.test(s) },
  isprintable: { params: [], fn: (s) => !/[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Zl}\p{Zp}]|[^\S ]/u.test(s) },
  format: { params: ["*args", "**kwargs"], fn: (s, [a, k], self) => fmt(s, a as unknown[], k as Kwargs, self) },
  format_map: { params: ["mapping"], fn: (s, [m], self) => fmt(s, [], m as Kwargs, self) },
  // markupsafe.Markup extras
  striptags: { params: [], fn: (s) => stripTags(s) },
  unescape: { params: [], fn: (s) => unescapeHtml(s) },
}));

function fmt(s: string, args: unknown[], kwargs: Map<unknown, unknown>, self: string | Markup): unknown {
  if (!(kwargs instanceof Map)) throw TypeError_("format_map() argument must be a mapping");
  const esc = (v: unknown) => (self instanceof Markup && isStr(v) && !(v instanceof Markup) ? new Markup(escapeHtml(strOf(v))) : v);
  const out = strFormat(s, args.map(esc), kwargs, {
    getattr: (o, n) => getattr(o, n),
    getitem: (o, k) => getitem(o, k),
  });
  return self instanceof Markup ? new Markup(out) : out;
}

function notFound(i: number): number {
  if (i < 0) throw ValueError_("substring not found");
  return i;
}

function partition(s: string, sep: string, right: boolean): PyTuple {
  if (!sep) throw ValueError_("empty separator");
  const i = right ? s.lastIndexOf(sep) : s.indexOf(sep);
  if (i < 0) return new PyTuple(right ? ["", "", s] : [s, "", ""]);
  return new PyTuple([s.slice(0, i), sep, s.slice(i + sep.length)]);
}

/** Call a str method: self is the (Markup or plain) string. */
export function callStrMethod(name: string, def: MDef, self: string | Markup, args: unknown[], kwargs: Kwargs): unknown {
  const a = bind({ fname: name, params: def.params }, args, kwargs);
  const r = def.fn(strOf(self), a, self);
  if (self instanceof Markup && def.markup && typeof r === "string") return new Markup(r);
  return r;
}

