// Expressions -> closures. No code generation: templates never become JS source.
import type { CallArgs, Expr, FilterExpr } from "./ast";
import { bind } from "./call";
import { RecursionError_, TemplateAssertionError, TemplateRuntimeError, TypeError_ } from "./errors";
import { escapeHtml } from "./html";
import { PySlice, callValue, getattr, getitem, sliceValue } from "./members";
import { arith, unary } from "./arith";
import { MAX_STR, compare, hashKey, iterate, truthy } from "./ops";
import { percentFormat } from "./pyformat";
import { str } from "./python-repr";
import { Env, Runtime, Scope } from "./runtime";
import { memoryExceeded } from "./errors";
import { Kwargs, Markup, PyTuple, Undefined, isStr, strOf } from "./values";

export type Ev = (s: Scope) => unknown;

export interface CompileCtx {
  env: Env;
  soft: boolean; // inside an {% if %} / inline if: unknown filters fail only when reached
  blocks: Set<string>;
  /** Nesting as Python would see Jinja's generated code (its limits become template errors). */
  nest: { expr: number; loops: number; indent: number };
}

/** Scope key for the captured body of {% filter %} / {% set x | f %} (not a valid name). */
export const BLOCK_INPUT = "\u0000block";

export function compileArgs(ca: CallArgs, c: CompileCtx): (s: Scope) => [unknown[], Kwargs] {
  const args = ca.args.map((a) => compileExpr(a, c));
  const kws = ca.kwargs.map(([k, v]) => [k, compileExpr(v, c)] as const);
  const dynArgs = ca.dynArgs ? compileExpr(ca.dynArgs, c) : null;
  const dynKw = ca.dynKwargs ? compileExpr(ca.dynKwargs, c) : null;
  return (s) => {
    const a = args.map((f) => f(s));
    if (dynArgs) for (const x of iterate(dynArgs(s))) a.push(x);
    const kw: Kwargs = new Map();
    for (const [k, f] of kws) kw.set(k, f(s));
    if (dynKw) {
      const m = dynKw(s);
      if (!(m instanceof Map)) throw TypeError_("argument after ** must be a mapping");
      for (const [k, v] of m) {
        if (!isStr(k)) throw TypeError_("keywords must be strings");
        if (kw.has(strOf(k))) throw TypeError_(`got multiple values for keyword argument '${strOf(k)}'`);
        kw.set(strOf(k), v);
      }
    }
    return [a, kw];
  };
}

function compileFilter(e: FilterExpr, c: CompileCtx): Ev {
  const def = c.env.filters.get(e.name);
  const input: Ev = e.node ? compileExpr(e.node, c) : (s) => s.lookup(BLOCK_INPUT);
  if (!def) {
    if (!c.soft) throw TemplateAssertionError(`No filter named '${e.name}'.`);
    return () => {
      throw TemplateRuntimeError(`No filter named '${e.name}' found.`);
    };
  }
  const args = compileArgs(e, c);
  return (s) => {
    const v = input(s);
    const [a, kw] = args(s);
    return def.fn(s.rt, bind(def, [v, ...a], kw));
  };
}

function compileTest(e: Expr & { t: "test" }, c: CompileCtx): Ev {
  const def = c.env.tests.get(e.name);
  const input = compileExpr(e.node, c);
  if (!def) {
    if (!c.soft) throw TemplateAssertionError(`No test named '${e.name}'.`);
    return () => {
      throw TemplateRuntimeError(`No test named '${e.name}' found.`);
    };
  }
  const args = compileArgs(e, c);
  return (s) => {
    const v = input(s);
    const [a, kw] = args(s);
    return def.fn(s.rt, bind(def, [v, ...a], kw));
  };
}

export function compileCall(e: Expr & { t: "call" }, c: CompileCtx, extra?: (s: Scope) => [string, unknown]): Ev {
  const fn = compileExpr(e.node, c);
  const args = compileArgs(e, c);
  return (s) => {
    const f = fn(s);
    const [a, kw] = args(s);
    if (extra) {
      const [k, v] = extra(s);
      kw.set(k, v);
    }
    return callValue(f, a, kw);
  };
}

// CPython limits hit by Jinja's compiler on deep expressions (measured: 491 chained `+`,
// 198 chained filters).
const MAX_EXPR_WEIGHT = 490;

export function compileExpr(e: Expr, c: CompileCtx): Ev {
  const weight = e.t === "filter" || e.t === "test" || e.t === "call" ? 2.5 : 1;
  c.nest.expr += weight;
  try {
    if (c.nest.expr > MAX_EXPR_WEIGHT) throw RecursionError_("maximum recursion depth exceeded");
    return compileExprInner(e, c);
  } finally {
    c.nest.expr -= weight;
  }
}

function compileExprInner(e: Expr, c: CompileCtx): Ev {
  if (e.t === "and" || e.t === "or") {
    // Jinja folds a constant left operand that short-circuits: the right side is never compiled.
    const folded = constValue(e.left, c);
    if (folded.ok && truthy(folded.v) === (e.t === "or")) return () => folded.v;
  }
  return compileNode(e, c);
}

