import { decideRetry, RETRY_AFTER_CAP_SECONDS } from "../../src/delivery/retry";

// Rulings "retry schedule": first attempt at once, then the schedule's delays, each from the previous attempt;
// 4xx other than 408/429 final (the caller says `retryable: false`); total attempts = 1 + schedule length.
const now = new Date("2025-03-14T09:00:00.000Z");
const schedule = [10, 60, 300, 1800, 7200];
const at = (seconds: number) => new Date(now.getTime() + seconds * 1000);

describe("decideRetry", () => {
  it.each([
    [1, 10],
    [2, 60],
    [3, 300],
    [4, 1800],
    [5, 7200],
  ])("after attempt %i the next one runs %i s later", (attempt, delay) => {
    expect(decideRetry({ attempt, retryable: true, scheduleSeconds: schedule, now })).toEqual({ kind: "retry", delaySeconds: delay, at: at(delay) });
  });

  it("gives up after 1 + schedule length attempts", () => {
    expect(decideRetry({ attempt: 6, retryable: true, scheduleSeconds: schedule, now })).toEqual({ kind: "final" });
    expect(decideRetry({ attempt: 3, retryable: true, scheduleSeconds: [0, 0], now })).toEqual({ kind: "final" });
    expect(decideRetry({ attempt: 1, retryable: true, scheduleSeconds: [], now })).toEqual({ kind: "final" });
  });

  it("never retries a final outcome", () => {
    expect(decideRetry({ attempt: 1, retryable: false, scheduleSeconds: schedule, now })).toEqual({ kind: "final" });
  });

  it.each([
    ["longer than the schedule: honoured", [10], 45, 45],
    ["shorter than the schedule: the schedule", [10], 3, 10],
    ["with a zero schedule: honoured", [0, 0], 2, 2],
    ["absurdly long: capped", [10], 10 ** 9, RETRY_AFTER_CAP_SECONDS],
    ["negative: ignored", [10], -5, 10],
  ])("Retry-After %s", (_name, sched, retryAfter, expected) => {
    const d = decideRetry({ attempt: 1, retryable: true, retryAfterSeconds: retryAfter as number, scheduleSeconds: sched as number[], now });
    expect(d).toEqual({ kind: "retry", delaySeconds: expected, at: at(expected as number) });
  });

  it("a Retry-After cap never shortens a schedule longer than it", () => {
    const d = decideRetry({ attempt: 1, retryable: true, retryAfterSeconds: 10 ** 9, scheduleSeconds: [7200 * 4], now });
    expect(d).toMatchObject({ delaySeconds: 7200 * 4 });
  });
});
