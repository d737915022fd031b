// datetime.datetime / datetime.timedelta with Python semantics (microsecond precision).
import { OverflowError_, TypeError_, ValueError_, ZeroDivisionError_ } from "./errors";
import { floatRepr } from "./python-repr";
import { Kwargs, MISSING, NOT_IMPL, PyCallable, PyObj, isInt, isNumber, mkFloat, normInt, toF } from "./values";

const US_PER_DAY = 86_400_000_000n;
const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function isLeap(y: number): boolean {
  return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
}
export function daysInMonth(y: number, m: number): number {
  return m === 2 && isLeap(y) ? 29 : DAYS_IN_MONTH[m];
}
function daysBeforeYear(y: number): number {
  const n = y - 1;
  return n * 365 + Math.floor(n / 4) - Math.floor(n / 100) + Math.floor(n / 400);
}
function daysBeforeMonth(y: number, m: number): number {
  let d = 0;
  for (let i = 1; i < m; i++) d += daysInMonth(y, i);
  return d;
}
/** Proleptic Gregorian ordinal, 0001-01-01 is day 1 (date.toordinal). */
export function toOrdinal(y: number, m: number, d: number): number {
  return daysBeforeYear(y) + daysBeforeMonth(y, m) + d;
}
export function fromOrdinal(n: number): [number, number, number] {
  let y = Math.floor((n - 1) / 365.2425) + 1;
  while (daysBeforeYear(y) >= n) y--;
  while (daysBeforeYear(y + 1) < n) y++;
  let rest = n - daysBeforeYear(y);
  let m = 1;
  while (rest > daysInMonth(y, m)) rest -= daysInMonth(y, m++);
  return [y, m, rest];
}

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

function callable(owner: PyObj, name: string, fn: (args: unknown[], kw: Kwargs) => unknown): PyCallable {
  return new PyCallable("builtin_function_or_method", `<built-in method ${name} of ${owner.tpName} object at 0x7f3a5c1e2d40>`, fn);
}

