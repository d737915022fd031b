// pprint.pformat(obj) (width 80, sorted dict keys, long strings split), for |pprint.
import { order } from "./ops";
import { repr, strRepr } from "./python-repr";
import { PyTuple } from "./values";

const WIDTH = 80;

function sortedItems(d: Map<unknown, unknown>): [unknown, unknown][] {
  const items = [...d];
  try {
    return items.sort((a, b) => order(a[0], b[0], "<"));
  } catch {
    return items.sort((a, b) => (repr(a[0]) < repr(b[0]) ? -1 : 1));
  }
}

/** repr() with dicts sorted, as pprint's safe_repr does. */
function safeRepr(v: unknown): string {
  if (v instanceof Map) return "{" + sortedItems(v).map(([k, x]) => `${safeRepr(k)}: ${safeRepr(x)}`).join(", ") + "}";
  if (Array.isArray(v)) return "[" + v.map(safeRepr).join(", ") + "]";
  if (v instanceof PyTuple) return v.items.length === 1 ? `(${safeRepr(v.items[0])},)` : "(" + v.items.map(safeRepr).join(", ") + ")";
  return repr(v);
}

function pprintStr(s: string, indent: number, allowance: number, level: number): string {
  if (!s.length) return strRepr(s);
  const lines = s.match(/[^\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]*(?:\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]|$)/g)!.filter((l) => l);
  if (level === 1) {
    indent += 1;
    allowance += 1;
  }
  const maxWidth = WIDTH - indent;
  let maxWidth1 = maxWidth;
  const chunks: string[] = [];
  let rep = "";
  lines.forEach((line, i) => {
    rep = strRepr(line);
    if (i === lines.length - 1) maxWidth1 -= allowance;
    if (rep.length <= maxWidth1) {
      chunks.push(rep);
      return;
    }
    const parts = line.match(/\S*\s*/g)!.filter((p, j, a) => j < a.length - 1 || p);
    let maxWidth2 = maxWidth;
    let current = "";
    parts.forEach((part, j) => {
      const candidate = current + part;
      if (j === parts.length - 1 && i === lines.length - 1) maxWidth2 -= allowance;
      if (strRepr(candidate).length > maxWidth2) {
        if (current) chunks.push(strRepr(current));
        current = part;
      } else current = candidate;
    });
    if (current) chunks.push(strRepr(current));
  });
  if (chunks.length === 1) return rep;
  const body = chunks.join("\n" + " ".repeat(indent));
  return level === 1 ? `(${body})` : body;
}

function format(v: unknown, indent: number, allowance: number, level: number): string {
  const rep = safeRepr(v);
  if (rep.length <= WIDTH - indent - allowance) return rep;
  const lvl = level + 1;
  if (v instanceof Map && v.size) {
    const items = sortedItems(v);
    const ind = indent + 1;
    return "{" + items.map(([k, x], i) => {
      const kr = safeRepr(k);
      const last = i === items.length - 1;
      return `${kr}: ${format(x, ind + kr.length + 2, last ? allowance + 1 : 1, lvl)}`;
    }).join(",\n" + " ".repeat(ind)) + "}";
  }
  const seq = Array.isArray(v) ? v : v instanceof PyTuple ? v.items : null;
  if (seq && seq.length) {
    const [open, close] = Array.isArray(v) ? ["[", "]"] : ["(", seq.length === 1 ? ",)" : ")"];
    const ind = indent + 1;
    const extra = close.length;
    return open + seq.map((x, i) => format(x, ind, i === seq.length - 1 ? allowance + extra : 1, lvl)).join(",\n" + " ".repeat(ind)) + close;
  }
  if (typeof v === "string") return pprintStr(v, indent, allowance, lvl);
  return rep;
}

export function pformat(v: unknown): string {
  return format(v, 0, 0, 0);
}
