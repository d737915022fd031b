import { SubscriberQueue } from "../../src/live/subscriber-queue";

// The bounded buffer between the live feed and one subscriber's socket.
function queue(limit = 3) {
  const ended = { count: 0 };
  const q = new SubscriberQueue<number>(limit, () => new Error("too slow"), () => ended.count++);
  return { q, ended };
}

describe("SubscriberQueue", () => {
  it("hands events over in order, to a reader waiting or reading later", async () => {
    const { q } = queue();
    const waiting = q.next();
    q.push(1);
    q.push(2);
    q.push(3);
    expect(await waiting).toEqual({ value: 1, done: false });
    expect(await q.next()).toEqual({ value: 2, done: false });
    expect(await q.next()).toEqual({ value: 3, done: false });
  });

  it("ends a reader that lets more than the limit wait, with an error, and forgets what waited", async () => {
    const { q, ended } = queue(3);
    for (let i = 0; i < 4; i++) q.push(i);
    expect(q.closed).toBe(true);
    expect(ended.count).toBe(1);
    await expect(q.next()).rejects.toThrow("too slow");
    q.push(5); // ignored once ended
    expect(ended.count).toBe(1);
  });

  it("end() lets the reader finish what waits, then completes; return() stops at once", async () => {
    const { q, ended } = queue();
    q.push(1);
    q.end();
    expect(await q.next()).toEqual({ value: 1, done: false });
    expect(await q.next()).toEqual({ value: undefined, done: true });
    const other = queue();
    const waiting = other.q.next();
    await other.q.return();
    expect(await waiting).toEqual({ value: undefined, done: true });
    expect([ended.count, other.ended.count]).toEqual([1, 1]);
  });
});
