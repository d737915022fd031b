// str.format() / format_map() with Jinja's sandboxed field lookup.
import { IndexError_, KeyError_, TypeError_, ValueError_ } from "./errors";
import { fmtExp, fmtFixed, fmtGeneral, fmtIntBase, groupDigits } from "./numfmt";
import { floatRepr, repr, str, strRepr, typeName } from "./python-repr";
import { cpArray, cpLen } from "./strings";
import { PyDatetime } from "./datetime";
import { strftime } from "./dtformat";
import { codePoint } from "./pyformat";
import { Kwargs, Markup, PyFloat, isFloat, isInt, isStr, strOf, toBig, toF } from "./values";

export interface FieldAccess {
  getattr(obj: unknown, name: string): unknown;
  getitem(obj: unknown, key: unknown): unknown;
}

const SPEC_RE = /^(?:([\s\S])?([<>=^]))?([-+ ])?(z)?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([\s\S])?$/;

/** format(v, spec) following CPython's format-spec rules for str, int and float. */
export function formatValue(v: unknown, spec: string): string {
  if (v instanceof PyDatetime) return strftime(v, spec);
  if (!spec) return str(v);
  const m = SPEC_RE.exec(spec);
  if (!m) throw ValueError_("Invalid format specifier");
  const [, fillC, alignC, signC, , alt, zero, widthS, group, precS, typeC] = m;
  const width = widthS ? Number(widthS) : 0;
  const prec = precS !== undefined ? Number(precS) : null;
  let fill = fillC ?? " ";
  let align = alignC;
  if (zero && !alignC) {
    fill = "0";
    align = isStr(v) ? "<" : "=";
  }
  const tname = typeName(v);
  const unknown = () => ValueError_(`Unknown format code '${typeC}' for object of type '${tname}'`);
  if (isStr(v)) {
    if (typeC && typeC !== "s") throw unknown();
    if (signC) throw ValueError_(`${signC === " " ? "Space" : "Sign"} not allowed in string format specifier`);
    if (alt) throw ValueError_("Alternate form (#) not allowed in string format specifier");
    if (align === "=") throw ValueError_("'=' alignment not allowed in string format specifier");
    if (group) throw ValueError_(`Cannot specify '${group}' with 's'.`);
    let body = strOf(v);
    if (prec !== null) body = cpArray(body).slice(0, prec).join("");
    return alignPad("", body, fill, align ?? "<", width);
  }
  let body: string;
  if (isInt(v) || typeof v === "boolean") {
    const t = typeC ?? "d";
    if ("eEfFgG%".includes(t)) return formatValue(new PyFloat(toF(v)), spec);
    if (!"bcdoxXn".includes(t)) throw unknown();
    if (prec !== null) throw ValueError_("Precision not allowed in integer format specifier");
    if (group && (t === "c" || t === "n" || (group === "," && t !== "d"))) throw ValueError_(`Cannot specify '${group}' with '${t}'.`);
    const n = toBig(v);
    if (t === "c") {
      if (signC) throw ValueError_("Sign not allowed with integer format specifier 'c'");
      body = codePoint(n);
    } else {
      const base = t === "b" ? 2 : t === "o" ? 8 : t === "x" || t === "X" ? 16 : 10;
      body = fmtIntBase(n, base, t === "X");
      if (group) body = groupDigits(body, group, base === 10 ? 3 : 4);
      if (alt && base !== 10) body = body.replace(/^(-?)/, `$1${t === "b" ? "0b" : t === "o" ? "0o" : t === "X" ? "0X" : "0x"}`);
    }
  } else if (isFloat(v)) {
    const x = toF(v);
    const t = typeC ?? "";
    if (t && !"eEfFgGn%".includes(t)) throw unknown();
    if (group && t === "n") throw ValueError_(`Cannot specify '${group}' with 'n'.`);
    if (t === "e" || t === "E") body = fmtExp(x, prec ?? 6, t === "E", !!alt);
    else if (t === "f" || t === "F") body = fmtFixed(x, prec ?? 6, t === "F", !!alt);
    else if (t === "g" || t === "G" || t === "n") body = fmtGeneral(x, prec ?? 6, t === "G", !!alt);
    else if (t === "%") body = fmtFixed(x * 100, prec ?? 6, false, !!alt) + "%";
    else if (prec === null) body = floatRepr(x);
    else {
      body = fmtGeneral(x, prec, false, !!alt);
      if (/^-?\d+$/.test(body)) body += ".0"; // no type: like g, but keeps one decimal
    }
    if (group) body = groupDigits(body, group);
  } else {
    throw TypeError_(`unsupported format string passed to ${tname}.__format__`);
  }
  const neg = body.startsWith("-");
  if (neg) body = body.slice(1);
  const sign = neg ? "-" : signC === "+" ? "+" : signC === " " ? " " : "";
  return alignPad(sign, body, fill, align ?? ">", width);
}

