// Python operator semantics: truthiness, ==, ordering, `in`, iteration, len (arithmetic: arith.ts).
import { TypeError_ } from "./errors";
import { typeName } from "./python-repr";
import { cmpStr, cpArray, cpLen } from "./strings";
import {
  Markup, NOT_IMPL, PyDictView, PyFloat, PyGen, PyObj, PyTuple, Undefined, isInt, isStr, strOf, toBig, toF,
} from "./values";
import { failUndefined } from "./undefined";

export const MAX_STR = 32 * 1024 * 1024;

export function truthy(v: unknown): boolean {
  switch (typeof v) {
    case "boolean": return v;
    case "string": return v.length > 0;
    case "number": return v !== 0;
    case "bigint": return v !== 0n;
  }
  if (v === null || v === undefined || v instanceof Undefined) return false;
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof Map) return v.size > 0;
  if (v instanceof PyFloat) return v.v !== 0;
  if (v instanceof Markup) return v.s.length > 0;
  if (v instanceof PyTuple) return v.items.length > 0;
  if (v instanceof PyDictView) return v.d.size > 0;
  if (v instanceof PyObj && v.truthy) return v.truthy();
  return true;
}

export function tpName(v: unknown): string {
  return v instanceof PyObj ? v.tpName : typeName(v);
}

function isNumeric(v: unknown): boolean {
  const t = typeof v;
  return t === "number" || t === "bigint" || t === "boolean" || v instanceof PyFloat;
}

function isIntLike(v: unknown): boolean {
  return isInt(v) || typeof v === "boolean";
}

