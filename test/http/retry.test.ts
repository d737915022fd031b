import { isRetryable, parseRetryAfter, type SendOutcome } from "../../src/http";

describe("isRetryable", () => {
  const r = (status: number): SendOutcome => ({ kind: "response", status, content: "" });
  test.each([
    [r(200), false],
    [r(204), false],
    [r(302), false],
    [r(400), false],
    [r(404), false],
    [r(408), true],
    [r(429), true],
    [r(500), true],
    [r(503), true],
    [{ kind: "url_rejected", message: "Malformed url" } as SendOutcome, false],
    [{ kind: "transport_error", message: "refused", timeout: false, tls: false } as SendOutcome, true],
    [{ kind: "transport_error", message: "timed out", timeout: true, tls: false } as SendOutcome, true],
    [{ kind: "transport_error", message: "TLS error", timeout: false, tls: true } as SendOutcome, false],
  ])("%j → %s", (outcome, expected) => {
    expect(isRetryable(outcome)).toBe(expected);
  });
});

describe("parseRetryAfter", () => {
  const now = Date.parse("2024-05-01T12:00:00Z");
  test.each([
    [undefined, undefined],
    ["120", 120],
    [" 0 ", 0],
    ["Wed, 01 May 2024 12:00:30 GMT", 30],
    ["Wed, 01 May 2024 11:00:00 GMT", 0],
    ["-5", undefined],
    ["soon", undefined],
    ["1.5", undefined],
  ])("%j → %j", (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });
});
