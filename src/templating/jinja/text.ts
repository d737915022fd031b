// Ports of textwrap.wrap (wordwrap filter) and jinja2.utils.urlize.
import { ValueError_ } from "./errors";
import { escapeHtml } from "./html";

const WS = "[\\t\\n\\x0b\\x0c\\r ]";
const NWS = "[^\\t\\n\\x0b\\x0c\\r ]";
const WP = "[\\p{L}\\p{N}_!\"'&.,?]";
const LT = "[\\p{L}\\p{M}_]";
const WORDSEP = new RegExp(
  `(${WS}+|(?<=${WP})-{2,}(?=[\\p{L}\\p{N}_])|${NWS}+?(?:-(?:(?<=${LT}{2}-)|(?<=${LT}-${LT}-))(?=${LT}-?${LT})|(?=${WS}|(?![\\s\\S]))|(?<=${WP})(?=-{2,}[\\p{L}\\p{N}_])))`,
  "u",
);
const WORDSEP_SIMPLE = new RegExp(`(${WS}+)`, "u");

function wrapLine(text: string, width: number, breakLong: boolean, breakHyphens: boolean): string[] {
  const chunks = text.split(breakHyphens ? WORDSEP : WORDSEP_SIMPLE).filter((c) => c);
  chunks.reverse();
  const lines: string[] = [];
  const blank = (s: string) => s.trim() === "" && /^[\t\n\x0b\x0c\r ]*$/.test(s);
  while (chunks.length) {
    const cur: string[] = [];
    let len = 0;
    if (blank(chunks[chunks.length - 1]) && lines.length) chunks.pop();
    while (chunks.length) {
      const l = [...chunks[chunks.length - 1]].length;
      if (len + l > width) break;
      cur.push(chunks.pop()!);
      len += l;
    }
    if (chunks.length && [...chunks[chunks.length - 1]].length > width) {
      const spaceLeft = width < 1 ? 1 : width - len;
      if (breakLong) {
        const chunk = [...chunks[chunks.length - 1]];
        let end = spaceLeft;
        if (breakHyphens && chunk.length > spaceLeft) {
          const hyphen = chunk.slice(0, spaceLeft).lastIndexOf("-");
          if (hyphen > 0 && chunk.slice(0, hyphen).some((c) => c !== "-")) end = hyphen + 1;
        }
        cur.push(chunk.slice(0, end).join(""));
        chunks[chunks.length - 1] = chunk.slice(end).join("");
      } else if (!cur.length) cur.push(chunks.pop()!);
    }
    if (cur.length && blank(cur[cur.length - 1])) cur.pop();
    if (cur.length) lines.push(cur.join(""));
  }
  return lines;
}

const LINE_BREAKS = /\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/;

export function wordwrap(s: string, width: number, breakLong: boolean, wrapstring: string, breakHyphens: boolean): string {
  if (width <= 0) throw ValueError_(`invalid width ${width} (must be > 0)`);
  const lines = s.split(LINE_BREAKS);
  if (lines.length && lines[lines.length - 1] === "" && LINE_BREAKS.test(s.slice(-2))) lines.pop();
  return lines.map((l) => wrapLine(l, width, breakLong, breakHyphens).join(wrapstring)).join(wrapstring);
}

const HTTP_RE = /^(?:(?:https?:\/\/|www\.)(?:(?:[\p{L}\p{N}_%-]+\.)+)?(?:[a-z]{2,63}|xn--[\p{L}\p{N}_%]{2,59})|(?:[\p{L}\p{N}_%-]{2,63}\.)+(?:com|net|int|edu|gov|org|info|mil)|(?:https?:\/\/)(?:(?:\d{1,3})(?:\.\d{1,3}){3}|\[(?:[\da-f]{0,4}:){2}(?:[\da-f]{0,4}:?){1,6}\]))(?::\d{1,5})?(?:[/?#]\S*)?$/iu;
const EMAIL_RE = /^\S+@[\p{L}\p{N}_][\p{L}\p{N}_.-]*\.[\p{L}\p{N}_]+$/u;

export function urlize(text: string, trim: number | null, rel: string | null, target: string | null): string {
  const trimUrl = (x: string) => (trim !== null && [...x].length > trim ? [...x].slice(0, trim).join("") + "..." : x);
  const words = escapeHtml(text).split(/(\s+)/);
  const relAttr = rel ? ` rel="${escapeHtml(rel)}"` : "";
  const targetAttr = target ? ` target="${escapeHtml(target)}"` : "";
  return words.map((word) => {
    let head = "";
    let middle = word;
    let tail = "";
    const h = /^(?:[(<]|&lt;)+/.exec(middle);
    if (h) {
      head = h[0];
      middle = middle.slice(h[0].length);
    }
    if (/(?:[)>.,\n]|&gt;)$/.test(middle)) {
      const t = /(?:[)>.,\n]|&gt;)+$/.exec(middle);
      if (t) {
        tail = t[0];
        middle = middle.slice(0, t.index);
      }
    }
    for (const [open, close] of [["(", ")"], ["<", ">"], ["&lt;", "&gt;"]]) {
      const starts = middle.split(open).length - 1;
      if (starts <= middle.split(close).length - 1) continue;
      for (let k = Math.min(starts, tail.split(close).length - 1); k > 0; k--) {
        const end = tail.indexOf(close) + close.length;
        middle += tail.slice(0, end);
        tail = tail.slice(end);
      }
    }
    if (HTTP_RE.test(middle)) {
      const href = middle.startsWith("https://") || middle.startsWith("http://") ? middle : `https://${middle}`;
      middle = `<a href="${href}"${relAttr}${targetAttr}>${trimUrl(middle)}</a>`;
    } else if (middle.startsWith("mailto:") && EMAIL_RE.test(middle.slice(7))) {
      middle = `<a href="${middle}">${middle.slice(7)}</a>`;
    } else if (middle.includes("@") && !middle.startsWith("www.") && !middle.startsWith("@") && !middle.includes(":") && EMAIL_RE.test(middle)) {
      middle = `<a href="mailto:${middle}">${middle}</a>`;
    }
    return head + middle + tail;
  }).join("");
}
