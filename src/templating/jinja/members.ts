// The sandbox boundary: every `a.b`, `a[b]` and call in a template goes through here.
// Only own entries of engine values (Map keys, array/str indexes) and explicitly
// implemented Python methods are reachable; JS properties/prototypes never are.
import { bind } from "./call";
import { TypeError_, ValueError_ } from "./errors";
import { hasUnderscoreAttr } from "./dunders";
import { DICT_METHODS, LIST_METHODS, NUMBER_METHODS, TUPLE_METHODS, numberAttr } from "./methods-coll";
import { STR_METHODS, callStrMethod } from "./methods-str";
import { hashKey } from "./ops";
import { DefaultStrDict, FAKE_ADDR, typeName } from "./python-repr";
import { cpArray, hasSurrogates } from "./strings";
import { failUndefined } from "./undefined";
import {
  GroupTuple, Kwargs, MISSING, Markup, PyCallable, PyFloat, PyObj, PyTuple, Undefined, isInt, isStr, strOf, toBig,
} from "./values";

export class PySlice {
  constructor(readonly start: unknown, readonly stop: unknown, readonly step: unknown) {}
}

function idx(v: unknown, what: string): number | null {
  if (v === null) return null;
  if (typeof v === "boolean" || isInt(v)) return Number(toBig(v));
  throw TypeError_(`slice indices must be integers or None or have an __index__ method${what}`);
}

/** Python slice.indices(len) + selection. */
function sliceIndices(len: number, s: PySlice): number[] {
  const step = idx(s.step, "") ?? 1;
  if (step === 0) throw ValueError_("slice step cannot be zero");
  const clamp = (v: number | null, dflt: number, lo: number, hi: number) => {
    if (v === null) return dflt;
    if (v < 0) v += len;
    return Math.min(Math.max(v, lo), hi);
  };
  const out: number[] = [];
  if (step > 0) {
    const a = clamp(idx(s.start, ""), 0, 0, len);
    const b = clamp(idx(s.stop, ""), len, 0, len);
    for (let i = a; i < b; i += step) out.push(i);
  } else {
    const a = clamp(idx(s.start, ""), len - 1, -1, len - 1);
    const b = clamp(idx(s.stop, ""), -1, -1, len - 1);
    for (let i = a; i > b; i += step) out.push(i);
  }
  return out;
}

function seqItem(items: ArrayLike<unknown>, key: unknown): unknown {
  if (typeof key === "boolean" || isInt(key)) {
    let i = Number(toBig(key));
    if (i < 0) i += items.length;
    return i >= 0 && i < items.length ? items[i] : MISSING;
  }
  return MISSING;
}

/** obj[key] as Python evaluates it; MISSING where Python raises TypeError/LookupError. */
function itemLookup(obj: unknown, key: unknown): unknown {
  if (obj instanceof Map) {
    let h: unknown;
    try {
      h = hashKey(key);
    } catch {
      return MISSING;
    }
    if (obj.has(h)) return obj.get(h);
    if (obj instanceof DefaultStrDict) {
      obj.set(h, ""); // defaultdict inserts the missing key
      return "";
    }
    return MISSING;
  }
  if (Array.isArray(obj) || obj instanceof PyTuple) {
    const items = Array.isArray(obj) ? obj : obj.items;
    if (key instanceof PySlice) {
      const sel = sliceIndices(items.length, key).map((i) => items[i]);
      return Array.isArray(obj) ? sel : new PyTuple(sel);
    }
    return seqItem(items, key);
  }
  if (isStr(obj)) {
    const s = strOf(obj);
    const chars = hasSurrogates(s) ? cpArray(s) : s;
    if (key instanceof PySlice) {
      const sel = sliceIndices(chars.length, key).map((i) => chars[i]).join("");
      return obj instanceof Markup ? new Markup(sel) : sel;
    }
    const c = seqItem(chars, key);
    return c === MISSING ? c : obj instanceof Markup ? new Markup(c as string) : c;
  }
  return MISSING;
}

function bound(obj: unknown, name: string, fn: (args: unknown[], kw: Kwargs) => unknown): PyCallable {
  return new PyCallable("builtin_function_or_method", `<built-in method ${name} of ${typeName(obj)} object at ${FAKE_ADDR}>`, fn);
}

// Methods Python has but outhook does not implement (bytes, translation tables, ...).
const UNSUPPORTED: Record<string, string[]> = {
  str: ["encode", "maketrans", "translate"],
  int: ["to_bytes", "from_bytes"],
  float: ["hex", "fromhex"],
  dict: ["fromkeys"],
};

