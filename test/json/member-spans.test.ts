import { parseExact } from "../../src/json/exact-parse";
import { arrayMemberElements } from "../../src/json/member-spans";

describe("arrayMemberElements", () => {
  it("cuts each element as written: key order, numbers, strings with brackets and escapes", () => {
    const text = ' { "x": {"alerts": [1]}, "alerts" : [ {"b": 1, "2": "a]\\"}[", "n": 3.0} ,\n [1,[2]] , "s" , 12345678901234567890, null ] } ';
    expect(arrayMemberElements(text, "alerts")).toEqual(['{"b": 1, "2": "a]\\"}[", "n": 3.0}', "[1,[2]]", '"s"', "12345678901234567890", "null"]);
  });

  it("takes the last member of a repeated key, as parsing does", () => {
    const text = '{"alerts": [1], "alerts": [2, 3]}';
    expect(arrayMemberElements(text, "alerts")).toEqual(["2", "3"]);
    expect((parseExact(text) as { alerts: unknown[] }).alerts).toHaveLength(2);
  });

  it("answers null when there is no such array", () => {
    expect(arrayMemberElements('{"alerts": {"0": 1}}', "alerts")).toBeNull();
    expect(arrayMemberElements('{"other": []}', "alerts")).toBeNull();
    expect(arrayMemberElements("[1]", "alerts")).toBeNull();
    expect(arrayMemberElements('{"alerts": []}', "alerts")).toEqual([]);
  });

  it("reads a key spelled with escapes", () => {
    expect(arrayMemberElements('{"al\\u0065rts": [true]}', "alerts")).toEqual(["true"]);
  });
});
