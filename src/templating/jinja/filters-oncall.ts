// OnCall's custom filters (engine/common/jinja_templater/filters.py), same fallbacks:
// on bad input they return None, which prints "None".
import { PyDatetime, PyTimedelta } from "./datetime";
import { strftime, strptime } from "./dtformat";
import { parseDatetime } from "./dtparse";
import { OverflowError_, PyException, TypeError_ } from "./errors";
import { filter } from "./filters-util";
import { dumps, loads } from "./json";
import { pyMatch, pySub } from "./pyregex";
import type { FilterDef } from "./runtime";
import { toZone } from "./tz";
import { failUndefined } from "./undefined";
import { PyFloat, Undefined, isInt, isStr, strOf, toF } from "./values";

const DEFAULT_FMT = "%H:%M / %d-%m-%Y";

/** Run `f`; Python exceptions of the listed types become None (the filters' except clauses). */
function orNone(types: string[], f: () => unknown): unknown {
  try {
    return f();
  } catch (e) {
    if (e instanceof PyException && types.includes(e.pyType)) return null;
    throw e;
  }
}
const VAT = ["ValueError", "AttributeError", "TypeError"];

function needStr(v: unknown, what: string): string {
  if (!isStr(v)) throw TypeError_(`${what} must be str`);
  return strOf(v);
}

function b64decode(v: unknown): string | null {
  if (!isStr(v)) return null;
  const s = strOf(v);
  if (/[^\x00-\x7f]/.test(s)) return null; // "string argument should contain only ASCII characters"
  const T = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const bytes: number[] = [];
  let quad = 0;
  let left = 0;
  let pads = 0;
  let done = false;
  for (const c of s) {
    if (c === "=") {
      if (quad >= 2 && quad + ++pads >= 4) {
        done = true;
        break;
      }
      continue;
    }
    const v6 = T.indexOf(c);
    if (v6 < 0) continue; // binascii (non-strict) discards characters outside the alphabet
    pads = 0;
    if (quad === 0) left = v6;
    else if (quad === 1) {
      bytes.push(((left << 2) | (v6 >> 4)) & 0xff);
      left = v6 & 0xf;
    } else if (quad === 2) {
      bytes.push(((left << 4) | (v6 >> 2)) & 0xff);
      left = v6 & 0x3;
    } else bytes.push(((left << 6) | v6) & 0xff);
    quad = (quad + 1) % 4;
  }
  if (!done && quad !== 0) return null; // incorrect padding
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(new Uint8Array(bytes));
  } catch {
    return null;
  }
}

function timestampToDatetime(v: unknown): unknown {
  if (!(typeof v === "boolean" || isInt(v) || typeof v === "number" || v instanceof PyFloat)) return null;
  const t = toF(v);
  if (Number.isNaN(t)) return null;
  if (!Number.isFinite(t) || Math.abs(t) > 1e17) throw OverflowError_("timestamp out of range for platform time_t");
  const us = BigInt(Math.round(t * 1e6)) + 62_135_596_800_000_000n;
  // CPython probes the local offset a day earlier, so the first day of year 1 is "year 0".
  if (us < 86_400_000_000n || us >= 315_537_897_600_000_000n) return null; // ValueError -> None
  return PyDatetime.fromWall(us, null);
}

const DURATION = /^([-+]?)(\d+)([smhdwMQy])$/;

export const ONCALL_FILTERS: [string, FilterDef][] = [
  filter("datetimeformat", "datetimeformat", ["value", ["format", DEFAULT_FMT]], (_r, [v, f]) => {
    if (v instanceof Undefined) failUndefined(v);
    if (!(v instanceof PyDatetime)) return null; // AttributeError -> None
    return strftime(v, needStr(f, "strftime() argument 1"));
  }),
  filter("datetimeformat_as_timezone", "datetimeformat_as_timezone", ["value", ["format", DEFAULT_FMT], ["tz", "UTC"]],
    (_r, [v, f, tz]) => {
      if (v instanceof Undefined) failUndefined(v);
      if (!(v instanceof PyDatetime)) return null;
      if (!isStr(tz)) return null;
      return orNone(VAT, () => strftime(toZone(v, strOf(tz)), needStr(f, "strftime() argument 1")));
    }),
  filter("datetimeparse", "datetimeparse", ["value", ["format", DEFAULT_FMT]], (_r, [v, f]) =>
    orNone(VAT, () => strptime(needStr(v, "strptime() argument 1"), needStr(f, "strptime() argument 2")))),
  filter("iso8601_to_time", "iso8601_to_time", ["value"], (_r, [v]) =>
    orNone(VAT, () => parseDatetime(needStr(v, "fromisoformat: argument")))),
  filter("timedeltaparse", "timedeltaparse", ["value"], (_r, [v]) => {
    if (!isStr(v)) return null;
    const m = DURATION.exec(strOf(v));
    if (!m) return null;
    const n = (m[1] === "-" ? -1 : 1) * Number(m[2]);
    const secs = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 }[m[3] as "s"];
    return secs === undefined ? null : orNone(["OverflowError"], () => PyTimedelta.of(0, n * secs));
  }),
  filter("timestamp_to_datetime", "timestamp_to_datetime", ["value"], (_r, [v]) => timestampToDatetime(v)),
  filter("tojson_pretty", "to_pretty_json", ["value"], (_r, [v]) =>
    orNone(VAT, () => dumps(v, { sortKeys: true, indent: "    ", itemSep: ",", keySep: ": ", ensureAscii: false }))),
  filter("json_dumps", "json_dumps", ["value"], (_r, [v]) => orNone(VAT, () => dumps(v))),
  filter("regex_replace", "regex_replace", ["value", "find", "replace"], (_r, [v, f, r]) => {
    if (!isStr(v) || !isStr(f) || !isStr(r)) return null;
    return pySub(strOf(f), strOf(r), strOf(v));
  }),
  filter("regex_match", "regex_match", ["pattern", "value"], (_r, [v, p]) => {
    if (!isStr(v) || !isStr(p)) return null;
    return pyMatch(strOf(p), strOf(v), true);
  }),
  filter("regex_search", "regex_search", ["pattern", "value"], (_r, [v, p]) => {
    if (!isStr(v) || !isStr(p)) return null;
    return pyMatch(strOf(p), strOf(v), false);
  }),
  filter("b64decode", "b64decode", ["value"], (_r, [v]) => b64decode(v)),
  filter("parse_json", "parse_json", ["value"], (_r, [v]) => (isStr(v) ? orNone(["ValueError"], () => loads(strOf(v))) : null)),
];