export class PyTimedelta extends PyObj {
  readonly pyName = "timedelta";
  readonly days: number;
  readonly seconds: number;
  readonly micro: number;
  constructor(readonly total: bigint) {
    super();
    let days = total / US_PER_DAY;
    let rest = total % US_PER_DAY;
    if (rest < 0n) {
      rest += US_PER_DAY;
      days -= 1n;
    }
    if (days > 999_999_999n || days < -999_999_999n) {
      throw OverflowError_(`days=${days}; must have magnitude <= 999999999`);
    }
    this.days = Number(days);
    this.seconds = Number(rest / 1_000_000n);
    this.micro = Number(rest % 1_000_000n);
  }
  static of(days: number, seconds = 0, micro = 0): PyTimedelta {
    return new PyTimedelta(BigInt(days) * US_PER_DAY + BigInt(seconds) * 1_000_000n + BigInt(micro));
  }
  get pyModule(): string {
    return "datetime";
  }
  get tpName(): string {
    return "datetime.timedelta";
  }
  pyStr(): string {
    const h = Math.floor(this.seconds / 3600);
    const m = Math.floor((this.seconds % 3600) / 60);
    const s = this.seconds % 60;
    let out = `${h}:${pad(m)}:${pad(s)}`;
    if (this.micro) out += `.${pad(this.micro, 6)}`;
    if (this.days) out = `${this.days} day${Math.abs(this.days) !== 1 ? "s" : ""}, ${out}`;
    return out;
  }
  repr(): string {
    const parts: string[] = [];
    if (this.days) parts.push(`days=${this.days}`);
    if (this.seconds) parts.push(`seconds=${this.seconds}`);
    if (this.micro) parts.push(`microseconds=${this.micro}`);
    return `datetime.timedelta(${parts.join(", ") || "0"})`;
  }
  getAttr(name: string): unknown {
    switch (name) {
      case "days": return this.days;
      case "seconds": return this.seconds;
      case "microseconds": return this.micro;
      case "total_seconds": return callable(this, name, () => mkFloat(Number(this.total) / 1e6));
    }
    return MISSING;
  }
  truthy(): boolean {
    return this.total !== 0n;
  }
  eq(o: unknown): boolean {
    return o instanceof PyTimedelta && o.total === this.total;
  }
  cmp(o: unknown): number | typeof NOT_IMPL {
    if (!(o instanceof PyTimedelta)) return NOT_IMPL;
    return this.total < o.total ? -1 : this.total > o.total ? 1 : 0;
  }
  binop(op: string, o: unknown, reflected: boolean): unknown {
    if (op === "neg") return new PyTimedelta(-this.total);
    if (op === "pos") return this;
    if (o instanceof PyTimedelta) {
      const [a, b] = reflected ? [o.total, this.total] : [this.total, o.total];
      if (op === "+") return new PyTimedelta(a + b);
      if (op === "-") return new PyTimedelta(a - b);
      if (op === "/") {
        if (b === 0n) throw ZeroDivisionError_("division by zero");
        return mkFloat(Number(a) / Number(b));
      }
      if (op === "//" || op === "%") {
        if (b === 0n) throw ZeroDivisionError_("integer division or modulo by zero");
        let q = a / b;
        if (a % b !== 0n && (a < 0n) !== (b < 0n)) q -= 1n;
        return op === "//" ? normInt(q) : new PyTimedelta(a - q * b);
      }
      return NOT_IMPL;
    }
    if (isNumber(o) && typeof o !== "boolean") {
      if (op === "*") {
        if (isInt(o)) return new PyTimedelta(this.total * BigInt(o));
        return new PyTimedelta(BigInt(Math.round(Number(this.total) * toF(o))));
      }
      if (!reflected && (op === "/" || op === "//")) {
        if (toF(o) === 0) throw ZeroDivisionError_("division by zero");
        if (isInt(o) && op === "//") {
          const b = BigInt(o);
          let q = this.total / b;
          if (this.total % b !== 0n && (this.total < 0n) !== (b < 0n)) q -= 1n;
          return new PyTimedelta(q);
        }
        return new PyTimedelta(BigInt(Math.round(Number(this.total) / toF(o))));
      }
    }
    return NOT_IMPL;
  }
}

export interface Tz {
  offset: number; // seconds east of UTC
  name: string; // tzname(), e.g. "UTC", "UTC+02:00", "CEST"
  kind: "utc" | "fixed" | "zone";
}

export const UTC: Tz = { offset: 0, name: "UTC", kind: "utc" };

export function fixedTz(offset: number): Tz {
  if (offset === 0) return UTC;
  return { offset, name: "UTC" + formatOffset(offset, ":"), kind: "fixed" };
}

export function formatOffset(off: number, sep: string): string {
  const sign = off < 0 ? "-" : "+";
  const a = Math.abs(off);
  let s = `${sign}${pad(Math.floor(a / 3600))}${sep}${pad(Math.floor((a % 3600) / 60))}`;
  if (a % 60) s += `${sep}${pad(a % 60)}`;
  return s;
}

