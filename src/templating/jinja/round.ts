// Python round() (banker's rounding on the exact binary value) for the |round filter.
import { TemplateRuntimeError, TypeError_ } from "./errors";
import { roundHalfEven } from "./numfmt";
import { tpName } from "./ops";
import { failUndefined } from "./undefined";
import { Undefined, isFloat, isInt, mkFloat, normInt, toBig, toF } from "./values";

export function convertRound(v: unknown, precision: unknown, method: unknown): unknown {
  if (method !== "common" && method !== "ceil" && method !== "floor") {
    throw TemplateRuntimeError("method must be common, ceil or floor");
  }
  if (v instanceof Undefined) failUndefined(v);
  if (!(typeof precision === "boolean" || isInt(precision))) {
    throw TypeError_(`'${tpName(precision)}' object cannot be interpreted as an integer`);
  }
  const p = Number(toBig(precision));
  const numeric = typeof v === "boolean" || isInt(v) || isFloat(v);
  if (method === "common") {
    if (!numeric) throw TypeError_(`type ${tpName(v)} doesn't define __round__ method`);
    if (typeof v === "boolean" || isInt(v)) {
      if (p >= 0) return typeof v === "boolean" ? Number(v) : v;
      const m = 10n ** BigInt(-p);
      const b = toBig(v);
      let q = b / m;
      let r = b % m;
      if (r < 0n) {
        r += m;
        q -= 1n;
      }
      if (r * 2n > m || (r * 2n === m && q % 2n !== 0n)) q += 1n;
      return normInt(q * m);
    }
    return mkFloat(roundHalfEven(toF(v), p));
  }
  if (!numeric) throw TypeError_(`unsupported operand type(s) for *: '${tpName(v)}' and 'int'`);
  const scale = 10 ** p;
  const f = method === "ceil" ? Math.ceil(toF(v) * scale) : Math.floor(toF(v) * scale);
  return mkFloat(f / scale);
}

