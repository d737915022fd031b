// Durable commits without blocking the event loop. With `synchronous = FULL` every COMMIT on the main connection
// synced the WAL on the main thread: at 200 alerts/s that was ~30% of its time, asleep. The main connection now
// commits with NORMAL (frames written to the WAL, not yet synced) and each write awaits an fdatasync of the WAL file
// run on libuv's thread pool before it resolves: the API still answers only once its data is on disk, and every
// commit made while one sync runs shares the next one (group commit).
import fs from "node:fs/promises";

/**
 * The WAL file, opened on first use and kept open: opening it for each sync went through libuv's busy thread pool
 * (DNS lookups of deliveries share it) and took as long as the sync. The file is the same inode for as long as a
 * connection of ours is open (SQLite deletes the WAL only when the last one closes).
 */
export class WalFile {
  private handle: Promise<fs.FileHandle | null> | null = null;

  constructor(private readonly path: string) {}

  async sync(): Promise<void> {
    const handle = await (this.handle ??= this.open());
    // What SQLite itself uses on Linux: the data, not the timestamps.
    await handle?.datasync();
  }

  async close(): Promise<void> {
    const handle = await this.handle;
    this.handle = null;
    await handle?.close();
  }

  private async open(): Promise<fs.FileHandle | null> {
    try {
      return await fs.open(this.path, "r");
    } catch (error) {
      this.handle = null; // forgotten on any failure: the next sync opens it again
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null; // not there yet (no write so far): nothing to sync
      throw error;
    }
  }
}

export class WalSync {
  /** The sync now running: it may have started before the caller's frames were written. */
  private running: Promise<void> | null = null;
  /** The sync that starts when `running` ends, shared by every write that finished meanwhile. */
  private queued: Promise<void> | null = null;
  /** Completed syncs (tests read it). */
  completed = 0;

  constructor(private readonly sync: () => Promise<void>) {}

  /** Resolves once everything written to the WAL before this call is on disk. */
  flush(): Promise<void> {
    if (this.queued) return this.queued;
    if (!this.running) return this.start();
    const next = () => {
      this.queued = null;
      return this.start();
    };
    return (this.queued = this.running.then(next, next));
  }

  private start(): Promise<void> {
    const run = this.sync().then(() => {
      this.completed += 1;
    });
    this.running = run;
    const clear = () => {
      if (this.running === run) this.running = null;
    };
    run.then(clear, clear);
    return run;
  }
}
