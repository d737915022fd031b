import { decodeNotices, encodeNotices, type AttemptNotice } from "../../src/delivery/attempt-notices";

// NOTIFY payloads: ids only, each below PostgreSQL's 8000-byte limit, read back exactly.
const notice = (i: number, extra: Partial<AttemptNotice> = {}): AttemptNotice => ({
  organizationId: 1 + (i % 3), webhookId: 1_000_000 + i, deliveryId: 2_000_000_000 + i, attempt: 1 + (i % 6), outcome: "retrying", ...extra,
});

describe("encodeNotices / decodeNotices", () => {
  it("round-trips every outcome, skips without an attempt number included", () => {
    const notices = [notice(1, { outcome: "succeeded" }), notice(2, { outcome: "failed" }), notice(3), notice(4, { outcome: "skipped", attempt: null })];
    const payloads = encodeNotices(notices);
    expect(payloads).toHaveLength(1);
    expect(payloads.flatMap(decodeNotices)).toEqual(notices);
  });

  it("splits a large group into payloads below 8000 bytes, keeping the order", () => {
    const notices = Array.from({ length: 1_000 }, (_, i) => notice(i));
    const payloads = encodeNotices(notices);
    expect(payloads.length).toBeGreaterThan(1);
    for (const p of payloads) expect(Buffer.byteLength(p)).toBeLessThan(8000);
    expect(payloads.flatMap(decodeNotices)).toEqual(notices);
  });

  it("leaves out what it did not write (another program on the channel)", () => {
    expect(decodeNotices("hello;1,2,3,1,x;1,2,,1,s;-1,2,3,1,s;1,2,3,1,s")).toEqual([
      { organizationId: 1, webhookId: 2, deliveryId: 3, attempt: 1, outcome: "succeeded" },
    ]);
    expect(encodeNotices([])).toEqual([]);
  });
});
