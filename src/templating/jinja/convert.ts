// Python int() / float() conversions as the int/float filters use them.
import { OverflowError_, TypeError_, ValueError_ } from "./errors";
import { failUndefined } from "./undefined";
import { strRepr } from "./python-repr";
import { tpName } from "./ops";
import { PyFloat, Undefined, isStr, normInt, strOf, toBig, toF } from "./values";

const PY_WS = /^[\s\x1c-\x1f\x85]+|[\s\x1c-\x1f\x85]+$/g;

export function pyToFloat(v: unknown): number {
  if (v instanceof Undefined) return failUndefined(v);
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint" || v instanceof PyFloat) return toF(v);
  if (isStr(v)) {
    const raw = strOf(v);
    const s = raw.replace(PY_WS, "");
    const m = /^([+-]?)(?:(nan)|(inf|infinity)|((?:\d(?:_?\d)*)?(?:\.(?:\d(?:_?\d)*)?)?(?:e[+-]?\d(?:_?\d)*)?))$/i.exec(s);
    if (m && m[2]) return NaN;
    if (m && m[3]) return m[1] === "-" ? -Infinity : Infinity;
    if (m && m[4] && /\d/.test(m[4].split(/e/i)[0])) return Number(m[1] + m[4].replace(/_/g, ""));
    throw ValueError_(`could not convert string to float: ${strRepr(raw)}`);
  }
  throw TypeError_(`float() argument must be a string or a real number, not '${tpName(v)}'`);
}

export function pyToInt(v: unknown, base: number | null): number | bigint {
  if (v instanceof Undefined) return failUndefined(v);
  if (isStr(v) && base !== null) {
    const raw = strOf(v);
    let s = raw.replace(PY_WS, "").toLowerCase();
    let sign = 1n;
    if (s[0] === "+" || s[0] === "-") {
      if (s[0] === "-") sign = -1n;
      s = s.slice(1);
    }
    let b = base;
    const prefix = /^0([box])/.exec(s);
    const pb = prefix ? { b: 2, o: 8, x: 16 }[prefix[1] as "b" | "o" | "x"] : 0;
    if (prefix && (b === 0 || b === pb)) {
      b = pb;
      s = s.slice(2).replace(/^_/, "");
    } else if (b === 0) {
      b = 10;
      if (/^0+[1-9]/.test(s)) s = "!";
    }
    const digits = "0123456789abcdefghijklmnopqrstuvwxyz".slice(0, b);
    if (b < 2 || b > 36 || !s || !new RegExp(`^[${digits}](?:_?[${digits}])*$`).test(s)) {
      throw ValueError_(`invalid literal for int() with base ${base}: ${strRepr(raw)}`);
    }
    let n = 0n;
    for (const ch of s.replace(/_/g, "")) n = n * BigInt(b) + BigInt(digits.indexOf(ch));
    return normInt(sign * n);
  }
  if (typeof v === "boolean" || typeof v === "bigint" || (typeof v === "number" && Number.isInteger(v))) return normInt(toBig(v));
  if (typeof v === "number" || v instanceof PyFloat) {
    const f = toF(v);
    if (Number.isNaN(f)) throw ValueError_("cannot convert float NaN to integer");
    if (!Number.isFinite(f)) throw OverflowError_("cannot convert float infinity to integer");
    return normInt(BigInt(Math.trunc(f)));
  }
  if (isStr(v)) return pyToInt(v, 10);
  throw TypeError_(`int() argument must be a string, a bytes-like object or a real number, not '${tpName(v)}'`);
}
