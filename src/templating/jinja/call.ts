// Python-style argument binding for the builtins outhook implements (filters, methods, globals).
import { TypeError_ } from "./errors";
import type { Kwargs } from "./values";

/** "name" (required), ["name", default], "*args" or "**kwargs". */
export type Param = string | [string, unknown];

export interface Sig {
  fname: string; // as Python names it in errors, e.g. "do_truncate"
  params: Param[];
}

const REQUIRED = Symbol("required");

interface Compiled {
  names: string[];
  defaults: unknown[];
  star: boolean;
  starstar: boolean;
}

const cache = new WeakMap<Param[], Compiled>();

function compile(params: Param[]): Compiled {
  let c = cache.get(params);
  if (c) return c;
  c = { names: [], defaults: [], star: false, starstar: false };
  for (const p of params) {
    if (p === "*args") c.star = true;
    else if (p === "**kwargs") c.starstar = true;
    else if (typeof p === "string") {
      c.names.push(p);
      c.defaults.push(REQUIRED);
    } else {
      c.names.push(p[0]);
      c.defaults.push(p[1]);
    }
  }
  cache.set(params, c);
  return c;
}

/**
 * Bind positional and keyword arguments. Result: one slot per named param, then the
 * extra positionals (array) when "*args" is declared, then the extra keywords (Map)
 * when "**kwargs" is declared.
 */
export function bind(sig: Sig, args: unknown[], kwargs: Kwargs | null): unknown[] {
  const c = compile(sig.params);
  const out: unknown[] = new Array(c.names.length).fill(REQUIRED);
  const n = Math.min(args.length, c.names.length);
  for (let i = 0; i < n; i++) out[i] = args[i];
  if (args.length > c.names.length && !c.star) {
    const req = c.defaults.filter((d) => d === REQUIRED).length;
    const range = req === c.names.length ? `${req}` : `from ${req} to ${c.names.length}`;
    throw TypeError_(`${sig.fname}() takes ${range} positional argument${c.names.length === 1 ? "" : "s"} but ${args.length} were given`);
  }
  const extraKw = new Map<string, unknown>();
  if (kwargs) {
    for (const [k, v] of kwargs) {
      const i = c.names.indexOf(k);
      if (i < 0) {
        if (!c.starstar) throw TypeError_(`${sig.fname}() got an unexpected keyword argument '${k}'`);
        extraKw.set(k, v);
      } else if (out[i] !== REQUIRED) {
        throw TypeError_(`${sig.fname}() got multiple values for argument '${k}'`);
      } else out[i] = v;
    }
  }
  const missing: string[] = [];
  for (let i = 0; i < out.length; i++) {
    if (out[i] !== REQUIRED) continue;
    if (c.defaults[i] === REQUIRED) missing.push(c.names[i]);
    else out[i] = c.defaults[i];
  }
  if (missing.length) {
    const list = missing.map((m) => `'${m}'`).join(" and ");
    throw TypeError_(`${sig.fname}() missing ${missing.length} required positional argument${missing.length > 1 ? "s" : ""}: ${list}`);
  }
  if (c.star) out.push(args.slice(c.names.length));
  if (c.starstar) out.push(extraKw);
  return out;
}
