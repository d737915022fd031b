// Statements -> closures writing to an Out buffer, with Jinja's scoping rules:
// for-loop bodies, macros, {% with %} and block captures get a child scope per run;
// {% if %} does not create a scope.
import type { Expr, FilterExpr, Stmt } from "./ast";
import { BLOCK_INPUT, CompileCtx, compileCall, compileExpr } from "./compile-expr";
import { TemplateAssertionError, TemplateRuntimeError, TemplateSyntaxError as SyntaxError_, TypeError_, ValueError_ } from "./errors";
import { Namespace } from "./globals";
import { escapeHtml } from "./html";
import { LoopContext } from "./loop";
import { Macro, MacroBody } from "./macro";
import { toList, truthy } from "./ops";
import { str, strRepr, typeName } from "./python-repr";
import { Out, Scope } from "./runtime";
import { Markup, Undefined } from "./values";

export type Ex = (s: Scope, out: Out) => void;

export function toOutput(s: Scope, v: unknown): string {
  if (!s.autoescape) return str(v);
  return v instanceof Markup ? v.s : escapeHtml(str(v));
}

export function assign(target: Expr, value: unknown, s: Scope): void {
  if (target.t === "name") {
    s.vars.set(target.name, value);
  } else if (target.t === "nsref") {
    const ns = s.lookup(target.name);
    if (!(ns instanceof Namespace)) throw TemplateRuntimeError("cannot assign attribute on non-namespace object");
    ns.attrs.set(target.attr, value);
  } else if (target.t === "tuple" || target.t === "list") {
    let items: unknown[];
    try {
      items = toList(value);
    } catch {
      throw TypeError_(`cannot unpack non-iterable ${typeName(value)} object`);
    }
    const n = target.items.length;
    if (items.length < n) throw ValueError_(`not enough values to unpack (expected ${n}, got ${items.length})`);
    if (items.length > n) throw ValueError_(`too many values to unpack (expected ${n})`);
    target.items.forEach((t, i) => assign(t, items[i], s));
  }
}

function usesName(node: unknown, name: string): boolean {
  if (Array.isArray(node)) return node.some((n) => usesName(n, name));
  if (!node || typeof node !== "object") return false;
  const o = node as Record<string, unknown>;
  if (o.t === "name" && o.name === name) return true;
  for (const k of Object.keys(o)) if (k !== "v" && usesName(o[k], name)) return true;
  return false;
}

export function compileBody(stmts: Stmt[], c: CompileCtx): Ex {
  const fns = stmts.map((st) => compileStmt(st, c));
  if (fns.length === 1) return fns[0];
  return (s, out) => {
    for (const f of fns) f(s, out);
  };
}

function capture(body: Ex): (s: Scope) => string {
  return (s) => {
    const out = new Out();
    body(new Scope(s, s.rt), out);
    return out.toString();
  };
}

function withFilter(filter: FilterExpr | null, c: CompileCtx): ((s: Scope, text: string) => unknown) | null {
  if (!filter) return null;
  const f = compileExpr(filter, { ...c, soft: false }); // Jinja compiles it in the block's inner frame
  return (s, text) => {
    const tmp = new Scope(s, s.rt);
    tmp.vars.set(BLOCK_INPUT, s.autoescape ? new Markup(text) : text);
    return f(tmp);
  };
}

function macroBody(name: string, st: { args: string[]; defaults: Expr[]; body: Stmt[] }, c: CompileCtx): MacroBody {
  const inner = { ...c, soft: false };
  const declared = (n: string) => st.args.includes(n);
  return {
    name,
    args: st.args,
    defaults: st.defaults.map((d) => compileExpr(d, inner)),
    body: compileBody(st.body, inner),
    usesCaller: usesName(st.body, "caller") && !declared("caller"),
    usesKwargs: usesName(st.body, "kwargs") && !declared("kwargs"),
    usesVarargs: usesName(st.body, "varargs") && !declared("varargs"),
  };
}

function compileFor(st: Stmt & { t: "for" }, c: CompileCtx): Ex {
  const iter = compileExpr(st.iter, c);
  const inner = { ...c, soft: false };
  const test = st.test ? compileExpr(st.test, inner) : null;
  const body = compileBody(st.body, inner);
  const else_ = st.else_.length ? compileBody(st.else_, inner) : null;
  const run = (s: Scope, out: Out, iterable: unknown, depth: number): void => {
    let items = toList(iterable);
    if (test) {
      items = items.filter((item) => {
        const ts = new Scope(s, s.rt);
        assign(st.target, item, ts);
        return truthy(test(ts));
      });
    }
    if (!items.length) {
      if (else_) else_(new Scope(s, s.rt), out);
      return;
    }
    const recurse = st.recursive
      ? (it: unknown, d: number) => {
        const o = new Out();
        run(s, o, it, d);
        return s.autoescape ? new Markup(o.toString()) : o.toString();
      }
      : null;
    const loop = new LoopContext(items, depth, recurse);
    for (let i = 0; i < items.length; i++) {
      s.rt.tick();
      loop.index0 = i;
      const ls = new Scope(s, s.rt);
      assign(st.target, items[i], ls);
      ls.vars.set("loop", loop);
      body(ls, out);
    }
  };
  return (s, out) => run(s, out, iter(s), 0);
}

