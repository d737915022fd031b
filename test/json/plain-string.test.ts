// plainStringEnd: the closing quote of a string that needs no decoding, else -1.
import { plainStringEnd } from "../../src/json/plain-string";

test.each([
  ['"abc", 1', 0, 4],
  ['x""', 1, 2],
  ['{"k": "v"}', 6, 8],
  ['"é ☃ 😀"', 0, 7],
])("%s from %i ends at %i", (text, open, end) => {
  expect(plainStringEnd(text, open)).toBe(end);
});

test.each([
  ['"a\\"b"'], // an escape: the caller decodes
  ['"a\\u0041"'],
  ['"a\nb"'], // a raw control character: the caller reports it
  ['"a\u001fb"'],
  ['"abc'], // unterminated: the caller reports it
])("%j needs the caller", (text) => {
  expect(plainStringEnd(text, 0)).toBe(-1);
});
