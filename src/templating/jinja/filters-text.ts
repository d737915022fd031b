// Jinja's built-in string filters (autoescape is off, as in OnCall).
import { AssertionError_, AttributeError_, TemplateRuntimeError, TypeError_, ValueError_ } from "./errors";
import { filter } from "./filters-util";
import { escapeHtml, stripTags } from "./html";
import { dumps } from "./json";
import { STR_METHODS, callStrMethod } from "./methods-str";
import { iterate, pyLen, tpName } from "./ops";
import { pyToFloat } from "./convert";
import { percentFormat } from "./pyformat";
import { pformat } from "./pprint";
import { str, strRepr } from "./python-repr";
import { cpArray, cpLen, pyCapitalize, pyStrip } from "./strings";
import { urlize, wordwrap } from "./text";
import { failUndefined } from "./undefined";
import { Kwargs, Markup, PyTuple, Undefined, isInt, isStr, strOf, toBig } from "./values";
import type { FilterDef } from "./runtime";

/** markupsafe.soft_str: keeps Markup, str() for everything else. */
export function softStr(v: unknown): string | Markup {
  return v instanceof Markup ? v : str(v);
}

const wrap = (v: string | Markup, r: string) => (v instanceof Markup ? new Markup(r) : r);
const callMethod = (name: string, self: unknown, args: unknown[]) =>
  callStrMethod(name, STR_METHODS.get(name)!, softStr(self), args, new Map());

export function escape(v: unknown): Markup {
  return v instanceof Markup ? v : new Markup(escapeHtml(str(v)));
}

function intArg(v: unknown, what: string): number {
  if (typeof v === "boolean" || isInt(v)) return Number(toBig(v));
  throw TypeError_(`'${tpName(v)}' object cannot be interpreted as an integer${what}`);
}

const SAFE = /[A-Za-z0-9_.\-~]/;
export function urlQuote(v: unknown, forQs: boolean): string {
  const s = isStr(v) ? strOf(v) : str(v);
  let out = "";
  for (const ch of s) {
    if (SAFE.test(ch) || (!forQs && ch === "/")) out += ch;
    else for (const b of new TextEncoder().encode(ch)) out += "%" + b.toString(16).toUpperCase().padStart(2, "0");
  }
  return forQs ? out.replace(/%20/g, "+") : out;
}

function urlencode(v: unknown): string {
  if (isStr(v) || !isIterableValue(v)) return urlQuote(v, false);
  const items = v instanceof Map ? [...v].map(([k, x]) => [k, x]) : Array.from(iterate(v), (p) => {
    const kv = Array.from(iterate(p));
    if (kv.length !== 2) {
      throw ValueError_(kv.length < 2 ? `not enough values to unpack (expected 2, got ${kv.length})` : "too many values to unpack (expected 2)");
    }
    return kv;
  });
  return items.map(([k, x]) => `${urlQuote(k, true)}=${urlQuote(x, true)}`).join("&");
}

function isIterableValue(v: unknown): boolean {
  try {
    iterate(v);
    return true;
  } catch {
    return false;
  }
}

function indent(s: unknown, width: unknown, first: unknown, blank: unknown): unknown {
  const ind = isStr(width) ? strOf(width) : " ".repeat(intArg(width, ""));
  if (s instanceof Undefined) failUndefined(s);
  // `s += "\n"` extends a list (then .splitlines() is missing); other types cannot add.
  if (Array.isArray(s)) throw AttributeError_("'list' object has no attribute 'splitlines'");
  if (!isStr(s)) throw TypeError_(`unsupported operand type(s) for +=: '${tpName(s)}' and 'str'`);
  const text = strOf(s) + "\n";
  const lines = callMethod("splitlines", text, []) as string[];
  let rv: string;
  if (blank) rv = lines.join("\n" + ind);
  else {
    rv = lines.shift() ?? "";
    if (lines.length) rv += "\n" + lines.map((l) => (l ? ind + l : l)).join("\n");
  }
  if (first) rv = ind + rv;
  return wrap(s, rv);
}

function truncate(s: unknown, length: unknown, killwords: unknown, end: unknown, leeway: unknown): unknown {
  const len = intArg(length, "");
  const e = str(end);
  const lw = leeway === null ? 5 : intArg(leeway, "");
  if (len < cpLen(e)) throw AssertionError_(`expected length >= ${cpLen(e)}, got ${len}`);
  if (lw < 0) throw AssertionError_(`expected leeway >= 0, got ${lw}`);
  if (pyLen(s) <= len + lw) return s;
  const chars = cpArray(strOf(s as string));
  const head = chars.slice(0, Math.max(0, len - cpLen(e))).join("");
  if (killwords) return head + e;
  const i = head.lastIndexOf(" ");
  return (i >= 0 ? head.slice(0, i) : head) + e;
}

