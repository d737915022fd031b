// `datetimeformat_as_timezone` converts with pytz in OnCall: %Z prints the tz database's abbreviation (JST, BST,
// EDT), not Intl's "GMT+9". Every expected line below was printed by pytz 2026.4 (astimezone + strftime).
import { TemplateRenderer } from "../../src/templating";

const renderer = new TemplateRenderer({ workers: 1 });
afterAll(() => renderer.close());

const PYTZ: [instant: string, zone: string, output: string][] = [
  ["2024-06-01T00:00:00+00:00", "Asia/Tokyo", "2024-06-01 09:00 +0900 JST"],
  ["2024-06-01T00:00:00+00:00", "Europe/London", "2024-06-01 01:00 +0100 BST"],
  ["2024-01-15T12:00:00+00:00", "Europe/London", "2024-01-15 12:00 +0000 GMT"],
  ["2024-06-01T00:00:00+00:00", "America/New_York", "2024-05-31 20:00 -0400 EDT"],
  ["2024-01-15T12:00:00+00:00", "America/New_York", "2024-01-15 07:00 -0500 EST"],
  ["2024-06-01T00:00:00+00:00", "Asia/Kolkata", "2024-06-01 05:30 +0530 IST"],
  ["2024-06-01T00:00:00+00:00", "Asia/Dubai", "2024-06-01 04:00 +0400 +04"],
  ["2024-01-15T12:00:00+00:00", "Australia/Sydney", "2024-01-15 23:00 +1100 AEDT"],
  ["2024-06-01T00:00:00+00:00", "Etc/GMT+5", "2024-05-31 19:00 -0500 -05"],
  ["2024-06-01T00:00:00+00:00", "us/eastern", "2024-05-31 20:00 -0400 EDT"],
  ["2024-06-01T00:00:00+00:00", "UTC", "2024-06-01 00:00 +0000 UTC"],
  // Local mean time before the zone's first rule, rounded to the minute as pytz does (+9:18:59).
  ["1880-01-01T00:00:00+00:00", "Asia/Tokyo", "1880-01-01 09:19 +0919 LMT"],
  // pytz's data ends in 2037: later instants keep the last 2037 offset.
  ["2045-07-01T12:00:00+00:00", "America/New_York", "2045-07-01 07:00 -0500 EST"],
  ["2045-01-01T12:00:00+00:00", "Australia/Sydney", "2045-01-01 23:00 +1100 AEDT"],
];

it.each(PYTZ)("%s in %s prints %s", async (instant, zone, output) => {
  const template = `{{ "${instant}" | iso8601_to_time | datetimeformat_as_timezone("%Y-%m-%d %H:%M %z %Z", "${zone}") }}`;
  expect(await renderer.renderField("url", template, {})).toEqual({ ok: true, output });
});

it("an unknown zone is a warning naming it, as pytz's KeyError", async () => {
  const res = await renderer.renderField("url", '{{ "2024-06-01T00:00:00Z" | iso8601_to_time | datetimeformat_as_timezone("%Z", "Mars/Olympus") }}', {});
  expect(res).toEqual({ ok: false, failure: expect.objectContaining({ kind: "warning", message: expect.stringContaining("'Mars/Olympus'") }) });
});
