// IANA time zones through Intl (pytz in OnCall). Unknown zone -> KeyError('<name>') -> warning.
import { KeyError_ } from "./errors";
import { strRepr } from "./python-repr";
import { PyDatetime, Tz, UTC } from "./datetime";

const formatters = new Map<string, Intl.DateTimeFormat | null>();

function formatter(zone: string): Intl.DateTimeFormat | null {
  let f = formatters.get(zone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat("en-US", {
        timeZone: zone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric",
        hour: "numeric", minute: "numeric", second: "numeric", timeZoneName: "short", era: "short",
      });
    } catch {
      f = null;
    }
    if (formatters.size < 1000) formatters.set(zone, f);
  }
  return f;
}

const EPOCH_US = 62_135_596_800_000_000n; // 0001-01-01 -> 1970-01-01

/** Convert an instant to `zone` (naive values are taken as UTC, the server's local time). */
export function toZone(d: PyDatetime, zone: string): PyDatetime {
  if (/^utc$/i.test(zone)) return PyDatetime.fromWall(d.utcMicros(), UTC);
  const f = formatter(zone);
  if (!f) throw KeyError_(strRepr(zone));
  const utc = d.utcMicros();
  const ms = Number((utc - EPOCH_US) / 1000n);
  const date = new Date(ms - (ms % 1000 + 1000) % 1000); // whole seconds; micro kept below
  const parts: Record<string, string> = {};
  for (const p of f.formatToParts(date)) parts[p.type] = p.value;
  let year = Number(parts.year);
  if (parts.era === "BC" || parts.era === "B") year = 1 - year;
  const probe = new Date(0); // Date.UTC would map years < 100 to 19xx
  probe.setUTCFullYear(year, Number(parts.month) - 1, Number(parts.day));
  probe.setUTCHours(Number(parts.hour), Number(parts.minute), Number(parts.second), 0);
  const offset = Math.round((probe.getTime() - date.getTime()) / 1000);
  // %Z: the zone abbreviation when Intl knows one, else pytz-style "+0530".
  const abbr = parts.timeZoneName ?? "";
  const tz: Tz = { offset, name: !abbr || /^GMT[+-]/.test(abbr) ? offsetName(offset) : abbr, kind: "zone" };
  return PyDatetime.fromWall(utc + BigInt(offset) * 1_000_000n, tz);
}

function offsetName(offset: number): string {
  const sign = offset < 0 ? "-" : "+";
  const a = Math.abs(offset);
  const h = String(Math.floor(a / 3600)).padStart(2, "0");
  const m = Math.floor((a % 3600) / 60);
  return m ? `${sign}${h}${String(m).padStart(2, "0")}` : `${sign}${h}`;
}
