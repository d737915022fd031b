import { pythonDumps } from "../../src/attempts/python-dumps";
import { JsonText } from "../../src/json/json-text";
import { maskHeaders, maskPersonalContext, maskUrlUserinfo, MASK } from "../../src/attempts/record";
import { isoOffset, isoZ } from "../../src/timestamps";

describe("pythonDumps (json.dumps of OnCall's payloads)", () => {
  it.each([
    [{ a: 1, b: "é", c: [true, null, 1.5] }, '{"a": 1, "b": "\\u00e9", "c": [true, null, 1.5]}'],
    [{ f: 3.0, g: 0.1 + 0.2, big: 1e21, small: 1e-7 }, '{"f": 3, "g": 0.30000000000000004, "big": 1000000000000000000000, "small": 1e-07}'],
    ["line\nbreak \"q\" \\ \u0001", '"line\\nbreak \\"q\\" \\\\ \\u0001"'],
    [[], "[]"],
    [{}, "{}"],
    ["😀", '"\\ud83d\\ude00"'],
  ])("%j", (value, text) => {
    expect(pythonDumps(value)).toBe(text);
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
  });

  it("writes JsonText from its text: numbers exact, key order kept, Python's separators", () => {
    const payload = new JsonText('{"z":1,"2":[12345678901234567890,3.0,1E2],"s":"é\\u00e9"}');
    expect(pythonDumps({ alert_payload: payload })).toBe('{"alert_payload": {"z": 1, "2": [12345678901234567890, 3.0, 100.0], "s": "\\u00e9\\u00e9"}}');
  });

  it("memoises shared objects by identity", () => {
    const shared = { x: 1 };
    const memo = new WeakMap<object, string>();
    expect(pythonDumps({ a: shared, b: shared }, memo)).toBe('{"a": {"x": 1}, "b": {"x": 1}}');
    expect(memo.get(shared)).toBe('{"x": 1}');
  });
});

describe("record masking", () => {
  it("masks Authorization in any letter case and the usual API-key headers", () => {
    expect(maskHeaders({ authorization: "a", AUTHORIZATION: "b", "X-Api-Key": "k", "X-Other": "v" })).toEqual({
      authorization: MASK, AUTHORIZATION: MASK, "X-Api-Key": MASK, "X-Other": "v",
    });
  });

  it.each([
    ["https://user:pass@hooks.example.com/x?t=1", `https://${MASK}@hooks.example.com/x?t=1`],
    ["http://token@h/", `http://${MASK}@h/`],
    ["https://hooks.example.com/a@b", "https://hooks.example.com/a@b"],
    ["https://hooks.example.com/?mail=a@b", "https://hooks.example.com/?mail=a@b"],
  ])("URL user-info: %s", (url, masked) => expect(maskUrlUserinfo(url)).toBe(masked));

  it("masks a personal notification's private context, keeping its keys", () => {
    const payload = { event: { type: "personal notification", time: "t", user: { pager_id: "bob-7731" } }, user: { id: "U1" } };
    expect(maskPersonalContext(payload)).toEqual({ event: { type: "personal notification", time: "t", user: { pager_id: MASK } }, user: { id: "U1" } });
    expect(payload.event.user.pager_id).toBe("bob-7731");
  });
});

describe("timestamps", () => {
  it("uses microseconds when non-zero and none when zero", () => {
    expect(isoZ(new Date("2025-03-14T09:12:03.552Z"))).toBe("2025-03-14T09:12:03.552000Z");
    expect(isoZ(new Date("2025-03-14T09:12:03.000Z"))).toBe("2025-03-14T09:12:03Z");
    expect(isoOffset(new Date("2025-03-14T09:27:41.118Z"))).toBe("2025-03-14T09:27:41.118000+00:00");
    expect(isoOffset(null)).toBeNull();
  });
});
