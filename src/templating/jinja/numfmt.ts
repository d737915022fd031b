// Number formatting shared by "%" formatting, str.format() and round(): CPython rounds the
// exact binary value half-to-even, so digits come from an exact decimal expansion.
import { intStr } from "./python-repr";

/** |x| = int / 10^scale exactly (x finite). */
function exact(x: number): { int: bigint; scale: number } {
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, Math.abs(x));
  const hi = buf.getUint32(0);
  const lo = buf.getUint32(4);
  const expBits = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e: number;
  if (expBits === 0) e = -1074;
  else {
    mant |= 1n << 52n;
    e = expBits - 1075;
  }
  if (e >= 0) return { int: mant << BigInt(e), scale: 0 };
  return { int: mant * 5n ** BigInt(-e), scale: -e };
}

/** Round int/10^scale to `to` decimals, half to even. */
function roundScaled(int: bigint, scale: number, to: number): bigint {
  if (to >= scale) return int * 10n ** BigInt(to - scale);
  const div = 10n ** BigInt(scale - to);
  const q = int / div;
  const r = int % div;
  const twice = r * 2n;
  return twice > div || (twice === div && q % 2n === 1n) ? q + 1n : q;
}

function withPoint(digits: bigint, decimals: number): string {
  const s = digits.toString().padStart(decimals + 1, "0");
  return decimals ? `${s.slice(0, -decimals)}.${s.slice(-decimals)}` : s;
}

/** Fixed notation with `prec` decimals (no sign). */
function fixedAbs(x: number, prec: number): string {
  const { int, scale } = exact(x);
  return withPoint(roundScaled(int, scale, prec), prec);
}

/** Mantissa digits (prec+1 significant) and decimal exponent (no sign). */
function expAbs(x: number, prec: number): [string, number] {
  if (x === 0) return ["0".repeat(prec + 1), 0];
  const { int, scale } = exact(x);
  const len = int.toString().length;
  let exp = len - 1 - scale; // x = d.ddd * 10^exp
  let r = roundScaled(int, scale, prec - exp);
  if (r.toString().length > prec + 1) {
    exp += 1;
    r = roundScaled(int, scale, prec - exp);
  }
  return [r.toString(), exp];
}

function special(x: number, upper: boolean): string {
  const s = Number.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
  return upper ? s.toUpperCase() : s;
}

const sign = (x: number) => (x < 0 || Object.is(x, -0) ? "-" : "");

export function fmtFixed(x: number, prec: number, upper = false, alt = false): string {
  if (!Number.isFinite(x)) return special(x, upper);
  return sign(x) + fixedAbs(x, prec) + (alt && prec === 0 ? "." : "");
}

export function fmtExp(x: number, prec: number, upper = false, alt = false): string {
  if (!Number.isFinite(x)) return special(x, upper);
  const [digits, exp] = expAbs(x, prec);
  let m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  if (alt && !m.includes(".")) m += ".";
  const e = `${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  return sign(x) + m + (upper ? "E" : "e") + e;
}

/** %g / {:g}: general format, trailing zeros removed unless `alt`. */
export function fmtGeneral(x: number, prec: number, upper = false, alt = false): string {
  if (!Number.isFinite(x)) return special(x, upper);
  const p = prec === 0 ? 1 : prec;
  const exp = x === 0 ? 0 : expAbs(x, p - 1)[1];
  let s = exp >= -4 && exp < p ? fmtFixed(x, p - 1 - exp, upper, alt) : fmtExp(x, p - 1, upper, alt);
  if (!alt) s = s.replace(/(\.\d*?)0+(?=$|[eE])/, "$1").replace(/\.(?=$|[eE])/, "");
  return s;
}

/** Python round(x, n) for floats. */
export function roundHalfEven(x: number, n: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const { int, scale } = exact(x);
  if (n >= scale) return x; // already exact at that precision
  if (n < -330) return x < 0 ? -0 : 0;
  const r = roundScaled(int, scale, n);
  const v = n >= 0 ? Number(`${r}e-${n}`) : Number(`${r}e${-n}`);
  return x < 0 ? -v : v;
}

export function fmtIntBase(v: bigint, base: number, upper = false): string {
  const s = (v < 0n ? -v : v).toString(base);
  return (v < 0n ? "-" : "") + (upper ? s.toUpperCase() : s);
}

/** Insert group separators into the leading run of digits. */
export function groupDigits(num: string, sep: string, every = 3): string {
  const m = /^(-?)(\d+)(.*)$/s.exec(num);
  if (!m) return num;
  const d = m[2];
  let out = "";
  for (let i = 0; i < d.length; i++) {
    if (i && (d.length - i) % every === 0) out += sep;
    out += d[i];
  }
  return m[1] + out + m[3];
}

export { intStr };
