// Python dict / list / tuple / int / float methods callable from templates.
import type { Param } from "./call";
import { IndexError_, KeyError_, TypeError_, ValueError_ } from "./errors";
import { callValue } from "./members";
import { eq, hashKey, iterate, order, tpName } from "./ops";
import { repr } from "./python-repr";
import { Kwargs, PyDictView, PyFloat, PyTuple, isInt, mkFloat, normInt, toBig, toF } from "./values";

interface MDef<T> { params: Param[]; fn: (self: T, a: unknown[]) => unknown }
type Dict = Map<unknown, unknown>;

function index(i: unknown): number {
  if (typeof i === "boolean" || isInt(i)) return Number(toBig(i));
  throw TypeError_(`'${tpName(i)}' object cannot be interpreted as an integer`);
}

function updateFrom(d: Dict, other: unknown, kw: Kwargs): void {
  if (other instanceof Map) for (const [k, v] of other) d.set(k, v);
  else if (other instanceof PyDictView && other.kind !== "values") {
    for (const x of iterate(other)) pair(d, x);
  } else if (other !== null) for (const x of iterate(other)) pair(d, x);
  for (const [k, v] of kw) d.set(k, v);
}

function pair(d: Dict, x: unknown): void {
  const items = Array.from(iterate(x));
  if (items.length !== 2) {
    throw ValueError_(`dictionary update sequence element has length ${items.length}; 2 is required`);
  }
  d.set(hashKey(items[0]), items[1]);
}

export const DICT_METHODS = new Map<string, MDef<Dict>>(Object.entries({
  keys: { params: [], fn: (d) => new PyDictView("keys", d) },
  values: { params: [], fn: (d) => new PyDictView("values", d) },
  items: { params: [], fn: (d) => new PyDictView("items", d) },
  get: { params: ["key", ["default", null]], fn: (d, [k, def]) => { const h = hashKey(k); return d.has(h) ? d.get(h) : def; } },
  copy: { params: [], fn: (d) => new Map(d) },
  clear: { params: [], fn: (d) => { d.clear(); return null; } },
  pop: {
    params: ["key", ["default", KeyError_]],
    fn: (d, [k, def]) => {
      const h = hashKey(k);
      if (d.has(h)) {
        const v = d.get(h);
        d.delete(h);
        return v;
      }
      if (def === KeyError_) throw KeyError_(repr(k));
      return def;
    },
  },
  popitem: {
    params: [],
    fn: (d) => {
      if (!d.size) throw KeyError_("'popitem(): dictionary is empty'");
      const last = [...d.keys()].pop();
      const v = d.get(last);
      d.delete(last);
      return new PyTuple([last, v]);
    },
  },
  setdefault: {
    params: ["key", ["default", null]],
    fn: (d, [k, def]) => {
      const h = hashKey(k);
      if (!d.has(h)) d.set(h, def);
      return d.get(h);
    },
  },
  update: {
    params: [["other", null], "**kwargs"],
    fn: (d, [o, kw]) => {
      updateFrom(d, o, kw as Kwargs);
      return null;
    },
  },
}));

function listIndex(l: unknown[], x: unknown, s: unknown, e: unknown, what: string): number {
  let start = s === null ? 0 : index(s);
  let end = e === null ? l.length : index(e);
  if (start < 0) start = Math.max(0, start + l.length);
  if (end < 0) end = Math.max(0, end + l.length);
  for (let i = start; i < Math.min(end, l.length); i++) if (eq(l[i], x)) return i;
  throw ValueError_(what === "list" ? `${repr(x)} is not in list` : "tuple.index(x): x not in tuple");
}

export function sortList(items: unknown[], key: (v: unknown) => unknown, reverse: boolean): unknown[] {
  const keyed = items.map((v, i) => ({ k: key(v), v, i }));
  keyed.sort((a, b) => {
    const c = order(a.k, b.k, "<");
    return (reverse ? -c : c) || a.i - b.i;
  });
  return keyed.map((x) => x.v);
}

