// strftime (glibc flavour, as Python on Linux) and strptime (port of CPython's _strptime).
import { ValueError_ } from "./errors";
import { PyDatetime, daysInMonth, fixedTz, formatOffset, isLeap, toOrdinal } from "./datetime";

const DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
  "October", "November", "December"];

function isoWeek(d: PyDatetime): [number, number, number] {
  const ord = toOrdinal(d.year, d.month, d.day);
  const wd = d.weekday();
  const week1Monday = (y: number) => {
    const first = toOrdinal(y, 1, 1);
    const fwd = (first + 6) % 7;
    return fwd > 3 ? first - fwd + 7 : first - fwd;
  };
  let y = d.year;
  let start = week1Monday(y);
  if (ord < start) start = week1Monday(--y);
  else if (ord >= week1Monday(y + 1)) start = week1Monday(++y);
  return [y, Math.floor((ord - start) / 7) + 1, wd + 1];
}

function directive(d: PyDatetime, c: string): string | null {
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  const yday = toOrdinal(d.year, d.month, d.day) - toOrdinal(d.year, 1, 1) + 1;
  const wd = d.weekday();
  const h12 = d.hour % 12 || 12;
  switch (c) {
    case "a": return DAYS[wd].slice(0, 3);
    case "A": return DAYS[wd];
    case "b": case "h": return MONTHS[d.month - 1].slice(0, 3);
    case "B": return MONTHS[d.month - 1];
    case "c": return `${DAYS[wd].slice(0, 3)} ${MONTHS[d.month - 1].slice(0, 3)} ${String(d.day).padStart(2, " ")} ${p(d.hour)}:${p(d.minute)}:${p(d.second)} ${d.year}`;
    case "C": return d.year >= 1000 ? p(Math.floor(d.year / 100)) : String(Math.floor(d.year / 100));
    case "d": return p(d.day);
    case "D": return `${p(d.month)}/${p(d.day)}/${p(d.year % 100)}`;
    case "e": return String(d.day).padStart(2, " ");
    case "f": return p(d.micro, 6);
    case "F": return `${d.year}-${p(d.month)}-${p(d.day)}`;
    case "G": return String(isoWeek(d)[0]);
    case "g": return p(isoWeek(d)[0] % 100);
    case "H": return p(d.hour);
    case "I": return p(h12);
    case "j": return p(yday, 3);
    case "k": return String(d.hour).padStart(2, " ");
    case "l": return String(h12).padStart(2, " ");
    case "m": return p(d.month);
    case "M": return p(d.minute);
    case "n": return "\n";
    case "p": return d.hour < 12 ? "AM" : "PM";
    case "P": return d.hour < 12 ? "am" : "pm";
    case "r": return `${p(h12)}:${p(d.minute)}:${p(d.second)} ${d.hour < 12 ? "AM" : "PM"}`;
    case "R": return `${p(d.hour)}:${p(d.minute)}`;
    case "s": return String(Math.floor(Number(d.wallMicros() - 62_135_596_800_000_000n) / 1e6)); // mktime of the wall clock (local = UTC)
    case "S": return p(d.second);
    case "t": return "\t";
    case "T": case "X": return `${p(d.hour)}:${p(d.minute)}:${p(d.second)}`;
    case "u": return String(wd + 1);
    case "U": return p(Math.floor((yday + 6 - ((wd + 1) % 7)) / 7));
    case "V": return p(isoWeek(d)[1]);
    case "w": return String((wd + 1) % 7);
    case "W": return p(Math.floor((yday + 6 - wd) / 7));
    case "x": return `${p(d.month)}/${p(d.day)}/${p(d.year % 100)}`;
    case "y": return p(d.year % 100);
    case "Y": return String(d.year);
    case "z": return d.tz ? formatOffset(d.tz.offset, "") : "";
    case "Z": return d.tz ? d.tz.name : "";
    case "%": return "%";
  }
  return null;
}

