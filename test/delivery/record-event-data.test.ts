// recordEventData: a record's own part plus its shared part is exactly pythonDumps(payload), whatever the payload's
// shape; the records of one event share one shared part (one string, one hash).
import { recordEventData, spliceSharedPart, type RecordEventData } from "../../src/attempts/shared-event-data";
import { pythonDumps } from "../../src/attempts/python-dumps";
import { JsonText } from "../../src/json/json-text";

const whole = (r: RecordEventData) => (r.shared ? spliceSharedPart(r.text, r.shared.at, r.shared.text) : r.text);
const big = { labels: Object.fromEntries(Array.from({ length: 80 }, (_, i) => [`label_${i}`, `valüe ${i}`])) };

test.each([
  ["a big payload ending in webhook", { event: { type: "resolve" }, alert_payload: big, webhook: { id: "WH1", name: "a", labels: {} } }],
  ["a big payload without webhook", { event: { type: "resolve" }, alert_payload: big }],
  ["a big payload whose webhook is not last", { webhook: { id: "WH1" }, alert_payload: big }],
  ["a payload of webhook alone", { webhook: { id: "WH1", name: "x".repeat(2000) } }],
  ["a small payload", { event: { type: "resolve" }, user: null, webhook: { id: "WH1" } }],
  ["an empty payload", {}],
  ["undefined values, dropped as json.dumps never sees them", { a: undefined, alert_payload: big, webhook: { id: "W" }, z: undefined }],
  ["a response body that names a webhook itself", { responses: { WH2: new JsonText(`{"a": 1, "webhook": "${"y".repeat(1200)}"}`) }, webhook: { id: "W" } }],
])("%s: own part + shared part = the payload as sent", (_name, payload) => {
  const record = recordEventData(payload as Record<string, unknown>, new WeakMap());
  expect(whole(record)).toBe(pythonDumps(payload));
  if (record.text.length + (record.shared?.text.length ?? 0) >= 1024) expect(record.shared).not.toBeNull();
});

test("the records of one event keep only their webhook and share one part; another event gets its own", () => {
  const memo = new WeakMap<object, string>();
  const group = { id: "G1", title: "é".repeat(600) };
  const alert = new JsonText(JSON.stringify(big));
  const payloadFor = (hook: string, time: string) => ({ event: { type: "alert group created", time }, alert_group: group, alert_payload: alert, webhook: { id: hook, name: hook, labels: {} } });

  const first = recordEventData(payloadFor("WH1", "t1"), memo);
  const second = recordEventData(payloadFor("WH2", "t1"), memo);
  expect(first.text).toBe(', "webhook": {"id": "WH1", "name": "WH1", "labels": {}}}');
  expect(second.shared).toBe(first.shared);

  const other = recordEventData(payloadFor("WH1", "t2"), memo);
  expect(other.shared!.hash).not.toBe(first.shared!.hash);
  expect(whole(other)).toBe(pythonDumps(payloadFor("WH1", "t2")));
  // Equal texts from another batch (another memo) find the same part.
  expect(recordEventData(payloadFor("WH3", "t1"), new WeakMap()).shared!.hash).toBe(first.shared!.hash);
});
