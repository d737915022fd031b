// JSON strings without escapes, found by char code: one slice each. A sticky regex match allocated an array per
// string (5% of all the main thread allocated in the storm bench, parsing template contexts and payloads).

/**
 * With `s[open]` an opening quote: the index of the closing quote when nothing in between needs decoding (no
 * backslash, no control character), else -1 (the caller decodes the string its own way).
 */
export function plainStringEnd(s: string, open: number): number {
  for (let j = open + 1; j < s.length; j++) {
    const c = s.charCodeAt(j);
    if (c === 0x22) return j;
    if (c === 0x5c || c < 0x20) return -1;
  }
  return -1;
}