function compileNode(e: Expr, c: CompileCtx): Ev {
  switch (e.t) {
    case "const": {
      const v = e.v;
      return () => v;
    }
    case "name": {
      const name = e.name;
      return (s) => s.lookup(name);
    }
    case "nsref": throw TemplateAssertionError("namespace reference outside an assignment");
    case "getattr": {
      const node = compileExpr(e.node, c);
      const attr = e.attr;
      return (s) => getattr(node(s), attr);
    }
    case "getitem": {
      const node = compileExpr(e.node, c);
      const arg = compileExpr(e.arg, c);
      // Jinja slices non-constant objects directly (errors propagate); constant ones are
      // folded at compile time through the sandbox getitem (errors -> undefined).
      if (e.arg.t === "slice" && !isConst(e.node)) return (s) => sliceValue(node(s), arg(s) as PySlice);
      return (s) => getitem(node(s), arg(s));
    }
    case "slice": {
      const parts = [e.start, e.stop, e.step].map((x) => (x ? compileExpr(x, c) : () => null));
      return (s) => new PySlice(parts[0](s), parts[1](s), parts[2](s));
    }
    case "call": return compileCall(e, c);
    case "filter": return compileFilter(e, c);
    case "test": return compileTest(e, c);
    case "condexpr": {
      const sc = { ...c, soft: true };
      const test = compileExpr(e.test, sc);
      const a = compileExpr(e.expr1, sc);
      const b = e.expr2 ? compileExpr(e.expr2, sc)
        : () => new Undefined("the inline if-expression evaluated to false and no else section was defined.");
      return (s) => (truthy(test(s)) ? a(s) : b(s));
    }
    case "and": {
      const l = compileExpr(e.left, c);
      const r = compileExpr(e.right, c);
      return (s) => {
        const v = l(s);
        return truthy(v) ? r(s) : v;
      };
    }
    case "or": {
      const l = compileExpr(e.left, c);
      const r = compileExpr(e.right, c);
      return (s) => {
        const v = l(s);
        return truthy(v) ? v : r(s);
      };
    }
    case "not": {
      const n = compileExpr(e.node, c);
      return (s) => !truthy(n(s));
    }
    case "neg": case "pos": {
      const n = compileExpr(e.node, c);
      const op = e.t;
      return (s) => unary(op, n(s));
    }
    case "bin": {
      const l = compileExpr(e.left, c);
      const r = compileExpr(e.right, c);
      const op = e.op;
      if (op !== "%") return (s) => arith(op, l(s), r(s));
      return (s) => {
        const a = l(s);
        const b = r(s);
        if (!isStr(a)) return arith(op, a, b);
        if (a instanceof Markup) return new Markup(percentFormat(a.s, escapeArgs(b)));
        return percentFormat(a, b);
      };
    }
    case "concat": {
      const parts = e.nodes.map((n) => compileExpr(n, c));
      return (s) => {
        let out = "";
        for (const p of parts) {
          const v = p(s);
          out += s.autoescape && !(v instanceof Markup) ? escapeHtml(str(v)) : str(v);
          if (out.length > MAX_STR) throw memoryExceeded();
        }
        return s.autoescape ? new Markup(out) : out;
      };
    }
    case "compare": {
      const first = compileExpr(e.expr, c);
      const ops = e.ops.map((o) => ({ op: o.op, ev: compileExpr(o.expr, c) }));
      return (s) => {
        let left = first(s);
        for (const o of ops) {
          const right = o.ev(s);
          if (!compare(o.op, left, right)) return false;
          left = right;
        }
        return true;
      };
    }
    case "list": case "tuple": {
      const items = e.items.map((x) => compileExpr(x, c));
      if (e.t === "list") return (s) => items.map((f) => f(s));
      return (s) => new PyTuple(items.map((f) => f(s)));
    }
    case "dict": {
      const items = e.items.map(([k, v]) => [compileExpr(k, c), compileExpr(v, c)] as const);
      return (s) => {
        const d = new Map<unknown, unknown>();
        for (const [k, v] of items) {
          const key = hashKey(k(s));
          d.set(key, v(s));
        }
        return d;
      };
    }
  }
}

function constValue(e: Expr, c: CompileCtx): { ok: true; v: unknown } | { ok: false } {
  if (!isConst(e)) return { ok: false };
  try {
    return { ok: true, v: compileNode(e, c)(new Scope(null, new Runtime(c.env, Infinity))) };
  } catch {
    return { ok: false };
  }
}

/** Expressions Jinja's optimizer can evaluate at compile time (as_const). */
function isConst(e: Expr): boolean {
  switch (e.t) {
    case "const": return true;
    case "list": case "tuple": return e.items.every(isConst);
    case "dict": return e.items.every(([k, v]) => isConst(k) && isConst(v));
    case "neg": case "pos": case "not": return isConst(e.node);
    case "getattr": return isConst(e.node);
    case "getitem": return isConst(e.node) && isConst(e.arg);
    case "slice": return [e.start, e.stop, e.step].every((x) => x === null || isConst(x));
    case "bin": case "and": case "or": return isConst(e.left) && isConst(e.right);
    case "concat": return e.nodes.every(isConst);
  }
  return false;
}

function escapeArgs(v: unknown): unknown {
  const esc = (x: unknown) => (typeof x === "string" ? new Markup(escapeHtml(x)) : x);
  if (v instanceof PyTuple) return new PyTuple(v.items.map(esc));
  return esc(v);
}
