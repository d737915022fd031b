// Jinja's built-in sequence / mapping / number filters.
import { convertRound } from "./round";
import { pyToFloat, pyToInt } from "./convert";
import { AttributeError_, KeyError_, TemplateRuntimeError, TypeError_, ZeroDivisionError_ } from "./errors";
import { attrgetter, filter, gen, ignoreCase, multiAttrgetter } from "./filters-util";
import { getattr, hasAttribute } from "./members";
import { sortList } from "./methods-coll";
import { arith, unary } from "./arith";
import { eq, hashKey, iterate, order, pyLen, toList, tpName, truthy } from "./ops";
import { repr, str } from "./python-repr";
import { FilterDef, Runtime } from "./runtime";
import { cpArray } from "./strings";
import { failUndefined } from "./undefined";
import {
  GroupTuple, Kwargs, Markup, PyFloat, PyDictView, PyGen, PyTuple, Undefined, isInt, isStr, mkFloat, strOf, toBig,
} from "./values";
import { bind } from "./call";

function intArg(v: unknown): number {
  if (typeof v === "boolean" || isInt(v)) return Number(toBig(v));
  throw TypeError_(`'${tpName(v)}' object cannot be interpreted as an integer`);
}

function callFilter(rt: Runtime, name: unknown, value: unknown, args: unknown[], kw: Kwargs): unknown {
  const def = rt.env.filters.get(str(name));
  if (!def) throw TemplateRuntimeError(`No filter named ${repr(name)}.`);
  return def.fn(rt, bind(def, [value, ...args], kw));
}

function callTest(rt: Runtime, name: unknown, value: unknown, args: unknown[], kw: Kwargs): boolean {
  const def = rt.env.tests.get(str(name));
  if (!def) throw TemplateRuntimeError(`No test named ${repr(name)}.`);
  return def.fn(rt, bind(def, [value, ...args], kw));
}

function selectOrReject(rt: Runtime, fname: string, value: unknown, args: unknown[], kw: Kwargs, keep: boolean, attr: boolean): PyGen {
  return gen(fname, (function* () {
    if (!truthy(value)) return;
    let off = 0;
    let trans = (x: unknown) => x;
    if (attr) {
      if (!args.length) throw TemplateRuntimeError("Missing parameter for attribute name");
      trans = attrgetter(args[0]);
      off = 1;
    }
    const test = args.length > off
      ? (x: unknown) => callTest(rt, args[off], x, args.slice(off + 1), kw)
      : (x: unknown) => truthy(x);
    for (const item of iterate(value)) {
      rt.tick();
      if (test(trans(item)) === keep) yield item;
    }
  })());
}

function mapFilter(rt: Runtime, value: unknown, args: unknown[], kw: Kwargs): PyGen {
  return gen("sync_do_map", (function* () {
    if (!truthy(value)) return;
    let fn: (x: unknown) => unknown;
    if (!args.length && kw.has("attribute")) {
      const k = new Map(kw);
      const attribute = k.get("attribute");
      const dflt = k.has("default") ? k.get("default") : null;
      k.delete("attribute");
      k.delete("default");
      if (k.size) throw TemplateRuntimeError(`Unexpected keyword argument ${repr([...k.keys()][0])}`);
      fn = attrgetter(attribute, undefined, dflt);
    } else {
      if (!args.length) throw TemplateRuntimeError("map requires a filter argument");
      fn = (x) => callFilter(rt, args[0], x, args.slice(1), kw);
    }
    for (const item of iterate(value)) {
      rt.tick();
      yield fn(item);
    }
  })());
}

function minMax(value: unknown, cs: unknown, attribute: unknown, sign: number): unknown {
  const items = toList(value);
  if (!items.length) return new Undefined("No aggregated item, sequence was empty.");
  const key = attrgetter(attribute, cs ? undefined : ignoreCase);
  let best = items[0];
  let bk = key(best);
  for (const x of items.slice(1)) {
    const k = key(x);
    if (order(k, bk, sign > 0 ? ">" : "<") * sign > 0) {
      best = x;
      bk = k;
    }
  }
  return best;
}

