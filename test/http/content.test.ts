import { pythonJsonDumps } from "../../src/http";
import { renderContent, tooLargeMessage } from "../../src/http/content";
import { pyFloatRepr } from "../../src/http/python-json";

describe("pythonJsonDumps = json.dumps(json.loads(text))", () => {
  test.each([
    ['{"id":"x"}', '{"id": "x"}'],
    ['{"a":1,"b":[1,2,{"c":null}],"d":true,"e":false}', '{"a": 1, "b": [1, 2, {"c": null}], "d": true, "e": false}'],
    ["  [ ]  ", "[]"],
    ["{}", "{}"],
    ['"caf\u00e9 \u{1F600}"', '"caf\\u00e9 \\ud83d\\ude00"'],
    ['"\\u00e9"', '"\\u00e9"'],
    ['"a\\/b\\"c\\\\d\\n\\t\\u0001\u007f"', '"a/b\\"c\\\\d\\n\\t\\u0001\\u007f"'],
    ['{"b":1,"2":2,"1":3}', '{"b": 1, "2": 2, "1": 3}'], // key order kept (JS objects would reorder)
    ['{"a":1,"b":2,"a":3}', '{"a": 3, "b": 2}'], // duplicate: first position, last value
    ["12345678901234567890123", "12345678901234567890123"], // ints stay exact
    ["-0", "0"],
    ["1.0", "1.0"],
    ["1.50", "1.5"],
    ["-0.0", "-0.0"],
    ["1e5", "100000.0"],
    ["1E16", "1e+16"],
    ["1e15", "1000000000000000.0"],
    ["0.0001", "0.0001"],
    ["0.00001", "1e-05"],
    ["1.5e-7", "1.5e-07"],
    ["123456789012345678.0", "1.2345678901234568e+17"],
    ["1e400", "Infinity"],
    ["NaN", "NaN"],
    ["-Infinity", "-Infinity"],
    ['"x"', '"x"'],
    ["null", "null"],
  ])("%s → %s", (input, expected) => {
    expect(pythonJsonDumps(input)).toBe(expected);
  });

  test.each(["", "{", "[1,]", "{'a':1}", "01", "1.", "tru", '"a\nb"', "[1] x", "{\"a\" 1}", "+1"])("not JSON: %j", (input) => {
    expect(pythonJsonDumps(input)).toBeNull();
  });

  test("deep nesting falls back to text rather than throwing", () => {
    expect(pythonJsonDumps("[".repeat(5000) + "]".repeat(5000))).toBeNull();
  });

  test("float repr edge cases", () => {
    expect(pyFloatRepr(0.1 + 0.2)).toBe("0.30000000000000004");
    expect(pyFloatRepr(5e-324)).toBe("5e-324");
    expect(pyFloatRepr(1.7976931348623157e308)).toBe("1.7976931348623157e+308");
  });
});

describe("renderContent", () => {
  test("JSON, text, empty, invalid UTF-8, BOM", () => {
    expect(renderContent(Buffer.from('{"ok":true}'))).toBe('{"ok": true}');
    expect(renderContent(Buffer.from("plain ünïcode"))).toBe("plain ünïcode");
    expect(renderContent(Buffer.alloc(0))).toBe("");
    expect(renderContent(Buffer.from([0x61, 0xff, 0x62]))).toBe("a\ufffdb");
    expect(renderContent(Buffer.from('\ufeff{"a":1}'))).toBe('{"a": 1}');
  });
  test("too large message", () => {
    expect(tooLargeMessage(60000, 50000)).toBe("Response content 60000 exceeds 50000 character limit");
  });
});
