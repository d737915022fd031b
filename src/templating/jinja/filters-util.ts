// Shared helpers for filters: Jinja's make_attrgetter, ignore_case, generators.
import type { FilterDef, Runtime, TestDef } from "./runtime";
import { getitem } from "./members";
import type { Param } from "./call";
import { PyGen, Undefined, isStr, strOf } from "./values";

function parts(attr: unknown): unknown[] {
  if (attr === null) return [];
  if (isStr(attr)) return strOf(attr).split(".").map((x) => (/^\d+$/.test(x) ? Number(x) : x));
  return [attr];
}

export function ignoreCase(v: unknown): unknown {
  return typeof v === "string" ? v.toLowerCase() : v;
}

export function attrgetter(attr: unknown, post?: (v: unknown) => unknown, dflt: unknown = null): (item: unknown) => unknown {
  const p = parts(attr);
  return (item) => {
    let v = item;
    for (const part of p) {
      v = getitem(v, part);
      if (dflt !== null && v instanceof Undefined) v = dflt;
    }
    return post ? post(v) : v;
  };
}

export function multiAttrgetter(attr: unknown, post?: (v: unknown) => unknown): (item: unknown) => unknown[] {
  const split = isStr(attr) ? strOf(attr).split(",") : [attr];
  const getters = split.map((a) => parts(a));
  return (item) => getters.map((p) => {
    let v = item;
    for (const part of p) v = getitem(v, part);
    return post ? post(v) : v;
  });
}

export function gen(name: string, it: Iterable<unknown>): PyGen {
  return new PyGen(name, it[Symbol.iterator]());
}

export function filter(name: string, fname: string, params: Param[], fn: (rt: Runtime, a: unknown[]) => unknown): [string, FilterDef] {
  return [name, { fname, params, fn }];
}

export function test(name: string, fname: string, params: Param[], fn: (rt: Runtime, a: unknown[]) => boolean): [string, TestDef] {
  return [name, { fname, params, fn }];
}