function title(s: string): string {
  return s.split(/([-\s({[<]+)/u).filter((x) => x).map((x) => {
    const c = cpArray(x);
    return c[0].toUpperCase() + c.slice(1).join("").toLowerCase();
  }).join("");
}

function filesize(v: unknown, binary: unknown): string {
  const bytes = pyToFloat(v);
  const base = binary ? 1024 : 1000;
  const prefixes = binary ? ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"] : ["kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"];
  if (bytes === 1) return "1 Byte";
  if (bytes < base) return `${Math.trunc(bytes)} Bytes`;
  let unit = base;
  for (let i = 0; i < prefixes.length; i++) {
    unit = base ** (i + 2);
    if (bytes < unit) return `${((base * bytes) / unit).toFixed(1)} ${prefixes[i]}`;
  }
  return `${((base * bytes) / unit).toFixed(1)} ${prefixes[prefixes.length - 1]}`;
}

function xmlattr(d: unknown, autospace: unknown): string {
  if (d instanceof Undefined) failUndefined(d);
  if (!(d instanceof Map)) throw AttributeError_(`'${tpName(d)}' object has no attribute 'items'`);
  const items: string[] = [];
  for (const [k, v] of d) {
    if (v === null || v instanceof Undefined) continue;
    if (/[\s/>=]/.test(str(k))) throw ValueError_(`Invalid character in attribute name: ${strRepr(str(k))}`);
    items.push(`${escape(k).s}="${escape(v).s}"`);
  }
  const rv = items.join(" ");
  return autospace && rv ? " " + rv : rv;
}

export function tojson(v: unknown, ind: unknown): Markup {
  const indentStr = ind === null ? null : isStr(ind) ? strOf(ind) : " ".repeat(Math.max(0, intArg(ind, "")));
  const s = dumps(v, { sortKeys: true, indent: indentStr });
  return new Markup(s.replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026").replace(/'/g, "\\u0027"));
}

export const TEXT_FILTERS: [string, FilterDef][] = [
  filter("upper", "do_upper", ["s"], (_r, [s]) => callMethod("upper", s, [])),
  filter("lower", "do_lower", ["s"], (_r, [s]) => callMethod("lower", s, [])),
  filter("capitalize", "do_capitalize", ["s"], (_r, [s]) => { const v = softStr(s); return wrap(v, pyCapitalize(strOf(v))); }),
  filter("title", "do_title", ["s"], (_r, [s]) => { const v = softStr(s); return wrap(v, title(strOf(v))); }),
  filter("center", "do_center", ["value", ["width", 80]], (_r, [s, w]) => callMethod("center", s, [w])),
  filter("trim", "do_trim", ["value", ["chars", null]], (_r, [s, c]) => { const v = softStr(s); return wrap(v, pyStrip(strOf(v), c === null ? null : str(c), true, true)); }),
  filter("striptags", "do_striptags", ["value"], (_r, [v]) => stripTags(str(v))),
  filter("escape", "escape", ["s"], (_r, [v]) => escape(v)),
  filter("e", "escape", ["s"], (_r, [v]) => escape(v)),
  filter("forceescape", "do_forceescape", ["value"], (_r, [v]) => new Markup(escapeHtml(str(v)))),
  filter("safe", "do_mark_safe", ["value"], (_r, [v]) => (v instanceof Markup ? v : new Markup(str(v)))),
  filter("string", "soft_str", ["value"], (_r, [v]) => softStr(v)),
  filter("replace", "do_replace", ["s", "old", "new", ["count", null]], (_r, [s, o, n, c]) =>
    callStrMethod("replace", STR_METHODS.get("replace")!, str(s), [str(o), str(n), c === null ? -1 : c], new Map())),
  filter("format", "do_format", ["value", "*args", "**kwargs"], (_r, [v, args, kw]) => {
    const a = args as unknown[];
    const k = kw as Kwargs;
    if (a.length && k.size) throw TemplateRuntimeError("can't handle positional and keyword arguments at the same time");
    const s = softStr(v);
    const out = percentFormat(strOf(s), k.size ? k : new PyTuple(a));
    return wrap(s, out);
  }),
  filter("indent", "do_indent", ["s", ["width", 4], ["first", false], ["blank", false]], (_r, [s, w, f, b]) => indent(s, w, f, b)),
  filter("truncate", "do_truncate", ["s", ["length", 255], ["killwords", false], ["end", "..."], ["leeway", null]],
    (_r, [s, l, k, e, lw]) => truncate(s, l, k, e, lw)),
  filter("wordwrap", "do_wordwrap", ["s", ["width", 79], ["break_long_words", true], ["wrapstring", null], ["break_on_hyphens", true]],
    (_r, [s, w, bl, ws, bh]) => {
      if (s instanceof Undefined) failUndefined(s);
      if (!isStr(s)) throw AttributeError_(`'${tpName(s)}' object has no attribute 'splitlines'`);
      return wordwrap(strOf(s), intArg(w, ""), !!bl, ws === null ? "\n" : str(ws), !!bh);
    }),
  filter("wordcount", "do_wordcount", ["s"], (_r, [s]) => (str(s).match(/[\p{L}\p{N}\p{M}_]+/gu) ?? []).length),
  filter("urlencode", "do_urlencode", ["value"], (_r, [v]) => urlencode(v)),
  filter("urlize", "do_urlize", ["value", ["trim_url_limit", null], ["nofollow", false], ["target", null], ["rel", null], ["extra_schemes", null]],
    (_r, [v, t, nf, tg, rel]) => {
      const parts = new Set((rel === null ? "" : str(rel)).split(/\s+/).filter(Boolean));
      if (nf) parts.add("nofollow");
      parts.add("noopener");
      return urlize(str(v), t === null ? null : intArg(t, ""), [...parts].sort().join(" ") || null, tg === null ? null : str(tg));
    }),
  filter("xmlattr", "do_xmlattr", ["d", ["autospace", true]], (_r, [d, a]) => xmlattr(d, a)),
  filter("filesizeformat", "do_filesizeformat", ["value", ["binary", false]], (_r, [v, b]) => filesize(v, b)),
  filter("pprint", "do_pprint", ["value"], (_r, [v]) => pformat(v)),
  filter("tojson", "do_tojson", ["value", ["indent", null]], (_r, [v, i]) => tojson(v, i)),
];