function groupby(value: unknown, attribute: unknown, dflt: unknown, cs: unknown): GroupTuple[] {
  const expr = attrgetter(attribute, cs ? undefined : ignoreCase, dflt);
  const sorted = sortList(toList(value), expr, false);
  const out: GroupTuple[] = [];
  for (const item of sorted) {
    const k = expr(item);
    const last = out[out.length - 1];
    if (last && eq(last.items[0], k)) (last.items[1] as unknown[]).push(item);
    else out.push(new GroupTuple([k, [item]]));
  }
  if (!cs) {
    const outExpr = attrgetter(attribute, undefined, dflt);
    return out.map((g) => new GroupTuple([outExpr((g.items[1] as unknown[])[0]), g.items[1]]));
  }
  return out;
}

function dictsort(value: unknown, cs: unknown, by: unknown, reverse: unknown): PyTuple[] {
  if (value instanceof Undefined) failUndefined(value);
  if (!(value instanceof Map)) throw AttributeError_(`'${tpName(value)}' object has no attribute 'items'`);
  const pos = by === "key" ? 0 : by === "value" ? 1 : -1;
  if (pos < 0) throw TemplateRuntimeError('You can only sort by either "key" or "value"');
  const items = [...value].map(([k, v]) => new PyTuple([k, v]));
  return sortList(items, (t) => (cs ? (t as PyTuple).items[pos] : ignoreCase((t as PyTuple).items[pos])), !!reverse) as PyTuple[];
}

function reverse(value: unknown): unknown {
  if (isStr(value)) {
    const r = cpArray(strOf(value)).reverse().join("");
    return value instanceof Markup ? new Markup(r) : r;
  }
  if (Array.isArray(value)) return new PyGen("reversed", [...value].reverse()[Symbol.iterator](), "list_reverseiterator");
  if (value instanceof PyTuple) return new PyGen("reversed", [...value.items].reverse()[Symbol.iterator](), "reversed");
  if (value instanceof Map) return new PyGen("reversed", [...value.keys()].reverse()[Symbol.iterator](), "dict_reversekeyiterator");
  if (value instanceof Undefined) return new PyGen("reversed", [][Symbol.iterator](), "reversed");
  try {
    return toList(value).reverse();
  } catch {
    throw TemplateRuntimeError("argument must be iterable");
  }
}

function attrFilter(obj: unknown, name: unknown): unknown {
  const n = str(name);
  if (obj instanceof Undefined && !n.startsWith("__")) failUndefined(obj); // hasattr() hits __getattr__
  // attr() only sees real attributes (methods, loop.index ...), never dict keys.
  return hasAttribute(obj, n) ? getattr(obj, n) : new Undefined(null, obj, n);
}

function sum(rt: Runtime, value: unknown, attribute: unknown, start: unknown): unknown {
  const get = attribute === null ? (x: unknown) => x : attrgetter(attribute);
  let acc = start;
  for (const x of iterate(value)) {
    rt.tick();
    acc = arith("+", acc, get(x));
  }
  return acc;
}

function unique(value: unknown, cs: unknown, attribute: unknown): PyGen {
  const get = attrgetter(attribute, cs ? undefined : ignoreCase);
  return gen("sync_do_unique", (function* () {
    const seen: unknown[] = [];
    const keys = new Set<unknown>();
    for (const item of iterate(value)) {
      const k = get(item);
      const h = hashKey(k);
      if (typeof h === "object" && h !== null) {
        if (seen.some((s) => eq(s, k))) continue;
        seen.push(k);
      } else {
        if (keys.has(h)) continue;
        keys.add(h);
      }
      yield item;
    }
  })());
}

