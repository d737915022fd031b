// Attributes and methods of datetime objects reachable from templates.
import { bind } from "./call";
import { PyDatetime, PyTimedelta, Tz, UTC, dtCallable, setDatetimeAttr, toOrdinal } from "./datetime";
import { strftime } from "./dtformat";
import { TypeError_ } from "./errors";
import { MISSING, PyObj, PyTuple, isStr, mkFloat, strOf } from "./values";

export class PyTzInfo extends PyObj {
  readonly pyName: string;
  constructor(readonly tz: Tz) {
    super();
    this.pyName = tz.kind === "zone" ? "DstTzInfo" : "timezone";
  }
  get pyModule(): string {
    return tz2module(this.tz);
  }
  pyStr(): string {
    return this.tz.kind === "utc" ? "UTC" : this.tz.kind === "fixed" ? this.tz.name : this.tz.name;
  }
  repr(): string {
    if (this.tz.kind === "utc") return "datetime.timezone.utc";
    return `datetime.timezone(datetime.timedelta(seconds=${this.tz.offset}))`;
  }
}
const tz2module = (tz: Tz) => (tz.kind === "zone" ? "pytz.tzinfo" : "datetime");

class PyDatePart extends PyObj {
  constructor(readonly d: PyDatetime, readonly pyName: "date" | "time") {
    super();
  }
  get pyModule(): string {
    return "datetime";
  }
  get tpName(): string {
    return `datetime.${this.pyName}`;
  }
  pyStr(): string {
    const iso = this.d.isoformat("T");
    return this.pyName === "date" ? iso.slice(0, 10) : iso.slice(11).replace(/[+-]\d\d:\d\d(:\d\d)?$/, "");
  }
  repr(): string {
    return `datetime.${this.pyName}(${this.pyStr()})`;
  }
  getAttr(name: string): unknown {
    const d = this.d;
    const ok = this.pyName === "date" ? ["year", "month", "day"] : ["hour", "minute", "second", "microsecond"];
    if (ok.includes(name)) return name === "microsecond" ? d.micro : (d as unknown as Record<string, number>)[name];
    if (name === "isoformat") return dtCallable(this, name, () => this.pyStr());
    if (name === "strftime") {
      return dtCallable(this, name, (a, k) => {
        const [fmt] = bind({ fname: "strftime", params: ["format"] }, a, k);
        if (!isStr(fmt)) throw TypeError_("strftime() argument 1 must be str");
        return strftime(d, strOf(fmt));
      });
    }
    return MISSING;
  }
}

function method(d: PyDatetime, name: string): unknown {
  const m = (fn: (a: unknown[], k: Map<string, unknown>) => unknown) => dtCallable(d, name, fn);
  switch (name) {
    case "year": return d.year;
    case "month": return d.month;
    case "day": return d.day;
    case "hour": return d.hour;
    case "minute": return d.minute;
    case "second": return d.second;
    case "microsecond": return d.micro;
    case "fold": return 0;
    case "tzinfo": return d.tz ? new PyTzInfo(d.tz) : null;
    case "strftime": return m((a, k) => {
      const [fmt] = bind({ fname: "strftime", params: ["format"] }, a, k);
      if (!isStr(fmt)) throw TypeError_(`strftime() argument 1 must be str, not ${typeof fmt}`);
      return strftime(d, strOf(fmt));
    });
    case "isoformat": return m((a, k) => {
      const [sep] = bind({ fname: "isoformat", params: [["sep", "T"], ["timespec", "auto"]] }, a, k);
      return d.isoformat(isStr(sep) ? strOf(sep) : "T");
    });
    case "timestamp": return m(() => mkFloat(d.epochSeconds()));
    case "weekday": return m(() => d.weekday());
    case "isoweekday": return m(() => d.weekday() + 1);
    case "toordinal": return m(() => toOrdinal(d.year, d.month, d.day));
    case "date": return m(() => new PyDatePart(d, "date"));
    case "time": case "timetz": return m(() => new PyDatePart(d, "time"));
    case "ctime": return m(() => strftime(d, "%a %b %e %H:%M:%S %Y"));
    case "tzname": return m(() => (d.tz ? d.tz.name : null));
    case "utcoffset": return m(() => (d.tz ? PyTimedelta.of(0, d.tz.offset) : null));
    case "dst": return m(() => null);
    case "isocalendar": return m(() => {
      const [y, w, wd] = isoCal(d);
      return new PyTuple([y, w, wd]);
    });
    case "astimezone": return m((a, k) => {
      const [tz] = bind({ fname: "astimezone", params: [["tz", null]] }, a, k);
      const target = tz instanceof PyTzInfo ? tz.tz : tz === null ? UTC : null;
      if (!target) throw TypeError_("tzinfo argument must be None or of a tzinfo subclass");
      return PyDatetime.fromWall(d.utcMicros() + BigInt(target.offset) * 1_000_000n, target);
    });
    case "replace": return m((a, k) => {
      const names = ["year", "month", "day", "hour", "minute", "second", "microsecond", "tzinfo"];
      const cur: unknown[] = [d.year, d.month, d.day, d.hour, d.minute, d.second, d.micro, d.tz ? new PyTzInfo(d.tz) : null];
      const v = bind({ fname: "replace", params: names.map((n, i) => [n, cur[i]] as [string, unknown]) }, a, k);
      for (let i = 0; i < 7; i++) if (typeof v[i] !== "number") throw TypeError_("an integer is required");
      const n = v as number[];
      PyDatetime.check(n[0], n[1], n[2], n[3], n[4], n[5], n[6]);
      const tz = v[7] instanceof PyTzInfo ? v[7].tz : null;
      return new PyDatetime(n[0], n[1], n[2], n[3], n[4], n[5], n[6], tz);
    });
  }
  return MISSING;
}

function isoCal(d: PyDatetime): [number, number, number] {
  const w = strftime(d, "%G %V %u").split(" ").map(Number);
  return [w[0], w[1], w[2]];
}

setDatetimeAttr(method);