function alignPad(sign: string, body: string, fill: string, align: string, width: number): string {
  const len = cpLen(sign + body);
  if (len >= width) return sign + body;
  const n = width - len;
  switch (align) {
    case "<": return sign + body + fill.repeat(n);
    case ">": return fill.repeat(n) + sign + body;
    case "^": return fill.repeat(Math.floor(n / 2)) + sign + body + fill.repeat(n - Math.floor(n / 2));
    default: return sign + fill.repeat(n) + body;
  }
}

/** Python str.format(*args, **kwargs). */
export function strFormat(fmt: string, args: unknown[], kwargs: Kwargs | Map<unknown, unknown>, acc: FieldAccess, depth = 0): string {
  let out = "";
  let auto = 0;
  let mode: "auto" | "manual" | null = null;
  let i = 0;
  while (i < fmt.length) {
    const c = fmt[i];
    if (c === "}") {
      if (fmt[i + 1] !== "}") throw ValueError_("Single '}' encountered in format string");
      out += "}";
      i += 2;
      continue;
    }
    if (c !== "{") {
      out += c;
      i++;
      continue;
    }
    if (fmt[i + 1] === "{") {
      out += "{";
      i += 2;
      continue;
    }
    // find the matching close brace (one level of nesting in the spec)
    let j = i + 1;
    let level = 1;
    while (j < fmt.length && level) {
      if (fmt[j] === "{") level++;
      else if (fmt[j] === "}") level--;
      if (level) j++;
    }
    if (level) throw ValueError_("expected '}' before end of string");
    const field = fmt.slice(i + 1, j);
    i = j + 1;
    const m = /^([^.[!:]*)((?:\.[^.[!:]+|\[[^\]]*\])*)(?:!([rsa]))?(?::([\s\S]*))?$/.exec(field);
    if (!m) throw ValueError_("Invalid format string");
    const [, first, rest, conv, specRaw] = m;
    let obj: unknown;
    if (first === "" || /^\d+$/.test(first)) {
      let idx: number;
      if (first === "") {
        if (mode === "manual") throw ValueError_("cannot switch from manual field specification to automatic field numbering");
        mode = "auto";
        idx = auto++;
      } else {
        if (mode === "auto") throw ValueError_("cannot switch from automatic field numbering to manual field specification");
        mode = "manual";
        idx = Number(first);
      }
      if (idx >= args.length) throw IndexError_(`Replacement index ${idx} out of range for positional args tuple`);
      obj = args[idx];
    } else {
      if (!(kwargs as Map<unknown, unknown>).has(first)) throw KeyError_(strRepr(first));
      obj = (kwargs as Map<unknown, unknown>).get(first);
    }
    for (const part of rest.match(/\.[^.[]+|\[[^\]]*\]/g) ?? []) {
      if (part[0] === ".") obj = acc.getattr(obj, part.slice(1));
      else {
        const k = part.slice(1, -1);
        obj = acc.getitem(obj, /^\d+$/.test(k) ? Number(k) : k);
      }
    }
    if (conv === "r" || conv === "a") obj = repr(obj);
    else if (conv === "s") obj = str(obj);
    let spec = specRaw ?? "";
    if (spec.includes("{") && depth < 2) spec = strFormat(spec, args, kwargs, acc, depth + 1);
    out += formatValue(obj instanceof Markup ? obj.s : obj, spec);
  }
  return out;
}
