// django.utils.dateparse.parse_datetime: datetime.fromisoformat (Python 3.11+), then
// Django's regex fallback. Returns null when nothing matches; throws ValueError for
// impossible dates (the iso8601_to_time filter turns both into None).
import { ValueError_ } from "./errors";
import { PyDatetime, Tz, UTC, fixedTz } from "./datetime";

const digits = (s: string) => /^\d+$/.test(s);

function separatorAt(s: string): number {
  const n = s.length;
  if (n === 7) return 7;
  if (s[4] === "-") {
    if (s[5] === "W") {
      if (n > 8 && s[8] === "-") {
        if (n === 9) throw ValueError_("Invalid ISO string");
        return n > 10 && /\d/.test(s[10]) ? 8 : 10;
      }
      return 8;
    }
    return 10;
  }
  if (s[4] === "W") {
    let i = 7;
    while (i < n && /\d/.test(s[i])) i++;
    if (i < 9) return i;
    return i % 2 === 0 ? 7 : 8;
  }
  return 8;
}

function isoWeekToDate(y: number, w: number, d: number): [number, number, number] {
  if (w < 1 || w > 53 || d < 1 || d > 7) throw ValueError_("Invalid week");
  const jan4 = new PyDatetime(y, 1, 4);
  const week1Monday = PyDatetime.fromWall(jan4.wallMicros() - BigInt(jan4.weekday()) * 86_400_000_000n, null);
  const t = PyDatetime.fromWall(week1Monday.wallMicros() + BigInt((w - 1) * 7 + d - 1) * 86_400_000_000n, null);
  return [t.year, t.month, t.day];
}

function parseDate(s: string): [number, number, number] {
  if (!digits(s.slice(0, 4))) throw ValueError_("bad year");
  const year = Number(s.slice(0, 4));
  const sep = s[4] === "-";
  let pos = 4 + (sep ? 1 : 0);
  const two = () => {
    const t = s.slice(pos, pos + 2);
    if (t.length !== 2 || !digits(t)) throw ValueError_("bad date");
    pos += 2;
    return Number(t);
  };
  if (s[pos] === "W") {
    pos++;
    const week = two();
    let day = 1;
    if (s.length > pos) {
      if ((s[pos] === "-") !== sep) throw ValueError_("Inconsistent use of dash separator");
      pos += sep ? 1 : 0;
      if (!digits(s.slice(pos, pos + 1))) throw ValueError_("bad day");
      day = Number(s[pos++]);
    }
    if (pos !== s.length) throw ValueError_("bad date");
    return isoWeekToDate(year, week, day);
  }
  const month = two();
  if ((s[pos] === "-") !== sep) throw ValueError_("Inconsistent use of dash separator");
  pos += sep ? 1 : 0;
  const day = two();
  if (pos !== s.length) throw ValueError_("bad date");
  return [year, month, day];
}

function parseHms(s: string): [number, number, number, number] {
  const out: [number, number, number, number] = [0, 0, 0, 0];
  let pos = 0;
  let sep = false;
  for (let comp = 0; comp < 3; comp++) {
    const t = s.slice(pos, pos + 2);
    if (t.length < 2 || !digits(t)) throw ValueError_("Incomplete time component");
    out[comp] = Number(t);
    pos += 2;
    const next = s[pos];
    if (comp === 0) sep = next === ":";
    if (next === undefined || comp >= 2) break;
    if (sep && next !== ":") throw ValueError_("Invalid time separator");
    pos += sep ? 1 : 0;
  }
  if (pos < s.length) {
    if (s[pos] !== "." && s[pos] !== ",") throw ValueError_("Invalid microsecond component");
    const frac = s.slice(pos + 1);
    if (!frac || !digits(frac)) throw ValueError_("bad fraction");
    out[3] = Number(frac.slice(0, 6).padEnd(6, "0"));
  }
  return out;
}

function parseTime(s: string): [number, number, number, number, Tz | null] {
  if (s.length < 2) throw ValueError_("Isoformat time too short");
  const first = (c: string) => s.indexOf(c);
  const tzPos = first("-") >= 0 ? first("-") : first("+") >= 0 ? first("+") : first("Z");
  if (tzPos < 0) return [...parseHms(s), null];
  let timeStr = s.slice(0, tzPos);
  if (timeStr.endsWith(" ")) timeStr = timeStr.slice(0, -1); // CPython tolerates one space
  const hms = parseHms(timeStr);
  if (s[tzPos] === "Z") {
    if (tzPos !== s.length - 1) throw ValueError_("bad tz");
    return [...hms, UTC];
  }
  const tzStr = s.slice(tzPos + 1);
  if ([0, 1, 3].includes(tzStr.length)) throw ValueError_("Malformed time zone string");
  const [h, m, sec, us] = parseHms(tzStr);
  const off = h * 3600 + m * 60 + sec + us / 1e6;
  if (off >= 86400) throw ValueError_("offset must be strictly between -24h and 24h");
  return [...hms, fixedTz(s[tzPos] === "-" ? -off : off)];
}

function fromIsoFormat(s: string): PyDatetime {
  if (s.length < 7 || /[^\x00-\x7f]/.test(s.slice(0, 10))) throw ValueError_("Invalid isoformat string");
  const at = separatorAt(s);
  const [y, mo, d] = parseDate(s.slice(0, at));
  const rest = s.slice(at + 1);
  const [h, mi, sec, us, tz] = rest ? parseTime(rest) : [0, 0, 0, 0, null];
  PyDatetime.check(y, mo, d, h, mi, sec, us);
  return new PyDatetime(y, mo, d, h, mi, sec, us, tz);
}

const DJANGO_RE = /^(\d{4})-(\d{1,2})-(\d{1,2})[T ](\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:[.,](\d{1,6})\d{0,6})?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/;

export function parseDatetime(s: string): PyDatetime | null {
  try {
    return fromIsoFormat(s);
  } catch {
    const m = DJANGO_RE.exec(s);
    if (!m) return null;
    const [, Y, Mo, D, H, Mi, S, F, Z] = m;
    let tz: Tz | null = null;
    if (Z === "Z") tz = UTC;
    else if (Z) {
      const mins = Number(Z.slice(1, 3)) * 60 + (Z.length > 3 ? Number(Z.slice(-2)) : 0);
      tz = fixedTz((Z[0] === "-" ? -mins : mins) * 60);
    }
    const us = F ? Number(F.padEnd(6, "0")) : 0;
    PyDatetime.check(+Y, +Mo, +D, +H, +Mi, S ? +S : 0, us);
    return new PyDatetime(+Y, +Mo, +D, +H, +Mi, S ? +S : 0, us, tz);
  }
}
