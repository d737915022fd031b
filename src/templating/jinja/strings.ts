// Python strings count code points; JS strings count UTF-16 units.
const SURROGATE = /[\uD800-\uDFFF]/;

export function hasSurrogates(s: string): boolean {
  return SURROGATE.test(s);
}

export function cpLen(s: string): number {
  if (!hasSurrogates(s)) return s.length;
  let n = 0;
  for (const _ of s) n++;
  return n;
}

export function cpArray(s: string): string[] {
  return hasSurrogates(s) ? Array.from(s) : s.split("");
}

/** Python s[start:end] for already-normalised non-negative bounds. */
export function cpSlice(s: string, start: number, end?: number): string {
  if (!hasSurrogates(s)) return s.slice(start, end);
  return Array.from(s).slice(start, end).join("");
}

/** Code point order (Python str comparison). */
export function cmpStr(a: string, b: string): number {
  if (a === b) return 0;
  if (!hasSurrogates(a) && !hasSurrogates(b)) return a < b ? -1 : 1;
  const x = Array.from(a);
  const y = Array.from(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i].codePointAt(0)! - y[i].codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

const WS = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000";

/** Python str.isspace() per character. */
export function isPySpace(ch: string): boolean {
  return ch.length === 1 && WS.includes(ch);
}

export function pyStrip(s: string, chars: string | null, left: boolean, right: boolean): string {
  const test = chars === null ? isPySpace : (c: string) => chars.includes(c);
  const arr = cpArray(s);
  let i = 0;
  let j = arr.length;
  if (left) while (i < j && test(arr[i])) i++;
  if (right) while (j > i && test(arr[j - 1])) j--;
  return arr.slice(i, j).join("");
}

/** Python str.split(sep=None) semantics (runs of whitespace). */
export function splitWhitespace(s: string, maxsplit: number): string[] {
  const out: string[] = [];
  const arr = cpArray(s);
  let i = 0;
  const n = arr.length;
  while (i < n) {
    while (i < n && isPySpace(arr[i])) i++;
    if (i >= n) break;
    if (maxsplit >= 0 && out.length === maxsplit) {
      let j = n;
      while (j > i && isPySpace(arr[j - 1])) j--;
      out.push(arr.slice(i, j).join(""));
      return out;
    }
    let j = i;
    while (j < n && !isPySpace(arr[j])) j++;
    out.push(arr.slice(i, j).join(""));
    i = j;
  }
  return out;
}

/** Python str.title(). */
export function pyTitle(s: string): string {
  let out = "";
  let prevCased = false;
  for (const ch of s) {
    const cased = ch.toLowerCase() !== ch.toUpperCase();
    out += cased ? (prevCased ? ch.toLowerCase() : ch.toUpperCase()) : ch;
    prevCased = cased;
  }
  return out;
}

/** Python str.capitalize(). */
export function pyCapitalize(s: string): string {
  const arr = cpArray(s);
  if (!arr.length) return "";
  return arr[0].toUpperCase() + arr.slice(1).join("").toLowerCase();
}

/** Python str.islower()/isupper(): at least one cased char and all cased chars in that case. */
export function pyIsCase(s: string, lower: boolean): boolean {
  let cased = false;
  for (const ch of s) {
    const l = ch.toLowerCase();
    const u = ch.toUpperCase();
    if (l === u) continue;
    cased = true;
    if (lower ? ch !== l : ch !== u) return false;
  }
  return cased;
}