function numCmp(a: unknown, b: unknown): number {
  if (isIntLike(a) && isIntLike(b) && (typeof a === "bigint" || typeof b === "bigint")) {
    const x = toBig(a);
    const y = toBig(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  const x = toF(a);
  const y = toF(b);
  return x < y ? -1 : x > y ? 1 : x === y ? 0 : NaN;
}

export function eq(a: unknown, b: unknown): boolean {
  if (a === b) return typeof a !== "number" || !Number.isNaN(a);
  if (isNumeric(a) && isNumeric(b)) return numCmp(a, b) === 0;
  if (isStr(a) && isStr(b)) return strOf(a) === strOf(b);
  if (a instanceof Undefined || b instanceof Undefined) return a instanceof Undefined && b instanceof Undefined;
  if (Array.isArray(a) && Array.isArray(b)) return seqEq(a, b);
  if (a instanceof PyTuple && b instanceof PyTuple) return seqEq(a.items, b.items);
  if (a instanceof Map && b instanceof Map) {
    if (a.size !== b.size) return false;
    for (const [k, v] of a) if (!b.has(k) || !eq(v, b.get(k))) return false;
    return true;
  }
  if (a instanceof PyObj && a.eq) return a.eq(b);
  if (b instanceof PyObj && b.eq) return b.eq(a);
  return false;
}

function seqEq(a: unknown[], b: unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!eq(a[i], b[i])) return false;
  return true;
}

/** Ordering for < <= > >=; NaN means "unordered" (all comparisons false). */
export function order(a: unknown, b: unknown, op: string): number {
  if (a instanceof Undefined) failUndefined(a);
  if (b instanceof Undefined) failUndefined(b);
  if (isNumeric(a) && isNumeric(b)) return numCmp(a, b);
  if (isStr(a) && isStr(b)) return cmpStr(strOf(a), strOf(b));
  const sa = Array.isArray(a) ? a : a instanceof PyTuple ? a.items : null;
  const sb = Array.isArray(b) ? b : b instanceof PyTuple ? b.items : null;
  if (sa && sb && Array.isArray(a) === Array.isArray(b)) {
    for (let i = 0; i < Math.min(sa.length, sb.length); i++) {
      if (!eq(sa[i], sb[i])) return order(sa[i], sb[i], op);
    }
    return sa.length - sb.length;
  }
  if (a instanceof PyObj && a.cmp) {
    const r = a.cmp(b);
    if (r !== NOT_IMPL) return r;
  }
  if (b instanceof PyObj && b.cmp) {
    const r = b.cmp(a);
    if (r !== NOT_IMPL) return -r;
  }
  throw TypeError_(`'${op}' not supported between instances of '${tpName(a)}' and '${tpName(b)}'`);
}

export function compare(op: string, a: unknown, b: unknown): boolean {
  switch (op) {
    case "eq": return eq(a, b);
    case "ne": return !eq(a, b);
    case "lt": return order(a, b, "<") < 0;
    case "lteq": return order(a, b, "<=") <= 0;
    case "gt": return order(a, b, ">") > 0;
    case "gteq": return order(a, b, ">=") >= 0;
    case "in": return contains(b, a);
    case "notin": return !contains(b, a);
  }
  throw TypeError_(`unknown operator ${op}`);
}

/** Python iter(); strings yield code points, dicts their keys. */
export function iterate(v: unknown): Iterable<unknown> {
  if (Array.isArray(v)) return v;
  if (typeof v === "string") return cpArray(v);
  if (v instanceof Map) return [...v.keys()];
  if (v instanceof PyTuple) return v.items;
  if (v instanceof Undefined) return [];
  if (v instanceof Markup) return cpArray(v.s);
  if (v instanceof PyGen) return { [Symbol.iterator]: () => v.it };
  if (v instanceof PyDictView) {
    if (v.kind === "keys") return [...v.d.keys()];
    if (v.kind === "values") return [...v.d.values()];
    return [...v.d].map(([k, x]) => new PyTuple([k, x]));
  }
  if (v instanceof PyObj && v.iter) return v.iter();
  throw TypeError_(`'${tpName(v)}' object is not iterable`);
}

export function isIterable(v: unknown): boolean {
  return isStr(v) || Array.isArray(v) || v instanceof Map || v instanceof PyTuple || v instanceof Undefined
    || v instanceof PyGen || v instanceof PyDictView || (v instanceof PyObj && !!v.iter);
}

export function toList(v: unknown): unknown[] {
  return Array.from(iterate(v));
}

export function pyLen(v: unknown): number {
  if (typeof v === "string") return cpLen(v);
  if (Array.isArray(v)) return v.length;
  if (v instanceof Map) return v.size;
  if (v instanceof PyTuple) return v.items.length;
  if (v instanceof Markup) return cpLen(v.s);
  if (v instanceof Undefined) return 0;
  if (v instanceof PyDictView) return v.d.size;
  if (v instanceof PyObj && v.len) return v.len();
  throw TypeError_(`object of type '${tpName(v)}' has no len()`);
}

/** Normalise a value for use as a dict key (Python hash equality: True == 1 == 1.0). */
export function hashKey(k: unknown): unknown {
  if (typeof k === "boolean") return k ? 1 : 0;
  if (k instanceof PyFloat) return k.v;
  if (k instanceof Markup) return k.s;
  if (Array.isArray(k) || k instanceof Map || k instanceof PyDictView) {
    throw TypeError_(`unhashable type: '${typeName(k)}'`);
  }
  return k;
}

export function contains(container: unknown, item: unknown): boolean {
  if (isStr(container)) {
    if (!isStr(item)) {
      throw TypeError_(`'in <string>' requires string as left operand, not ${tpName(item)}`);
    }
    return strOf(container).includes(strOf(item));
  }
  if (container instanceof Map) return container.has(hashKey(item));
  if (container instanceof PyDictView && container.kind === "keys") return container.d.has(hashKey(item));
  if (container instanceof Undefined) return false;
  if (!isIterable(container)) {
    throw TypeError_(`argument of type '${tpName(container)}' is not iterable`);
  }
  for (const x of iterate(container)) if (eq(x, item)) return true;
  return false;
}

export { isNumeric, isIntLike, failUndefined };
