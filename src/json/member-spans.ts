// The text of each element of one array member of a top-level object, cut from the JSON text as received. A
// parsed value is a JavaScript object, which would move integer-like keys first when written back; a span keeps
// the sender's key order, numbers and spelling. Only called on text that parseExact already accepted (valid JSON,
// nesting within the limit), so this is a scanner, not a parser.

/** The element texts of `text`'s top-level member `key` when it is an array (the last such member, as parsing keeps); else null. */
export function arrayMemberElements(text: string, key: string): string[] | null {
  let i = skipSpace(text, 0);
  if (text[i] !== "{") return null;
  i = skipSpace(text, i + 1);
  let found: string[] | null = null;
  while (text[i] === '"') {
    const keyEnd = stringEnd(text, i);
    const name = JSON.parse(text.slice(i, keyEnd)) as string;
    i = skipSpace(text, skipSpace(text, keyEnd) + 1); // past ':'
    const valueEnd = valueEndAt(text, i);
    if (name === key) found = text[i] === "[" ? elements(text, i) : null;
    i = skipSpace(text, valueEnd);
    if (text[i] === ",") i = skipSpace(text, i + 1);
  }
  return found;
}

function elements(text: string, open: number): string[] {
  const out: string[] = [];
  let i = skipSpace(text, open + 1);
  while (text[i] !== "]") {
    const end = valueEndAt(text, i);
    out.push(text.slice(i, end));
    i = skipSpace(text, end);
    if (text[i] === ",") i = skipSpace(text, i + 1);
  }
  return out;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && (text[i] === " " || text[i] === "\t" || text[i] === "\n" || text[i] === "\r")) i++;
  return i;
}

/** Index just past the string that opens at `i`. */
function stringEnd(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j++) {
    if (text[j] === "\\") j++;
    else if (text[j] === '"') return j + 1;
  }
  return text.length;
}

/** Index just past the value that starts at `i`. */
function valueEndAt(text: string, i: number): number {
  const c = text[i];
  if (c === '"') return stringEnd(text, i);
  if (c !== "{" && c !== "[") {
    let j = i;
    while (j < text.length && !",}] \t\n\r".includes(text[j])) j++;
    return j;
  }
  let depth = 0;
  for (let j = i; j < text.length; j++) {
    const d = text[j];
    if (d === '"') j = stringEnd(text, j) - 1;
    else if (d === "{" || d === "[") depth++;
    else if ((d === "}" || d === "]") && --depth === 0) return j + 1;
  }
  return text.length;
}
