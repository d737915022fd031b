// Python arithmetic: int/float tower (bigint for big ints), sequence concat/repeat, unary ops.
import { OverflowError_, TypeError_, ZeroDivisionError_, memoryExceeded } from "./errors";
import { escapeHtml } from "./html";
import { MAX_STR, failUndefined, isIntLike, isNumeric, tpName } from "./ops";
import { Markup, NOT_IMPL, PyFloat, PyObj, PyTuple, Undefined, isStr, mkFloat, normInt, strOf, toBig, toF } from "./values";

function intOp(op: string, a: unknown, b: unknown): unknown {
  if (typeof a === "number" && typeof b === "number" && op !== "**") {
    const r = op === "+" ? a + b : op === "-" ? a - b : a * b;
    if (Number.isSafeInteger(r)) return r;
  }
  const x = toBig(a);
  const y = toBig(b);
  if (op === "+") return normInt(x + y);
  if (op === "-") return normInt(x - y);
  if (op === "*") return normInt(x * y);
  // "**"
  if (y < 0n) {
    if (x === 0n) throw ZeroDivisionError_("0.0 cannot be raised to a negative power");
    return mkFloat(Math.pow(Number(x), Number(y)));
  }
  return normInt(x ** y);
}

function checkLen(n: number): void {
  if (n > MAX_STR) throw memoryExceeded();
}

function repeat(seq: unknown, n: unknown): unknown {
  if (!isIntLike(n)) throw TypeError_(`can't multiply sequence by non-int of type '${tpName(n)}'`);
  const big = toBig(n);
  if (big > 9223372036854775807n || big < -9223372036854775808n) {
    throw OverflowError_("cannot fit 'int' into an index-sized integer");
  }
  const k = Math.max(0, Number(big));
  if (isStr(seq)) {
    const s = strOf(seq);
    checkLen(s.length * k);
    return seq instanceof Markup ? new Markup(s.repeat(k)) : s.repeat(k);
  }
  const items = Array.isArray(seq) ? seq : (seq as PyTuple).items;
  checkLen(items.length * k);
  const out: unknown[] = [];
  for (let i = 0; i < k; i++) for (const x of items) out.push(x);
  return Array.isArray(seq) ? out : new PyTuple(out);
}

function isSeq(v: unknown): boolean {
  return isStr(v) || Array.isArray(v) || v instanceof PyTuple;
}

function unsupported(op: string, a: unknown, b: unknown): never {
  const o = op === "**" ? "** or pow()" : op;
  throw TypeError_(`unsupported operand type(s) for ${o}: '${tpName(a)}' and '${tpName(b)}'`);
}

function floorDivMod(op: string, a: unknown, b: unknown): unknown {
  const bothInt = isIntLike(a) && isIntLike(b);
  if (bothInt) {
    const x = toBig(a);
    const y = toBig(b);
    if (y === 0n) throw ZeroDivisionError_(op === "//" ? "integer division or modulo by zero" : "integer modulo by zero");
    let q = x / y;
    if ((x % y !== 0n) && ((x < 0n) !== (y < 0n))) q -= 1n;
    return normInt(op === "//" ? q : x - q * y);
  }
  const x = toF(a);
  const y = toF(b);
  if (y === 0) throw ZeroDivisionError_(op === "//" ? "float floor division by zero" : "float modulo");
  let m = x % y;
  if (m !== 0 && (m < 0) !== (y < 0)) m += y;
  if (op === "%") return mkFloat(m);
  // CPython float_floor_div: floor of the exact quotient, corrected by the remainder.
  const div = (x - m) / y;
  let fl = Math.floor(div);
  if (div - fl > 0.5) fl += 1;
  return mkFloat(fl === 0 ? (x / y < 0 ? -0 : 0) : fl);
}

/** Binary arithmetic. `%` with a string left operand is handled by the caller (formatting). */
export function arith(op: string, a: unknown, b: unknown): unknown {
  if (a instanceof Undefined) failUndefined(a);
  if (b instanceof Undefined) failUndefined(b);
  if (isNumeric(a) && isNumeric(b)) {
    const ints = isIntLike(a) && isIntLike(b);
    switch (op) {
      case "+": case "-": case "*":
        if (ints) return intOp(op, a, b);
        return mkFloat(op === "+" ? toF(a) + toF(b) : op === "-" ? toF(a) - toF(b) : toF(a) * toF(b));
      case "/": {
        const y = toF(b);
        if (y === 0) throw ZeroDivisionError_("division by zero");
        return mkFloat(toF(a) / y);
      }
      case "//": case "%": return floorDivMod(op, a, b);
      case "**": {
        if (ints) return intOp(op, a, b);
        const x = toF(a);
        const y = toF(b);
        if (x === 0 && y < 0) throw ZeroDivisionError_("0.0 cannot be raised to a negative power");
        const r = Math.pow(x, y);
        if (!Number.isFinite(r) && Number.isFinite(x) && Number.isFinite(y)) {
          throw OverflowError_("(34, 'Numerical result out of range')");
        }
        return mkFloat(r);
      }
    }
  }
  if (op === "+") {
    if (isStr(a) && isStr(b)) {
      checkLen(strOf(a).length + strOf(b).length);
      if (a instanceof Markup || b instanceof Markup) return new Markup(escapeIfPlain(a) + escapeIfPlain(b));
      return (a as string) + (b as string);
    }
    if (Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
    if (a instanceof PyTuple && b instanceof PyTuple) return new PyTuple([...a.items, ...b.items]);
    const kind = isStr(a) ? "str" : Array.isArray(a) ? "list" : a instanceof PyTuple ? "tuple" : null;
    if (kind && !(b instanceof PyObj && b.binop)) {
      throw TypeError_(`can only concatenate ${kind} (not "${tpName(b)}") to ${kind}`);
    }
  }
  if (op === "*") {
    if (isSeq(a) && !(b instanceof PyObj)) return repeat(a, b);
    if (isSeq(b) && !(a instanceof PyObj)) return repeat(b, a);
  }
  if (a instanceof PyObj && a.binop) {
    const r = a.binop(op, b, false);
    if (r !== NOT_IMPL) return r;
  }
  if (b instanceof PyObj && b.binop) {
    const r = b.binop(op, a, true);
    if (r !== NOT_IMPL) return r;
  }
  return unsupported(op, a, b);
}

function escapeIfPlain(v: string | Markup): string {
  return typeof v === "string" ? escapeHtml(v) : v.s;
}

export function unary(op: "neg" | "pos", a: unknown): unknown {
  if (a instanceof Undefined) failUndefined(a);
  if (typeof a === "boolean") a = a ? 1 : 0;
  if (typeof a === "number") return op === "neg" ? (Number.isInteger(a) ? (a === 0 ? 0 : -a) : -a) : a;
  if (typeof a === "bigint") return op === "neg" ? normInt(-a) : a;
  if (a instanceof PyFloat) return op === "neg" ? new PyFloat(-a.v) : a;
  if (a instanceof PyObj && a.binop) {
    const r = a.binop(op, null, false);
    if (r !== NOT_IMPL) return r;
  }
  throw TypeError_(`bad operand type for unary ${op === "neg" ? "-" : "+"}: '${tpName(a)}'`);
}

