// Python `regex`/`re` pattern and replacement syntax translated to JS RegExp (u-mode).
import { RegexError } from "./errors";

const cache = new Map<string, RegExp>();
const SYNTAX = "^$\\.*+?()[]{}|/";

function translate(src: string): { source: string; flags: string } {
  let flags = "";
  // Python's `regex` (V0) applies inline flags like (?i) to the whole pattern.
  const body = src.replace(/\(\?([aiLmsux]+)\)/g, (_, f: string) => {
    flags += f;
    return "";
  });
  const verbose = flags.includes("x");
  const dotAll = flags.includes("s");
  const multi = flags.includes("m");
  let out = "";
  let inClass = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === "\\") {
      const n = body[++i];
      if (n === undefined) throw RegexError(`bad escape (end of pattern) at position ${i - 1}`);
      if (/[0-9]/.test(n)) {
        const m = /^\d{1,2}/.exec(body.slice(i))![0];
        out += "\\" + m;
        i += m.length - 1;
      } else if (n === "A") out += inClass ? "A" : "(?<![\\s\\S])";
      else if (n === "Z") out += inClass ? "Z" : "(?![\\s\\S])";
      else if (n === "d") out += "\\p{Nd}";
      else if (n === "D") out += inClass ? "\\D" : "\\P{Nd}";
      else if (n === "w") out += inClass ? "\\p{L}\\p{N}_" : "[\\p{L}\\p{N}_]";
      else if (n === "W") out += inClass ? "\\W" : "[^\\p{L}\\p{N}_]";
      else if (n === "U") {
        const h = body.slice(i + 1, i + 9);
        if (!/^[0-9a-fA-F]{8}$/.test(h)) throw RegexError(`incomplete escape \\U at position ${i - 1}`);
        out += `\\u{${h}}`;
        i += 8;
      } else if ((n === "p" || n === "P") && body[i + 1] === "{") {
        const end = body.indexOf("}", i);
        out += "\\" + n + body.slice(i + 1, end + 1); // `regex` Unicode properties; JS u-mode knows most
        i = end;
      } else if ("sSbBntrfvxu".includes(n)) out += "\\" + n;
      else if (/[a-zA-Z]/.test(n)) throw RegexError(`bad escape \\${n} at position ${i - 1}`);
      else if (SYNTAX.includes(n) || (inClass && n === "-")) out += "\\" + n;
      else out += n;
      continue;
    }
    if (inClass) {
      if (c === "]") inClass = false;
      out += c === "[" ? "\\[" : c;
      continue;
    }
    if (verbose && /\s/.test(c)) continue;
    if (verbose && c === "#") {
      while (i < body.length && body[i] !== "\n") i++;
      continue;
    }
    if (c === "[") {
      inClass = true;
      out += "[";
      if (body[i + 1] === "^") {
        out += "^";
        i++;
      }
      if (body[i + 1] === "]") {
        out += "\\]"; // a leading ] is literal in Python
        i++;
      }
      continue;
    }
    if (c === "(" && body.startsWith("(?P<", i)) {
      out += "(?<";
      i += 3;
    } else if (c === "(" && body.startsWith("(?P=", i)) {
      const end = body.indexOf(")", i);
      if (end < 0) throw RegexError(`missing ), unterminated name at position ${i + 4}`);
      out += `\\k<${body.slice(i + 4, end)}>`;
      i = end;
    } else if (c === "(" && body.startsWith("(?#", i)) {
      const end = body.indexOf(")", i);
      i = end < 0 ? body.length : end;
    } else if (c === "{") {
      const q = /^\{(\d*)(,?)(\d*)\}/.exec(body.slice(i));
      if (q && (q[1] || q[3])) {
        out += `{${q[1] || "0"}${q[2]}${q[3]}}`;
        i += q[0].length - 1;
      } else out += "\\{";
    } else if (c === "}" || c === "]") out += "\\" + c;
    else if (c === ".") out += dotAll ? "[\\s\\S]" : "[^\\n]";
    else if (c === "$") out += multi ? "$" : "(?=\\n?(?![\\s\\S]))";
    else out += c;
  }
  if (inClass) throw RegexError(`unterminated character set at position ${body.lastIndexOf("[")}`);
  return { source: out, flags: (flags.includes("i") ? "i" : "") + (multi ? "m" : "") + "u" };
}

