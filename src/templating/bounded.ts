// Which templates may render on the caller's thread: those whose work is known, before running, to grow at most
// linearly with their own text and their context (which the request size limits bound). Everything else — loops,
// macros, calls of anything but a few pure methods, filters beyond a few pure ones, `*`, `**`, `%`, `/` — goes to
// the worker pool, whose watchdog can stop a runaway render. Renders here still carry the deadline and output cap.
import type { CallArgs, Expr, Stmt } from "./jinja/ast";
import { MAX_SOURCE_LENGTH } from "./jinja/engine";
import { Parser } from "./jinja/parser";

/** Filters whose result is at most linear in their input, with no argument that could make it larger. */
const PURE_FILTERS = new Set(["upper", "lower", "capitalize", "title", "trim", "string", "default", "d", "length", "count", "first", "last", "int", "float", "bool"]);
/** Filters allowed only without arguments (an argument such as an indent width could make the output huge). */
const PURE_FILTERS_WITHOUT_ARGS = new Set(["tojson"]);
/** Methods that read and never change their object, with at most linear work. */
const PURE_METHODS = new Set(["get", "upper", "lower", "strip", "lstrip", "rstrip", "startswith", "endswith", "capitalize", "title", "keys", "values", "items"]);
const PURE_TESTS = new Set([
  "defined", "undefined", "none", "boolean", "false", "true", "integer", "float", "string", "mapping", "number", "sequence",
  "iterable", "==", "eq", "equalto", "!=", "ne", "in",
]);
const LINEAR_BINARY = new Set(["+", "-"]);

const MAX_REMEMBERED = 2000;
const known = new Map<string, boolean>();

/** True when `source` parses and uses only constructs whose cost is bounded as above (remembered per source). */
export function isBoundedTemplate(source: string): boolean {
  let bounded = known.get(source);
  if (bounded === undefined) {
    bounded = source.length <= MAX_SOURCE_LENGTH && analyse(source);
    if (known.size >= MAX_REMEMBERED) known.delete(known.keys().next().value as string);
    known.set(source, bounded);
  }
  return bounded;
}

function analyse(source: string): boolean {
  let stmts: Stmt[];
  try {
    stmts = new Parser(source).parse();
  } catch {
    return false; // the pool reports the syntax error as it always has
  }
  return stmts.every(boundedStmt);
}

function boundedStmt(stmt: Stmt): boolean {
  switch (stmt.t) {
    case "output":
      return stmt.nodes.every((node) => node.t === "data" || boundedExpr(node));
    case "if":
      return (
        boundedExpr(stmt.test) &&
        stmt.body.every(boundedStmt) &&
        stmt.elifs.every((elif) => boundedExpr(elif.test) && elif.body.every(boundedStmt)) &&
        stmt.else_.every(boundedStmt)
      );
    default:
      return false;
  }
}

function boundedExpr(expr: Expr | null): boolean {
  if (expr === null) return true;
  switch (expr.t) {
    case "const":
    case "name":
      return true;
    case "getattr":
      return boundedExpr(expr.node);
    case "getitem":
      return boundedExpr(expr.node) && boundedExpr(expr.arg);
    case "slice":
      return boundedExpr(expr.start) && boundedExpr(expr.stop) && boundedExpr(expr.step);
    case "call":
      return expr.node.t === "getattr" && PURE_METHODS.has(expr.node.attr) && boundedExpr(expr.node.node) && boundedArgs(expr);
    case "filter":
      if (PURE_FILTERS_WITHOUT_ARGS.has(expr.name)) return boundedExpr(expr.node) && noArgs(expr);
      return PURE_FILTERS.has(expr.name) && boundedExpr(expr.node) && boundedArgs(expr);
    case "test":
      return PURE_TESTS.has(expr.name) && boundedExpr(expr.node) && boundedArgs(expr);
    case "condexpr":
      return boundedExpr(expr.test) && boundedExpr(expr.expr1) && boundedExpr(expr.expr2);
    case "and":
    case "or":
      return boundedExpr(expr.left) && boundedExpr(expr.right);
    case "not":
    case "neg":
    case "pos":
      return boundedExpr(expr.node);
    case "bin":
      return LINEAR_BINARY.has(expr.op) && boundedExpr(expr.left) && boundedExpr(expr.right);
    case "concat":
      return expr.nodes.every(boundedExpr);
    case "compare":
      return boundedExpr(expr.expr) && expr.ops.every((op) => boundedExpr(op.expr));
    case "list":
    case "tuple":
      return expr.items.every(boundedExpr);
    case "dict":
      return expr.items.every(([key, value]) => boundedExpr(key) && boundedExpr(value));
    default:
      return false;
  }
}

function boundedArgs(call: CallArgs): boolean {
  return call.dynArgs === null && call.dynKwargs === null && call.args.every(boundedExpr) && call.kwargs.every(([, value]) => boundedExpr(value));
}

function noArgs(call: CallArgs): boolean {
  return call.args.length === 0 && call.kwargs.length === 0 && call.dynArgs === null && call.dynKwargs === null;
}