/** Python attribute lookup (getattr(obj, name)) for non-underscore names. */
function attribute(obj: unknown, name: string): unknown {
  if (obj instanceof PyObj) return obj.getAttr(name);
  let tname: string | null = null;
  if (isStr(obj)) {
    const def = STR_METHODS.get(name);
    if (def && (obj instanceof Markup || (name !== "striptags" && name !== "unescape"))) {
      return bound(obj, name, (a, k) => callStrMethod(name, def, obj, a, k));
    }
    tname = "str";
  } else if (obj instanceof Map) {
    const def = DICT_METHODS.get(name);
    if (def) return bound(obj, name, (a, k) => def.fn(obj, bind({ fname: name, params: def.params }, a, k)));
    tname = "dict";
  } else if (Array.isArray(obj)) {
    const def = LIST_METHODS.get(name);
    if (def) return bound(obj, name, (a, k) => def.fn(obj, bind({ fname: name, params: def.params }, a, k)));
  } else if (obj instanceof PyTuple) {
    if (obj instanceof GroupTuple && (name === "grouper" || name === "list")) return obj.items[name === "grouper" ? 0 : 1];
    const def = TUPLE_METHODS.get(name);
    if (def) return bound(obj, name, (a, k) => def.fn(obj, bind({ fname: name, params: def.params }, a, k)));
  } else if (typeof obj === "number" || typeof obj === "bigint" || typeof obj === "boolean" || obj instanceof PyFloat) {
    const isF = obj instanceof PyFloat || (typeof obj === "number" && !Number.isInteger(obj));
    const data = numberAttr(obj, name);
    if (data !== undefined) return data;
    const def = NUMBER_METHODS.get(name);
    const intOnly = name === "bit_length" || name === "bit_count";
    if (def && (isF ? !intOnly : name !== "is_integer")) {
      return bound(obj, name, (a, k) => def.fn(obj, bind({ fname: name, params: def.params }, a, k)));
    }
    tname = isF ? "float" : "int";
  }
  if (tname && UNSUPPORTED[tname]?.includes(name)) {
    return bound(obj, name, () => {
      throw TypeError_(`${tname}.${name}() is not supported in templates`);
    });
  }
  return MISSING;
}

function unsafe(obj: unknown, name: string): Undefined {
  return new Undefined(`access to attribute '${name}' of '${typeName(obj)}' object is unsafe.`, obj, name, true);
}

/** hasattr(obj, name) in Python terms (no item fallback). */
export function hasAttribute(obj: unknown, name: string): boolean {
  if (name.startsWith("_")) return hasUnderscoreAttr(obj, name);
  return attribute(obj, name) !== MISSING;
}

/** `obj.name` (jinja2 SandboxedEnvironment.getattr: attribute first, then item). */
export function getattr(obj: unknown, name: string): unknown {
  if (obj instanceof Undefined) {
    if (name.startsWith("__") && hasUnderscoreAttr(obj, name)) return unsafe(obj, name);
    return failUndefined(obj);
  }
  if (name.startsWith("_")) {
    if (hasUnderscoreAttr(obj, name)) return unsafe(obj, name);
  } else {
    const a = attribute(obj, name);
    if (a !== MISSING) return a;
  }
  const it = itemLookup(obj, name);
  return it !== MISSING ? it : new Undefined(null, obj, name);
}

/** `obj[key]` (item first, then attribute for string keys). */
export function getitem(obj: unknown, key: unknown): unknown {
  if (obj instanceof Undefined) return failUndefined(obj);
  const it = itemLookup(obj, key);
  if (it !== MISSING) return it;
  if (isStr(key)) {
    const name = strOf(key);
    if (name.startsWith("_")) {
      if (hasUnderscoreAttr(obj, name)) return unsafe(obj, name);
    } else {
      const a = attribute(obj, name);
      if (a !== MISSING) return a;
    }
  }
  return new Undefined(null, obj, key instanceof Markup ? key.s : key);
}

/** `obj[a:b:c]`: Jinja slices directly (no sandbox getitem), so errors propagate. */
export function sliceValue(obj: unknown, s: PySlice): unknown {
  if (obj instanceof Undefined) return failUndefined(obj);
  if (Array.isArray(obj) || obj instanceof PyTuple || isStr(obj)) return itemLookup(obj, s);
  if (obj instanceof Map) throw TypeError_("unhashable type: 'slice'");
  throw TypeError_(`'${typeName(obj)}' object is not subscriptable`);
}

/** The only way a template can call anything: engine callables, nothing else. */
export function callValue(fn: unknown, args: unknown[], kwargs: Kwargs): unknown {
  if (fn instanceof Undefined) return failUndefined(fn);
  if (fn instanceof PyObj && typeof fn.call === "function") return fn.call(args, kwargs);
  throw TypeError_(`'${typeName(fn)}' object is not callable`);
}
