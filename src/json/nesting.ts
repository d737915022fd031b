// The nesting limit on every JSON body (inbound links, /api/v1, /graphql), checked before anything recursive
// (a parser, the renderer, a serialiser) sees the text: 10,000 nested brackets used to overflow the stack.

/** Ruby's JSON default. Real alert payloads nest about 5 deep; a stored payload sits 3 deeper in event data. */
export const MAX_JSON_NESTING = 100;

export const NESTING_MESSAGE = `JSON parse error - nesting deeper than ${MAX_JSON_NESTING} levels`;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Whether brackets outside strings nest deeper than `limit`. One linear pass without recursion (strings are
 * skipped with indexOf); on text that is not JSON the answer means nothing, and the parser that runs next
 * rejects it. UTF-8 bytes decoded as latin1 give the same answer: no byte of a multi-byte sequence is ASCII.
 */
export function nestsDeeperThan(text: string, limit = MAX_JSON_NESTING): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) i = stringEnd(text, i + 1) - 1;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/** The index after the quote that closes a string starting at `from` (a quote after an odd run of backslashes
 * is escaped); the text's length when the string is unterminated. */
function stringEnd(text: string, from: number): number {
  for (let at = from; ; ) {
    const quote = text.indexOf('"', at);
    if (quote < 0) return text.length;
    let backslashes = 0;
    while (quote - backslashes - 1 >= from && text.charCodeAt(quote - backslashes - 1) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    at = quote + 1;
  }
}