/** A datetime: wall-clock fields plus an optional tz (naive when null). */
export class PyDatetime extends PyObj {
  readonly pyName = "datetime";
  constructor(
    readonly year: number, readonly month: number, readonly day: number,
    readonly hour = 0, readonly minute = 0, readonly second = 0, readonly micro = 0,
    readonly tz: Tz | null = null,
  ) {
    super();
  }
  static check(y: number, mo: number, d: number, h: number, mi: number, s: number, us: number): void {
    if (y < 1 || y > 9999) throw ValueError_(`year ${y} is out of range`);
    if (mo < 1 || mo > 12) throw ValueError_("month must be in 1..12");
    if (d < 1 || d > daysInMonth(y, mo)) throw ValueError_("day is out of range for month");
    if (h < 0 || h > 23) throw ValueError_("hour must be in 0..23");
    if (mi < 0 || mi > 59) throw ValueError_("minute must be in 0..59");
    if (s < 0 || s > 59) throw ValueError_("second must be in 0..59");
    if (us < 0 || us > 999999) throw ValueError_("microsecond must be in 0..999999");
  }
  get pyModule(): string {
    return "datetime";
  }
  get tpName(): string {
    return "datetime.datetime";
  }
  /** Microseconds since 0001-01-01 00:00 of the wall clock. */
  wallMicros(): bigint {
    const days = BigInt(toOrdinal(this.year, this.month, this.day) - 1);
    const secs = BigInt(this.hour * 3600 + this.minute * 60 + this.second);
    return days * US_PER_DAY + secs * 1_000_000n + BigInt(this.micro);
  }
  utcMicros(): bigint {
    return this.wallMicros() - BigInt(this.tz?.offset ?? 0) * 1_000_000n;
  }
  static fromWall(us: bigint, tz: Tz | null): PyDatetime {
    let days = us / US_PER_DAY;
    let rest = us % US_PER_DAY;
    if (rest < 0n) {
      rest += US_PER_DAY;
      days -= 1n;
    }
    const ord = Number(days) + 1;
    if (ord < 1 || ord > 3652059) throw OverflowError_("date value out of range");
    const [y, m, d] = fromOrdinal(ord);
    const secs = Number(rest / 1_000_000n);
    return new PyDatetime(y, m, d, Math.floor(secs / 3600), Math.floor((secs % 3600) / 60), secs % 60,
      Number(rest % 1_000_000n), tz);
  }
  /** Seconds since the Unix epoch (naive = local time = UTC). */
  epochSeconds(): number {
    return Number(this.utcMicros() - 62_135_596_800_000_000n) / 1e6;
  }
  weekday(): number {
    return (toOrdinal(this.year, this.month, this.day) + 6) % 7; // Monday = 0
  }
  isoformat(sep = "T"): string {
    let s = `${pad(this.year, 4)}-${pad(this.month)}-${pad(this.day)}${sep}${pad(this.hour)}:${pad(this.minute)}:${pad(this.second)}`;
    if (this.micro) s += `.${pad(this.micro, 6)}`;
    if (this.tz) s += formatOffset(this.tz.offset, ":");
    return s;
  }
  pyStr(): string {
    return this.isoformat(" ");
  }
  repr(): string {
    const f = [this.year, this.month, this.day, this.hour, this.minute];
    if (this.second || this.micro) f.push(this.second);
    if (this.micro) f.push(this.micro);
    const tz = this.tz ? `, tzinfo=${this.tz.kind === "utc" ? "datetime.timezone.utc" : `<${this.tz.name}>`}` : "";
    return `datetime.datetime(${f.join(", ")}${tz})`;
  }
  eq(o: unknown): boolean {
    if (!(o instanceof PyDatetime) || !this.tz !== !o.tz) return false;
    return this.utcMicros() === o.utcMicros();
  }
  cmp(o: unknown): number | typeof NOT_IMPL {
    if (!(o instanceof PyDatetime)) return NOT_IMPL;
    if (!this.tz !== !o.tz) throw TypeError_("can't compare offset-naive and offset-aware datetimes");
    const a = this.utcMicros();
    const b = o.utcMicros();
    return a < b ? -1 : a > b ? 1 : 0;
  }
  binop(op: string, o: unknown, reflected: boolean): unknown {
    if (o instanceof PyTimedelta && (op === "+" || (op === "-" && !reflected))) {
      const delta = op === "+" ? o.total : -o.total;
      return PyDatetime.fromWall(this.wallMicros() + delta, this.tz);
    }
    if (op === "-" && o instanceof PyDatetime && !reflected) {
      if (!this.tz !== !o.tz) throw TypeError_("can't subtract offset-naive and offset-aware datetimes");
      return new PyTimedelta(this.utcMicros() - o.utcMicros());
    }
    return NOT_IMPL;
  }
  getAttr(name: string): unknown {
    return datetimeAttr(this, name);
  }
}

// Attribute table kept separate so datetime-methods can grow without bloating the class.
let datetimeAttr: (d: PyDatetime, name: string) => unknown = () => MISSING;
export function setDatetimeAttr(f: (d: PyDatetime, name: string) => unknown): void {
  datetimeAttr = f;
}

export { callable as dtCallable, floatRepr };