function* chunked(value: unknown, n: number, fill: unknown): Generator<unknown[]> {
  let tmp: unknown[] = [];
  for (const item of iterate(value)) {
    if (tmp.length === n) {
      yield tmp;
      tmp = [];
    }
    tmp.push(item);
  }
  if (tmp.length) {
    if (fill !== null) while (tmp.length < n) tmp.push(fill);
    yield tmp;
  }
}

function* slices(value: unknown, n: number, fill: unknown): Generator<unknown[]> {
  const seq = toList(value);
  if (n === 0) throw ZeroDivisionError_("integer division or modulo by zero");
  const per = Math.floor(seq.length / n);
  const extra = seq.length % n;
  let offset = 0;
  for (let i = 0; i < n; i++) {
    const start = offset + i * per;
    if (i < extra) offset++;
    const end = offset + (i + 1) * per;
    const tmp = seq.slice(start, end);
    if (fill !== null && i >= extra) tmp.push(fill);
    yield tmp;
  }
}

export const SEQ_FILTERS: [string, FilterDef][] = [
  filter("length", "len", ["obj"], (_r, [v]) => pyLen(v)),
  filter("count", "len", ["obj"], (_r, [v]) => pyLen(v)),
  filter("default", "do_default", ["value", ["default_value", ""], ["boolean", false]], (_r, [v, d, b]) =>
    v instanceof Undefined || (b && !truthy(v)) ? d : v),
  filter("d", "do_default", ["value", ["default_value", ""], ["boolean", false]], (_r, [v, d, b]) =>
    v instanceof Undefined || (b && !truthy(v)) ? d : v),
  filter("first", "do_first", ["seq"], (_r, [v]) => {
    for (const x of iterate(v)) return x;
    return new Undefined("No first item, sequence was empty.");
  }),
  filter("last", "do_last", ["seq"], (_r, [v]) => {
    if (v instanceof PyGen || v instanceof PyDictView) throw TypeError_(`'${tpName(v)}' object is not reversible`);
    const items = toList(v);
    return items.length ? items[items.length - 1] : new Undefined("No last item, sequence was empty.");
  }),
  filter("random", "do_random", ["seq"], (_r, [v]) => {
    if (v instanceof Map) {
      if (!v.size) return new Undefined("No random item, sequence was empty.");
      throw KeyError_(String(Math.floor(Math.random() * v.size)));
    }
    const items = toList(v);
    return items.length ? items[Math.floor(Math.random() * items.length)] : new Undefined("No random item, sequence was empty.");
  }),
  filter("list", "sync_do_list", ["value"], (_r, [v]) => toList(v)),
  filter("join", "sync_do_join", ["value", ["d", ""], ["attribute", null]], (rt, [v, d, a]) => {
    const get = a === null ? (x: unknown) => x : attrgetter(a);
    const parts: string[] = [];
    for (const x of iterate(v)) {
      rt.tick();
      parts.push(str(get(x)));
    }
    return parts.join(str(d));
  }),
  filter("map", "sync_do_map", ["value", "*args", "**kwargs"], (rt, [v, a, k]) => mapFilter(rt, v, a as unknown[], k as Kwargs)),
  filter("select", "sync_do_select", ["value", "*args", "**kwargs"], (rt, [v, a, k]) => selectOrReject(rt, "sync_do_select", v, a as unknown[], k as Kwargs, true, false)),
  filter("reject", "sync_do_reject", ["value", "*args", "**kwargs"], (rt, [v, a, k]) => selectOrReject(rt, "sync_do_reject", v, a as unknown[], k as Kwargs, false, false)),
  filter("selectattr", "sync_do_selectattr", ["value", "*args", "**kwargs"], (rt, [v, a, k]) => selectOrReject(rt, "sync_do_selectattr", v, a as unknown[], k as Kwargs, true, true)),
  filter("rejectattr", "sync_do_rejectattr", ["value", "*args", "**kwargs"], (rt, [v, a, k]) => selectOrReject(rt, "sync_do_rejectattr", v, a as unknown[], k as Kwargs, false, true)),
  filter("sort", "do_sort", ["value", ["reverse", false], ["case_sensitive", false], ["attribute", null]],
    (_r, [v, r, cs, a]) => sortList(toList(v), multiAttrgetter(a, cs ? undefined : ignoreCase), !!r)),
  filter("dictsort", "do_dictsort", ["value", ["case_sensitive", false], ["by", "key"], ["reverse", false]], (_r, [v, cs, by, r]) => dictsort(v, cs, by, r)),
  filter("unique", "sync_do_unique", ["value", ["case_sensitive", false], ["attribute", null]], (_r, [v, cs, a]) => unique(v, cs, a)),
  filter("min", "do_min", ["value", ["case_sensitive", false], ["attribute", null]], (_r, [v, cs, a]) => minMax(v, cs, a, -1)),
  filter("max", "do_max", ["value", ["case_sensitive", false], ["attribute", null]], (_r, [v, cs, a]) => minMax(v, cs, a, 1)),
  filter("sum", "sync_do_sum", ["iterable", ["attribute", null], ["start", 0]], (rt, [v, a, s]) => sum(rt, v, a, s)),
  filter("groupby", "sync_do_groupby", ["value", "attribute", ["default", null], ["case_sensitive", false]], (_r, [v, a, d, cs]) => groupby(v, a, d, cs)),
  filter("batch", "do_batch", ["value", "linecount", ["fill_with", null]], (_r, [v, n, f]) => gen("do_batch", chunked(v, intArg(n), f))),
  filter("slice", "sync_do_slice", ["value", "slices", ["fill_with", null]], (_r, [v, n, f]) => gen("sync_do_slice", slices(v, intArg(n), f))),
  filter("reverse", "do_reverse", ["value"], (_r, [v]) => reverse(v)),
  filter("items", "do_items", ["value"], (_r, [v]) => {
    if (v instanceof Undefined) return gen("do_items", []);
    if (!(v instanceof Map)) throw TypeError_("Can only get item pairs from a mapping.");
    return gen("do_items", [...v].map(([k, x]) => new PyTuple([k, x])));
  }),
  filter("attr", "do_attr", ["obj", "name"], (_r, [o, n]) => attrFilter(o, n)),
  filter("abs", "abs", ["x"], (_r, [v]) => {
    if (v instanceof Undefined) failUndefined(v);
    try {
      return order(v, 0, "<") < 0 ? unary("neg", v) : typeof v === "boolean" ? Number(v) : v;
    } catch {
      throw TypeError_(`bad operand type for abs(): '${tpName(v)}'`);
    }
  }),
  filter("int", "do_int", ["value", ["default", 0], ["base", 10]], (_r, [v, d, b]) => {
    try {
      return pyToInt(v, isStr(v) ? intArg(b) : null);
    } catch (e) {
      if ((e as { pyType?: string }).pyType !== "TypeError" && (e as { pyType?: string }).pyType !== "ValueError") throw e;
      try {
        return pyToInt(mkFloat(pyToFloat(v)), null);
      } catch (e2) {
        if (["TypeError", "ValueError", "OverflowError"].includes((e2 as { pyType?: string }).pyType ?? "")) return d;
        throw e2;
      }
    }
  }),
  filter("float", "do_float", ["value", ["default", new PyFloat(0)]], (_r, [v, d]) => {
    try {
      return mkFloat(pyToFloat(v));
    } catch (e) {
      if (["TypeError", "ValueError"].includes((e as { pyType?: string }).pyType ?? "")) return d;
      throw e;
    }
  }),
  filter("round", "do_round", ["value", ["precision", 0], ["method", "common"]], (_r, [v, p, m]) => convertRound(v, p, m)),
];
