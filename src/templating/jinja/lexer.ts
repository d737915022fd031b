// Port of jinja2/lexer.py for the default delimiters, trim_blocks/lstrip_blocks off.
import { TemplateSyntaxError } from "./errors";
import { strRepr } from "./python-repr";
import { mkFloat, normInt } from "./values";

export interface Token {
  type: string; // "name", "string", "integer", "float", "data", operator names, "eof" ...
  value: unknown;
  lineno: number;
}

const OPERATORS: Record<string, string> = {
  "+": "add", "-": "sub", "/": "div", "//": "floordiv", "*": "mul", "%": "mod", "**": "pow",
  "~": "tilde", "[": "lbracket", "]": "rbracket", "(": "lparen", ")": "rparen", "{": "lbrace",
  "}": "rbrace", "==": "eq", "!=": "ne", ">": "gt", ">=": "gteq", "<": "lt", "<=": "lteq",
  "=": "assign", ".": "dot", ":": "colon", "|": "pipe", ",": "comma", ";": "semicolon",
};
const REVERSE_OPS: Record<string, string> = Object.fromEntries(
  Object.entries(OPERATORS).map(([k, v]) => [v, k]),
);

const DESCRIPTIONS: Record<string, string> = {
  comment_begin: "begin of comment", comment_end: "end of comment", comment: "comment",
  block_begin: "begin of statement block", block_end: "end of statement block",
  variable_begin: "begin of print statement", variable_end: "end of print statement",
  data: "template data / text", eof: "end of template",
};

export function describeTokenType(type: string): string {
  return REVERSE_OPS[type] ?? DESCRIPTIONS[type] ?? type;
}

export function describeToken(t: Token): string {
  return t.type === "name" ? String(t.value) : describeTokenType(t.type);
}

/** "name:endfor" -> "endfor", "block_end" -> "end of statement block". */
export function describeExpr(expr: string): string {
  const i = expr.indexOf(":");
  if (i >= 0 && expr.slice(0, i) === "name") return expr.slice(i + 1);
  return describeTokenType(i >= 0 ? expr.slice(0, i) : expr);
}

