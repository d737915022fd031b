import { MAX_JSON_NESTING, nestsDeeperThan } from "../../src/json/nesting";

// The scan that guards every JSON body: brackets count only outside strings, escapes included.
describe("nestsDeeperThan", () => {
  it.each([
    ["[[[]]]", 3, false],
    ["[[[]]]", 2, true],
    ['{"a": {"b": [1]}}', 3, false],
    ['{"a": {"b": [1]}}', 2, true],
    ['["[[[[", {"a": "\\"[[["}]', 2, false],
    ['["\\\\", [[1]]]', 2, true],
    ['{"a\\\\\\"[[[": [1]}', 2, false],
    ['"[[[[', 1, false],
    ["", 1, false],
  ])("%s with limit %i → %s", (text, limit, expected) => {
    expect(nestsDeeperThan(text, limit)).toBe(expected);
  });

  it(`allows ${MAX_JSON_NESTING} levels by default, not one more`, () => {
    const nested = (n: number) => "[".repeat(n) + "]".repeat(n);
    expect(nestsDeeperThan(nested(MAX_JSON_NESTING))).toBe(false);
    expect(nestsDeeperThan(nested(MAX_JSON_NESTING + 1))).toBe(true);
  });
});
