// printf-style `str % args` (Python semantics, used by `%` and the |format filter).
import { KeyError_, OverflowError_, TypeError_, ValueError_ } from "./errors";
import { fmtExp, fmtFixed, fmtGeneral, fmtIntBase } from "./numfmt";
import { repr, str, strRepr } from "./python-repr";
import { cpArray } from "./strings";
import { PyTuple, Undefined, isFloat, isInt, toBig, toF } from "./values";
import { failUndefined } from "./undefined";
import { tpName } from "./ops";

export function codePoint(n: bigint): string {
  if (n < 0n || n > 0x10ffffn) throw OverflowError_("%c arg not in range(0x110000)");
  return String.fromCodePoint(Number(n));
}

function starArg(v: unknown): number {
  if (!(isInt(v) || typeof v === "boolean")) throw TypeError_("* wants int");
  const n = toBig(v);
  if (n > 9223372036854775807n || n < -9223372036854775808n) throw OverflowError_("Python int too large to convert to C ssize_t");
  return Number(n);
}

const SPEC = /%(?:\(([^)]*)\))?([#0\- +]*)(\*|\d+)?(?:\.(\*|\d+))?[hlL]?([diouxXeEfFgGcrsa%])?/y;

function toIntegral(v: unknown, conv: string): bigint {
  if (typeof v === "boolean" || isInt(v)) return toBig(v);
  if (isFloat(v) && "diu".includes(conv)) {
    const f = toF(v);
    if (!Number.isFinite(f)) throw OverflowError_("cannot convert float infinity to integer");
    return BigInt(Math.trunc(f));
  }
  const what = "diu".includes(conv) ? "a real number" : "an integer";
  throw TypeError_(`%${conv} format: ${what} is required, not ${tpName(v)}`);
}

function toReal(v: unknown): number {
  if (typeof v === "boolean" || isInt(v) || isFloat(v)) return toF(v);
  throw TypeError_(`must be real number, not ${tpName(v)}`);
}

function pad(body: string, flags: string, width: number, numeric: boolean): string {
  if (body.length >= width) return body;
  if (flags.includes("-")) return body.padEnd(width, " ");
  if (numeric && flags.includes("0")) {
    const m = /^([+\- ]?(?:0[xXob])?)(.*)$/.exec(body)!;
    return m[1] + m[2].padStart(width - m[1].length, "0");
  }
  return body.padStart(width, " ");
}

function convert(v: unknown, conv: string, flags: string, prec: number | null): [string, boolean] {
  const sign = (s: string) => (s.startsWith("-") ? s : flags.includes("+") ? "+" + s : flags.includes(" ") ? " " + s : s);
  switch (conv) {
    case "s": { const s = str(v); return [prec === null ? s : cpArray(s).slice(0, prec).join(""), false]; }
    case "r": case "a": { const s = repr(v); return [prec === null ? s : s.slice(0, prec), false]; }
    case "d": case "i": case "u": return [sign(toIntegral(v, conv).toString()), true];
    case "o": case "x": case "X": {
      const n = toIntegral(v, conv);
      let s = fmtIntBase(n, conv === "o" ? 8 : 16, conv === "X");
      if (flags.includes("#")) s = s.replace(/^(-?)/, `$1${conv === "o" ? "0o" : conv === "x" ? "0x" : "0X"}`);
      return [sign(s), true];
    }
    case "e": case "E": return [sign(fmtExp(toReal(v), prec ?? 6, conv === "E", flags.includes("#"))), true];
    case "f": case "F": return [sign(fmtFixed(toReal(v), prec ?? 6, conv === "F", flags.includes("#"))), true];
    case "g": case "G": return [sign(fmtGeneral(toReal(v), prec ?? 6, conv === "G", flags.includes("#"))), true];
    case "c": {
      if (typeof v === "string" && cpArray(v).length === 1) return [v, false];
      if (isInt(v) || typeof v === "boolean") return [codePoint(toBig(v)), false];
      throw TypeError_("%c requires an int or a unicode character, not " + tpName(v));
    }
  }
  throw ValueError_(`unsupported format character '${conv}'`);
}

/** Python `fmt % args`. */
export function percentFormat(fmt: string, args: unknown): string {
  const positional = args instanceof PyTuple ? args.items : [args];
  // CPython treats any non-tuple, non-str object with __getitem__ as the mapping argument
  // (so unused list/dict arguments are not "not all arguments converted").
  const mapping = args instanceof Map || Array.isArray(args) || args instanceof Undefined ? args : null;
  const isTuple = args instanceof PyTuple;
  let argi = 0;
  const next = (): unknown => {
    if (argi >= positional.length) throw TypeError_("not enough arguments for format string");
    return positional[argi++];
  };
  let out = "";
  let i = 0;
  while (i < fmt.length) {
    const j = fmt.indexOf("%", i);
    if (j < 0) {
      out += fmt.slice(i);
      break;
    }
    out += fmt.slice(i, j);
    SPEC.lastIndex = j;
    const m = SPEC.exec(fmt);
    if (!m || m[5] === undefined) {
      if (j + 1 >= fmt.length) throw ValueError_("incomplete format");
      const c = fmt[SPEC.lastIndex] ?? fmt[j + 1];
      throw ValueError_(`unsupported format character '${c}' (0x${c.charCodeAt(0).toString(16)}) at index ${SPEC.lastIndex}`);
    }
    i = SPEC.lastIndex;
    const [, key, flags, w, p, conv] = m;
    if (conv === "%") {
      out += "%";
      continue;
    }
    const width = w === "*" ? starArg(next()) : w ? Number(w) : 0;
    const prec = p === "*" ? starArg(next()) : p !== undefined ? Number(p) : null;
    let v: unknown;
    if (key !== undefined) {
      if (!mapping) throw TypeError_("format requires a mapping");
      if (mapping instanceof Undefined) failUndefined(mapping);
      if (!(mapping instanceof Map)) throw TypeError_("list indices must be integers or slices, not str");
      if (!mapping.has(key)) throw KeyError_(strRepr(key));
      v = mapping.get(key);
    } else v = next();
    const [body, numeric] = convert(v, conv, flags, prec);
    out += pad(body, flags, Math.abs(width), numeric);
  }
  if (!mapping && argi < (isTuple ? positional.length : 1)) {
    throw TypeError_("not all arguments converted during string formatting");
  }
  return out;
}

