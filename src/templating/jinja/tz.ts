// IANA time zones from the tz database, as pytz in OnCall (moment-timezone ships the same data). Unknown zone ->
// KeyError('<name>') -> warning. Intl is no substitute: it names most zones "GMT+9" where pytz prints "JST".
import type { MomentZone } from "moment-timezone";
import { KeyError_ } from "./errors";
import { strRepr } from "./python-repr";
import { PyDatetime, Tz, UTC } from "./datetime";

type TzDatabase = typeof import("moment-timezone");
let database: TzDatabase | null = null;

/** Loaded on first use (~170 ms, a few MB): most template workers never convert a zone. */
function findZone(name: string): MomentZone | null {
  database ??= require("moment-timezone") as TzDatabase;
  return database.tz.zone(name);
}

const EPOCH_US = 62_135_596_800_000_000n; // 0001-01-01 -> 1970-01-01
/** pytz reads the 32-bit part of the tz files: after 2038-01-19 the zone keeps its last 2037 offset (no DST). */
const PYTZ_LAST_MS = 2 ** 31 * 1000 - 1;

/** Convert an instant to `zone` (naive values are taken as UTC, the server's local time). */
export function toZone(d: PyDatetime, name: string): PyDatetime {
  if (/^utc$/i.test(name)) return PyDatetime.fromWall(d.utcMicros(), UTC);
  const zone = findZone(name);
  if (!zone) throw KeyError_(strRepr(name));
  const utc = d.utcMicros();
  const ms = Math.min(Number((utc - EPOCH_US) / 1000n), PYTZ_LAST_MS);
  // moment counts minutes west of UTC; pytz rounds every offset to the minute (LMT +9:18:59 -> +9:19).
  const offset = Math.round(-zone.utcOffset(ms)) * 60;
  const tz: Tz = { offset, name: zone.abbr(ms), kind: "zone" };
  return PyDatetime.fromWall(utc + BigInt(offset) * 1_000_000n, tz);
}
