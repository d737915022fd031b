import { nextWindowOpening } from "../../src/services/escalation/timing";
import { nextInRotation } from "../../src/events/recipients";

// Pure escalation timing rules (domain-api.md §8 notify_if_time_from_to, round robin).
const at = (iso: string) => new Date(iso);

describe("nextWindowOpening", () => {
  it.each([
    // [now, from, to, expected opening or null = inside]
    ["2025-03-14T10:00:00Z", "09:00:00Z", "17:00:00Z", null],
    ["2025-03-14T09:00:00Z", "09:00:00Z", "17:00:00Z", null],
    ["2025-03-14T17:00:00Z", "09:00:00Z", "17:00:00Z", "2025-03-15T09:00:00.000Z"],
    ["2025-03-14T08:59:59Z", "09:00:00Z", "17:00:00Z", "2025-03-14T09:00:00.000Z"],
    ["2025-03-14T23:30:00Z", "22:00:00Z", "06:00:00Z", null],
    ["2025-03-14T05:59:59Z", "22:00:00Z", "06:00:00Z", null],
    ["2025-03-14T06:00:00Z", "22:00:00Z", "06:00:00Z", "2025-03-14T22:00:00.000Z"],
    ["2025-03-14T12:00:00Z", "08:00:00Z", "08:00:00Z", null],
  ])("now %s, window [%s, %s) → %s", (now, from, to, expected) => {
    const opening = nextWindowOpening(at(now), from, to);
    expect(opening === null ? null : opening.toISOString()).toBe(expected);
  });
});

describe("nextInRotation", () => {
  const users = ["alex", "bo", "cy"];
  it.each([
    [null, "alex"],
    ["alex", "bo"],
    ["bo", "cy"],
    ["cy", "alex"],
    ["gone", "alex"],
  ])("after %s comes %s", (last, expected) => {
    expect(nextInRotation(users, (u) => u === last)).toBe(expected);
  });
  it("an empty list has no next", () => {
    expect(nextInRotation([], () => false)).toBeUndefined();
  });
});