function compileIf(st: Stmt & { t: "if" }, c: CompileCtx): Ex {
  const sc = { ...c, soft: true };
  const branches = [{ test: st.test, body: st.body }, ...st.elifs].map((b) => ({
    test: compileExpr(b.test, sc),
    body: compileBody(b.body, sc),
  }));
  const else_ = st.else_.length ? compileBody(st.else_, sc) : null;
  return (s, out) => {
    for (const b of branches) {
      if (truthy(b.test(s))) return b.body(s, out);
    }
    if (else_) else_(s, out);
  };
}

// Python compile limits of the code Jinja generates: 20 statically nested loops,
// 100 indentation levels (about 99 nested {% if %} / {% macro %}).
const MAX_LOOPS = 20;
const MAX_INDENT = 98;

function compileStmt(st: Stmt, c: CompileCtx): Ex {
  const loop = st.t === "for" ? 1 : 0;
  const indent = st.t === "for" || st.t === "if" || st.t === "macro" || st.t === "callblock" ? 1 : 0;
  c.nest.loops += loop;
  c.nest.indent += indent;
  try {
    if (c.nest.loops > MAX_LOOPS) throw SyntaxError_("too many statically nested blocks");
    if (c.nest.indent > MAX_INDENT) throw SyntaxError_("too many levels of indentation");
    return compileStmtInner(st, c);
  } finally {
    c.nest.loops -= loop;
    c.nest.indent -= indent;
  }
}

function compileStmtInner(st: Stmt, c: CompileCtx): Ex {
  switch (st.t) {
    case "output": {
      const parts = st.nodes.map((n): Ex => {
        if (n.t === "data") {
          const text = n.v;
          return (_s, out) => out.write(text);
        }
        const ev = compileExpr(n, c);
        return (s, out) => out.write(toOutput(s, ev(s)));
      });
      return (s, out) => {
        for (const p of parts) p(s, out);
      };
    }
    case "if": return compileIf(st, c);
    case "for": return compileFor(st, c);
    case "assign": {
      const ev = compileExpr(st.expr, c);
      return (s) => assign(st.target, ev(s), s);
    }
    case "assignblock": {
      const body = capture(compileBody(st.body, { ...c, soft: false }));
      const filter = withFilter(st.filter, c);
      return (s) => {
        const text = body(s);
        assign(st.target, filter ? filter(s, text) : s.autoescape ? new Markup(text) : text, s);
      };
    }
    case "macro": {
      const def = macroBody(st.name, st, c);
      return (s) => s.vars.set(st.name, new Macro(def, s));
    }
    case "callblock": {
      const def = macroBody("caller", st, c);
      const call = compileCall(st.call as Expr & { t: "call" }, c, (s) => ["caller", new Macro(def, s)]);
      return (s, out) => out.write(toOutput(s, call(s)));
    }
    case "filterblock": {
      const body = capture(compileBody(st.body, { ...c, soft: false }));
      const filter = withFilter(st.filter, c)!;
      return (s, out) => out.write(toOutput(s, filter(s, body(s))));
    }
    case "with": {
      const values = st.values.map((v) => compileExpr(v, c));
      const body = compileBody(st.body, { ...c, soft: false });
      return (s, out) => {
        const ws = new Scope(s, s.rt);
        const vals = values.map((v) => v(s));
        st.targets.forEach((t, i) => assign(t, vals[i], ws));
        body(ws, out);
      };
    }
    case "block": {
      if (c.blocks.has(st.name)) throw TemplateAssertionError(`block '${st.name}' defined twice`);
      c.blocks.add(st.name);
      const body = compileBody(st.body, { ...c, soft: false });
      const scoped = st.scoped;
      return (s, out) => body(new Scope(scoped ? s : s.root(), s.rt), out);
    }
    case "load": {
      const tmpl = compileExpr(st.template, c);
      const { kind, ignoreMissing } = st;
      return (s) => {
        const name = tmpl(s);
        if (kind === "include" && ignoreMissing) return;
        // OnCall's BaseLoader has no templates: TemplateNotFound -> Template Error.
        throw TemplateRuntimeError(name instanceof Undefined ? "" : isListLike(name) ? strRepr(str(name)) : str(name));
      };
    }
    case "autoescape": {
      const ev = compileExpr(st.expr, c);
      const body = compileBody(st.body, c);
      return (s, out) => body(new Scope(s, s.rt, truthy(ev(s))), out);
    }
  }
}

function isListLike(v: unknown): boolean {
  return Array.isArray(v);
}
