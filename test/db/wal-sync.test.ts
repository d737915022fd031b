// Durable commits off the event loop (src/db/sqlite-wal-sync.ts): a write resolves only after a WAL sync that
// started after it, and writes that finish while one sync runs share the next.
import { WalSync } from "../../src/db/sqlite-wal-sync";

/** A sync the test finishes by hand: what the disk would do, slowly. */
function manualSync() {
  const pending: { resolve: () => void; reject: (e: Error) => void }[] = [];
  return {
    started: () => pending.length,
    sync: () => new Promise<void>((resolve, reject) => pending.push({ resolve, reject })),
    finish: (i: number) => pending[i].resolve(),
    fail: (i: number) => pending[i].reject(new Error("EIO")),
  };
}

const settled = async (p: Promise<unknown>): Promise<boolean> => {
  let done = false;
  void p.then(() => (done = true), () => (done = true));
  await new Promise((r) => setImmediate(r));
  return done;
};

describe("WalSync", () => {
  it("a flush resolves after a sync that started after it; flushes during that sync share the next one", async () => {
    const disk = manualSync();
    const wal = new WalSync(disk.sync);
    const first = wal.flush();
    expect(disk.started()).toBe(1);
    // These writes may have landed after the running sync began: it cannot vouch for them.
    const later = [wal.flush(), wal.flush(), wal.flush()];
    expect(disk.started()).toBe(1);
    expect(later[1]).toBe(later[0]);
    disk.finish(0);
    await first;
    expect(await settled(later[0])).toBe(false);
    expect(disk.started()).toBe(2);
    disk.finish(1);
    await Promise.all(later);
    expect(wal.completed).toBe(2);
    // Idle again: the next flush starts its own sync at once.
    const again = wal.flush();
    expect(disk.started()).toBe(3);
    disk.finish(2);
    await again;
  });

  it("a failed sync fails the writes that waited for it, and the next flush syncs again", async () => {
    const disk = manualSync();
    const wal = new WalSync(disk.sync);
    const failing = wal.flush();
    const queued = wal.flush();
    disk.fail(0);
    await expect(failing).rejects.toThrow("EIO");
    expect(disk.started()).toBe(2); // the queued flush still gets a sync of its own
    disk.finish(1);
    await expect(queued).resolves.toBeUndefined();
    expect(wal.completed).toBe(1);
  });
});