export const LIST_METHODS = new Map<string, MDef<unknown[]>>(Object.entries({
  append: { params: ["object"], fn: (l, [x]) => { l.push(x); return null; } },
  extend: { params: ["iterable"], fn: (l, [x]) => { for (const v of Array.from(iterate(x))) l.push(v); return null; } },
  insert: {
    params: ["index", "object"],
    fn: (l, [i, x]) => {
      let n = index(i);
      if (n < 0) n = Math.max(0, n + l.length);
      l.splice(Math.min(n, l.length), 0, x);
      return null;
    },
  },
  pop: {
    params: [["index", -1]],
    fn: (l, [i]) => {
      if (!l.length) throw IndexError_("pop from empty list");
      let n = index(i);
      if (n < 0) n += l.length;
      if (n < 0 || n >= l.length) throw IndexError_("pop index out of range");
      return l.splice(n, 1)[0];
    },
  },
  remove: {
    params: ["value"],
    fn: (l, [x]) => {
      const i = l.findIndex((v) => eq(v, x));
      if (i < 0) throw ValueError_("list.remove(x): x not in list");
      l.splice(i, 1);
      return null;
    },
  },
  clear: { params: [], fn: (l) => { l.length = 0; return null; } },
  copy: { params: [], fn: (l) => [...l] },
  count: { params: ["value"], fn: (l, [x]) => l.filter((v) => eq(v, x)).length },
  index: { params: ["value", ["start", null], ["stop", null]], fn: (l, [x, s, e]) => listIndex(l, x, s, e, "list") },
  reverse: { params: [], fn: (l) => { l.reverse(); return null; } },
  sort: {
    params: [["key", null], ["reverse", false]],
    fn: (l, [k, r]) => {
      const key = k === null ? (v: unknown) => v : (v: unknown) => callValue(k, [v], new Map());
      const sorted = sortList(l, key, !!r);
      for (let i = 0; i < sorted.length; i++) l[i] = sorted[i];
      return null;
    },
  },
}));

export const TUPLE_METHODS = new Map<string, MDef<PyTuple>>(Object.entries({
  count: { params: ["value"], fn: (t, [x]) => t.items.filter((v) => eq(v, x)).length },
  index: { params: ["value", ["start", null], ["stop", null]], fn: (t, [x, s, e]) => listIndex(t.items, x, s, e, "tuple") },
}));

function gcd(a: bigint, b: bigint): bigint {
  while (b) [a, b] = [b, a % b];
  return a < 0n ? -a : a;
}

export const NUMBER_METHODS = new Map<string, MDef<unknown>>(Object.entries({
  conjugate: { params: [], fn: (n) => n },
  bit_length: { params: [], fn: (n) => { const b = toBig(n); return b === 0n ? 0 : (b < 0n ? -b : b).toString(2).length; } },
  bit_count: { params: [], fn: (n) => { const b = toBig(n); return [...(b < 0n ? -b : b).toString(2)].filter((c) => c === "1").length; } },
  is_integer: { params: [], fn: (n) => Number.isInteger(toF(n)) },
  as_integer_ratio: {
    params: [],
    fn: (n) => {
      if (typeof n === "boolean" || isInt(n)) return new PyTuple([typeof n === "boolean" ? Number(n) : n, 1]);
      const x = toF(n);
      if (!Number.isFinite(x)) throw ValueError_("cannot convert Infinity to integer ratio");
      let den = 1n;
      let v = x;
      while (!Number.isInteger(v)) { v *= 2; den *= 2n; }
      const num = BigInt(v);
      const g = gcd(num, den) || 1n;
      return new PyTuple([normInt(num / g), normInt(den / g)]);
    },
  },
}));

/** Data attributes of numbers (real, imag, numerator, denominator). */
export function numberAttr(n: unknown, name: string): unknown {
  const isF = n instanceof PyFloat || (typeof n === "number" && !Number.isInteger(n));
  switch (name) {
    case "real": return typeof n === "boolean" ? Number(n) : n;
    case "imag": return isF ? mkFloat(0) : 0;
    case "numerator": return isF ? undefined : typeof n === "boolean" ? Number(n) : n;
    case "denominator": return isF ? undefined : 1;
  }
  return undefined;
}
