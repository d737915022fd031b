// The nesting limit on every JSON body (inbound links, /api/v1, /graphql), checked before anything recursive
// (a parser, the renderer, a serialiser) sees the text: 10,000 nested brackets used to overflow the stack.

/** Ruby's JSON default. Real alert payloads nest about 5 deep; a stored payload sits 3 deeper in event data. */
export const MAX_JSON_NESTING = 100;

export const NESTING_MESSAGE = `JSON parse error - nesting deeper than ${MAX_JSON_NESTING} levels`;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN = new Set([0x5b, 0x7b]); // [ {
const CLOSE = new Set([0x5d, 0x7d]); // ] }

/**
 * Whether brackets outside strings nest deeper than `limit`. One linear pass without recursion; on text that is
 * not JSON the answer means nothing, and the parser that runs next rejects it. UTF-8 bytes decoded as latin1 give
 * the same answer: no byte of a multi-byte sequence is ASCII.
 */
export function nestsDeeperThan(text: string, limit = MAX_JSON_NESTING): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (OPEN.has(c)) {
      if (++depth > limit) return true;
    } else if (CLOSE.has(c)) depth--;
  }
  return false;
}