export function strftime(d: PyDatetime, fmt: string): string {
  return fmt.replace(/%([-_0^#]?)([a-zA-Z%])/g, (all, flag: string, c: string) => {
    let v = directive(d, c);
    if (v === null) return all;
    if (flag === "-") v = v.replace(/^[0 ]+(?=.)/, "");
    else if (flag === "_") v = v.replace(/^0+(?=.)/, (z) => " ".repeat(z.length));
    else if (flag === "^") v = v.toUpperCase();
    return v;
  });
}

const PARTS: Record<string, string> = {
  d: "(?<d>3[01]|[12]\\d|0[1-9]|[1-9]| [1-9])",
  f: "(?<f>[0-9]{1,6})",
  H: "(?<H>2[0-3]|[0-1]\\d|\\d)",
  I: "(?<I>1[0-2]|0[1-9]|[1-9])",
  j: "(?<j>36[0-6]|3[0-5]\\d|[12]\\d\\d|0[1-9]\\d|00[1-9]|[1-9]\\d|0[1-9]|[1-9])",
  m: "(?<m>1[0-2]|0[1-9]|[1-9])",
  M: "(?<M>[0-5]\\d|\\d)",
  S: "(?<S>6[0-1]|[0-5]\\d|\\d)",
  U: "(?<U>5[0-3]|[0-4]\\d|\\d)",
  W: "(?<W>5[0-3]|[0-4]\\d|\\d)",
  w: "(?<w>[0-6])",
  u: "(?<u>[1-7])",
  y: "(?<y>\\d\\d)",
  Y: "(?<Y>\\d\\d\\d\\d)",
  z: "(?<z>[+-]\\d\\d:?[0-5]\\d(?::?[0-5]\\d(?:\\.\\d{1,6})?)?|Z|z)",
  A: `(?<A>${DAYS.join("|")})`,
  a: `(?<a>${DAYS.map((x) => x.slice(0, 3)).join("|")})`,
  B: `(?<B>${MONTHS.join("|")})`,
  b: `(?<b>${MONTHS.map((x) => x.slice(0, 3)).join("|")})`,
  p: "(?<p>am|pm)",
  Z: "(?<Z>utc|gmt)",
  "%": "%",
};
const COMPOSITE: Record<string, string> = { c: "%a %b %d %H:%M:%S %Y", x: "%m/%d/%y", X: "%H:%M:%S", T: "%H:%M:%S", D: "%m/%d/%y", R: "%H:%M", F: "%Y-%m-%d" };

const cache = new Map<string, RegExp>();

function compileFormat(fmt: string): RegExp {
  let re = cache.get(fmt);
  if (re) return re;
  const expand = (f: string): string => f.replace(/%([cxXTDRF])/g, (_, c: string) => COMPOSITE[c]);
  let src = "";
  const f = expand(fmt);
  const seen = new Set<string>();
  for (let i = 0; i < f.length; i++) {
    const ch = f[i];
    if (ch === "%") {
      const c = f[++i];
      if (c === undefined) throw ValueError_("stray % in format '" + fmt + "'");
      const part = PARTS[c];
      if (!part) throw ValueError_(`'${c}' is a bad directive in format '${fmt}'`);
      // a repeated directive must match the same text (CPython uses a back-reference)
      src += seen.has(c) && c !== "%" ? `\\k<${c}>` : part;
      seen.add(c);
    } else if (/\s/.test(ch)) {
      src += "\\s+";
      while (i + 1 < f.length && /\s/.test(f[i + 1])) i++;
    } else src += ch.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  }
  re = new RegExp(`^(?:${src})`, "i");
  if (cache.size < 500) cache.set(fmt, re);
  return re;
}

/** datetime.strptime; raises ValueError like CPython on mismatch. */
export function strptime(s: string, fmt: string): PyDatetime {
  const m = compileFormat(fmt).exec(s);
  if (!m) throw ValueError_(`time data '${s}' does not match format '${fmt}'`);
  if (m[0].length !== s.length) throw ValueError_(`unconverted data remains: ${s.slice(m[0].length)}`);
  const g = m.groups ?? {};
  let year = 1900;
  let month = 1;
  let day = 1;
  let hour = 0;
  if (g.Y) year = Number(g.Y);
  else if (g.y) year = Number(g.y) + (Number(g.y) <= 68 ? 2000 : 1900);
  if (g.m) month = Number(g.m);
  else if (g.B) month = MONTHS.findIndex((x) => x.toLowerCase() === g.B.toLowerCase()) + 1;
  else if (g.b) month = MONTHS.findIndex((x) => x.slice(0, 3).toLowerCase() === g.b.toLowerCase()) + 1;
  if (g.d) day = Number(g.d.trim());
  if (g.H) hour = Number(g.H);
  else if (g.I) {
    hour = Number(g.I) % 12;
    if (g.p && g.p.toLowerCase() === "pm") hour += 12;
  }
  const minute = g.M ? Number(g.M) : 0;
  let second = g.S ? Number(g.S) : 0;
  if (second === 61) throw ValueError_("second must be in 0..59");
  if (second === 60) second = 59;
  const micro = g.f ? Number(g.f.padEnd(6, "0")) : 0;
  if (g.j && !g.m && !g.d) {
    const yday = Number(g.j);
    if (yday > (isLeap(year) ? 366 : 365)) throw ValueError_("day is out of range for month");
    let rest = yday;
    month = 1;
    while (rest > daysInMonth(year, month)) rest -= daysInMonth(year, month++);
    day = rest;
  }
  let tz = null;
  if (g.z) {
    if (g.z === "Z" || g.z === "z") tz = fixedTz(0);
    else {
      const z = g.z.replace(/:/g, "");
      const sign = z[0] === "-" ? -1 : 1;
      const off = Number(z.slice(1, 3)) * 3600 + Number(z.slice(3, 5)) * 60 + Number(z.slice(5, 7) || 0);
      tz = fixedTz(sign * off);
    }
  }
  PyDatetime.check(year, month, day, hour, minute, second, micro);
  return new PyDatetime(year, month, day, hour, minute, second, micro, tz);
}