/** Compile a Python pattern; errors become regex.error (Template Error). */
export function pyRegex(pattern: string, extraFlags = ""): RegExp {
  const key = extraFlags + "\u0000" + pattern;
  let re = cache.get(key);
  if (re) return re;
  const { source, flags } = translate(pattern);
  try {
    re = new RegExp(source, flags + extraFlags);
  } catch (e) {
    const msg = (e as Error).message;
    if (/Unterminated group|Unmatched '\('/i.test(msg)) throw RegexError(`missing ) at position ${pattern.length}`);
    if (/Unmatched '\)'/i.test(msg)) throw RegexError(`unbalanced parenthesis at position ${pattern.indexOf(")")}`);
    if (/Nothing to repeat/i.test(msg)) throw RegexError("nothing to repeat at position 0");
    throw RegexError(msg.replace(/^Invalid regular expression: /, ""));
  }
  if (cache.size < 500) cache.set(key, re);
  return re;
}

type Part = string | number | { name: string };

/** Parse a Python replacement template (\1, \g<1>, \g<name>, escapes). */
export function parseReplacement(tpl: string, re: RegExp): Part[] {
  const parts: Part[] = [];
  let lit = "";
  const groups = (new RegExp(re.source + "|", re.flags).exec("")?.length ?? 1) - 1;
  const ESC: Record<string, string> = { n: "\n", t: "\t", r: "\r", f: "\f", v: "\v", a: "\x07", b: "\b", "\\": "\\" };
  for (let i = 0; i < tpl.length; i++) {
    const c = tpl[i];
    if (c !== "\\") {
      lit += c;
      continue;
    }
    const n = tpl[++i];
    let ref: Part | null = null;
    if (n === undefined) throw RegexError(`bad escape (end of pattern) at position ${i - 1}`);
    if (n === "g") {
      const m = /^<([^>]*)>/.exec(tpl.slice(i + 1));
      if (!m) throw RegexError(`missing < at position ${i + 1}`);
      ref = /^\d+$/.test(m[1]) ? Number(m[1]) : { name: m[1] };
      i += m[0].length;
    } else if (/[1-9]/.test(n)) {
      const m = /^\d{1,2}/.exec(tpl.slice(i))![0];
      ref = Number(m);
      i += m.length - 1;
    } else if (n === "0") lit += "\0";
    else if (n in ESC) lit += ESC[n];
    else if (/[a-zA-Z]/.test(n)) throw RegexError(`bad escape \\${n} at position ${i - 1}`);
    else lit += "\\" + n;
    if (ref !== null) {
      if (typeof ref === "number" && ref > groups) throw RegexError(`invalid group reference ${ref} at position ${i}`);
      if (lit) parts.push(lit);
      lit = "";
      parts.push(ref);
    }
  }
  if (lit) parts.push(lit);
  return parts;
}

export function pySub(pattern: string, tpl: string, s: string): string {
  const re = pyRegex(pattern, "g");
  const parts = parseReplacement(tpl, re);
  re.lastIndex = 0;
  return s.replace(re, (...m: unknown[]) => {
    const hasGroups = typeof m[m.length - 1] === "object";
    const named = (hasGroups ? m[m.length - 1] : {}) as Record<string, string | undefined>;
    let out = "";
    for (const p of parts) {
      if (typeof p === "string") out += p;
      else if (typeof p === "number") out += (m[p] as string | undefined) ?? "";
      else {
        if (!(p.name in named)) throw RegexError(`unknown group name '${p.name}'`);
        out += named[p.name] ?? "";
      }
    }
    return out;
  });
}

export function pyMatch(pattern: string, s: string, anchored: boolean): boolean {
  const re = pyRegex(pattern, anchored ? "y" : "");
  re.lastIndex = 0;
  return re.test(s);
}