const ROOT = /([\s\S]*?)(?:(\{%(-|\+|)\s*raw\s*(?:-%\}\s*|%\}))|(\{\{(-|\+|))|(\{#(-|\+|))|(\{%(-|\+|)))/y;
const WHITESPACE = /\s+/y;
const FLOAT = /(?<!\.)(?:\d+_)*\d+(?:(?:\.(?:\d+_)*\d+)?e[+-]?(?:\d+_)*\d+|\.(?:\d+_)*\d+)/iy;
const INTEGER = /0b(?:_?[01])+|0o(?:_?[0-7])+|0x(?:_?[\da-f])+|[1-9](?:_?\d)*|0(?:_?0)*/iy;
const NAME = /[\p{ID_Start}_][\p{ID_Continue}\u00b7]*/uy;
const STRING = /'([^'\\]*(?:\\[\s\S][^'\\]*)*)'|"([^"\\]*(?:\\[\s\S][^"\\]*)*)"/y;
const OPERATOR = /\/\/|\*\*|==|!=|>=|<=|[+\-/*%~[\](){}><=.:|,;]/y;
const BLOCK_END = /\+%\}|-%\}\s*|%\}/y;
const VARIABLE_END = /-\}\}\s*|\}\}/y;
const COMMENT = /([\s\S]*?)(\+#\}|-#\}\s*|#\})/y;
const RAW = /([\s\S]*?)(\{%(-|\+|)\s*endraw\s*(?:\+%\}|-%\}\s*|%\}))/y;

function at(re: RegExp, s: string, pos: number): RegExpExecArray | null {
  re.lastIndex = pos;
  return re.exec(s);
}

function lines(s: string): number {
  let n = 0;
  for (let i = s.indexOf("\n"); i >= 0; i = s.indexOf("\n", i + 1)) n++;
  return n;
}

/** Newlines normalised to \n and ONE trailing newline dropped (keep_trailing_newline=False). */
export function normalizeSource(source: string): string {
  const s = source.replace(/\r\n|\r/g, "\n");
  return s.endsWith("\n") ? s.slice(0, -1) : s;
}

export function tokenize(source: string): Token[] {
  const src = normalizeSource(source);
  const out: Token[] = [];
  let pos = 0;
  let lineno = 1;
  const push = (type: string, value: unknown) => out.push({ type, value, lineno });
  while (pos < src.length) {
    const m = at(ROOT, src, pos);
    if (!m) {
      push("data", src.slice(pos));
      break;
    }
    let text = m[1];
    const sign = m[3] ?? m[5] ?? m[7] ?? m[9];
    if (sign === "-") text = text.replace(/\s+$/, "");
    if (text) push("data", text);
    lineno += lines(m[1]);
    pos = ROOT.lastIndex;
    if (m[2] !== undefined) {
      lineno += lines(m[2]);
      const r = at(RAW, src, pos);
      if (!r && pos >= src.length) break; // Jinja's failure rule needs one more character
      if (!r) throw TemplateSyntaxError("Missing end of raw directive");
      const data = r[3] === "-" ? r[1].replace(/\s+$/, "") : r[1];
      if (data) push("data", data);
      lineno += lines(r[0]);
      pos = RAW.lastIndex;
    } else if (m[6] !== undefined) {
      const c = at(COMMENT, src, pos);
      if (!c && pos >= src.length) break; // Jinja's failure rule needs one more character
      if (!c) throw TemplateSyntaxError("Missing end of comment tag");
      lineno += lines(c[0]);
      pos = COMMENT.lastIndex;
    } else {
      const isVar = m[4] !== undefined;
      push(isVar ? "variable_begin" : "block_begin", null);
      [pos, lineno] = tagTokens(src, pos, lineno, isVar, out);
    }
  }
  out.push({ type: "eof", value: "", lineno });
  return out;
}

function tagTokens(src: string, pos: number, lineno: number, isVar: boolean, out: Token[]): [number, number] {
  const balance: string[] = [];
  const endRe = isVar ? VARIABLE_END : BLOCK_END;
  const push = (type: string, value: unknown) => out.push({ type, value, lineno });
  while (pos < src.length) {
    let m: RegExpExecArray | null;
    if (!balance.length && (m = at(endRe, src, pos))) {
      push(isVar ? "variable_end" : "block_end", null);
      return [endRe.lastIndex, lineno + lines(m[0])];
    }
    if ((m = at(WHITESPACE, src, pos))) {
      lineno += lines(m[0]);
      pos = WHITESPACE.lastIndex;
    } else if ((m = at(FLOAT, src, pos))) {
      push("float", mkFloat(Number(m[0].replace(/_/g, ""))));
      pos = FLOAT.lastIndex;
    } else if ((m = at(INTEGER, src, pos))) {
      push("integer", parseInteger(m[0]));
      pos = INTEGER.lastIndex;
    } else if ((m = at(NAME, src, pos))) {
      push("name", m[0]);
      pos = NAME.lastIndex;
    } else if ((m = at(STRING, src, pos))) {
      push("string", unescapeString(m[0].slice(1, -1)));
      lineno += lines(m[0]);
      pos = STRING.lastIndex;
    } else if ((m = at(OPERATOR, src, pos))) {
      const op = m[0];
      if (op === "{" || op === "(" || op === "[") balance.push(op === "{" ? "}" : op === "(" ? ")" : "]");
      else if (op === "}" || op === ")" || op === "]") {
        if (!balance.length) throw TemplateSyntaxError(`unexpected '${op}'`);
        const expected = balance.pop();
        if (expected !== op) throw TemplateSyntaxError(`unexpected '${op}', expected '${expected}'`);
      }
      push(OPERATORS[op], op);
      pos = OPERATOR.lastIndex;
    } else {
      throw TemplateSyntaxError(`unexpected char ${strRepr(String.fromCodePoint(src.codePointAt(pos)!))} at ${pos}`);
    }
  }
  return [pos, lineno];
}

function parseInteger(text: string): number | bigint {
  const t = text.replace(/_/g, "").toLowerCase();
  const big = /^0[box]/.test(t) ? BigInt(t) : BigInt(t.replace(/^0+(?=\d)/, ""));
  return normInt(big);
}

const SIMPLE_ESCAPES: Record<string, string> = {
  "\\": "\\", "'": "'", '"': '"', a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v",
};

/** Python "unicode-escape" decoding of a string literal body. */
function unescapeString(body: string): string {
  if (!body.includes("\\")) return body;
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== "\\") {
      out += c;
      continue;
    }
    const n = body[i + 1];
    if (n === undefined) throw TemplateSyntaxError("\\ at end of string");
    if (n === "\n") {
      i++;
    } else if (n in SIMPLE_ESCAPES) {
      out += SIMPLE_ESCAPES[n];
      i++;
    } else if (/[0-7]/.test(n)) {
      const m = /^[0-7]{1,3}/.exec(body.slice(i + 1))![0];
      out += String.fromCodePoint(parseInt(m, 8));
      i += m.length;
    } else if (n === "x" || n === "u" || n === "U") {
      const len = n === "x" ? 2 : n === "u" ? 4 : 8;
      const hex = body.slice(i + 2, i + 2 + len);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) {
        throw TemplateSyntaxError(`truncated \\${n}${"X".repeat(len)} escape`);
      }
      const cp = parseInt(hex, 16);
      if (cp > 0x10ffff) throw TemplateSyntaxError("illegal Unicode character");
      out += String.fromCodePoint(cp);
      i += 1 + len;
    } else if (n === "N") {
      throw TemplateSyntaxError("unknown Unicode character name");
    } else {
      out += "\\";
    }
  }
  return out;
}
