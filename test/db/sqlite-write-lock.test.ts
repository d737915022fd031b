// The write lock shared by the main thread and the SQLite writer thread (src/db/sqlite-write-lock.ts). Here both
// sides are driven from one thread over one buffer: the writer side only ever takes it when it is free.
import { MAIN, SqliteWriteLock, WRITER } from "../../src/db/sqlite-write-lock";

function sides() {
  const main = new SqliteWriteLock();
  const writer = new SqliteWriteLock(main.buffer);
  return { main, writer };
}

test("a free lock is taken at once; while the writer holds it the main thread waits, and gets it on release", async () => {
  const { main, writer } = sides();
  writer.takeBlocking();
  let taken = false;
  const waiting = main.take()!.then(() => (taken = true));
  await new Promise((r) => setTimeout(r, 20));
  expect(taken).toBe(false);
  writer.release(WRITER);
  await waiting;
  expect(main.take()).not.toBeUndefined(); // held by main now: a second take waits
});

test("a writer thread that is gone lets go of what it held", async () => {
  const { main, writer } = sides();
  writer.takeBlocking(); // and then the thread stopped without reaching its `finally`
  const waiting = main.take()!;
  main.writerGone(false);
  await waiting;
  main.release(MAIN);
  expect(main.take()).toBeUndefined();
});

test("only one writer thread uses the lock: a second one is refused until the first is gone for good", () => {
  const { main } = sides();
  expect(main.takeWriterSide()).toBe(true);
  expect(main.takeWriterSide()).toBe(false);
  main.writerGone(false); // a replaced thread keeps the writer side
  expect(main.takeWriterSide()).toBe(false);
  main.writerGone(true);
  expect(main.takeWriterSide()).toBe(true);
});
