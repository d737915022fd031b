// The SQLite file's write lock between this process's two connections: the main thread's and the writer
// thread's (sqlite-writer.worker.ts). SQLite's own busy handler waits by sleeping, and on the main thread that
// sleep stalled the event loop whenever an inbound transaction met one of the engine's (measured in an alert
// storm: BEGIN IMMEDIATE cost 0.45 ms on average on the main thread, most of it asleep). Here the main thread
// waits without blocking (Atomics.waitAsync), the writer thread blocks (it has nothing else to do), and under
// contention the lock is handed over to the side that waits, so neither starves the other. SQLite's busy timeout
// stays the guard against other processes (a backup, the CLI).

const FREE = 0;
export const MAIN = 1;
export const WRITER = 2;
type Side = typeof MAIN | typeof WRITER;

/** Cells of the shared buffer: who holds the lock, and whether each side waits for it. */
const HOLDER = 0;
const waitingCell = (side: Side) => side; // MAIN → 1, WRITER → 2

/** As long as SQLite's own busy timeout (ormconfig.ts): then the same error a busy database gives. */
export const WRITE_LOCK_TIMEOUT_MS = 10_000;

type WaitAsync = (cells: Int32Array, index: number, value: number, timeoutMs: number) => { async: boolean; value: Promise<string> | string };
const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;

function busy(): Error {
  return Object.assign(new Error(`database is locked (waited ${WRITE_LOCK_TIMEOUT_MS} ms for this process's other connection)`), {
    code: "SQLITE_BUSY",
  });
}

export class SqliteWriteLock {
  private readonly cells: Int32Array;
  /** The lock knows one thread per side: a second writer thread on the same DataSource goes without it. */
  private writerSideTaken = false;

  /** `buffer`: from the other side (`new SqliteWriteLock(workerData.lock)`), or a new one. */
  constructor(readonly buffer: SharedArrayBuffer = new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT)) {
    this.cells = new Int32Array(buffer);
  }

  /** Main thread: undefined when taken at once, else a promise that settles once it is held (or times out). */
  take(): Promise<void> | undefined {
    if (this.tryTake(MAIN)) return undefined;
    return this.waitFor(MAIN);
  }

  /** Writer thread: blocks until held; throws SQLITE_BUSY after the timeout. */
  takeBlocking(): void {
    if (this.tryTake(WRITER)) return;
    const deadline = this.startWaiting(WRITER);
    for (let wait; (wait = this.whileWaiting(WRITER, deadline)); ) Atomics.wait(this.cells, HOLDER, wait.holder, wait.leftMs);
  }

  /** Either side: lets go, handing the lock straight to the other side if it waits (nothing, unless `side` holds it). */
  release(side: Side): void {
    const other: Side = side === MAIN ? WRITER : MAIN;
    if (Atomics.load(this.cells, HOLDER) !== side) return;
    const handOver = Atomics.compareExchange(this.cells, waitingCell(other), 1, 0) === 1;
    Atomics.store(this.cells, HOLDER, handOver ? other : FREE);
    Atomics.notify(this.cells, HOLDER);
  }

  /** Main thread, for a writer thread about to start: false when another writer thread already uses this lock. */
  takeWriterSide(): boolean {
    if (this.writerSideTaken) return false;
    this.writerSideTaken = true;
    return true;
  }

  /**
   * Main thread: the writer thread is gone (exited, or stopped mid-transaction, when `finally` blocks do not run):
   * what it held or waited for is let go. `forGood`: no thread of this writer will use the lock again.
   */
  writerGone(forGood: boolean): void {
    Atomics.store(this.cells, waitingCell(WRITER), 0);
    if (Atomics.compareExchange(this.cells, HOLDER, WRITER, FREE) === WRITER) Atomics.notify(this.cells, HOLDER);
    if (forGood) this.writerSideTaken = false;
  }

  private tryTake(side: Side): boolean {
    // A waiting other side has the next turn: taking a free lock past it would starve it.
    if (Atomics.load(this.cells, waitingCell(side === MAIN ? WRITER : MAIN)) === 1) return false;
    return Atomics.compareExchange(this.cells, HOLDER, FREE, side) === FREE;
  }

  /** Free while flagged as waiting: take it and clear the flag, unless a hand-over is already under way. */
  private claimWhileWaiting(side: Side): boolean {
    if (Atomics.compareExchange(this.cells, HOLDER, FREE, side) !== FREE) return false;
    Atomics.store(this.cells, waitingCell(side), 0);
    return true;
  }

  private async waitFor(side: Side): Promise<void> {
    const deadline = this.startWaiting(side);
    for (let wait; (wait = this.whileWaiting(side, deadline)); ) {
      const waited = waitAsync(this.cells, HOLDER, wait.holder, wait.leftMs);
      if (waited.async) await waited.value;
    }
  }

  /** Flags `side` as waiting (the holder hands over to it); returns the deadline. */
  private startWaiting(side: Side): number {
    Atomics.store(this.cells, waitingCell(side), 1);
    return Date.now() + WRITE_LOCK_TIMEOUT_MS;
  }

  /**
   * One round of waiting: null once `side` holds the lock (handed over, or found free and taken); else the holder
   * to wait on and for how long. Throws SQLITE_BUSY past the deadline.
   */
  private whileWaiting(side: Side, deadline: number): { holder: number; leftMs: number } | null {
    const holder = Atomics.load(this.cells, HOLDER);
    if (holder === side || (holder === FREE && this.claimWhileWaiting(side))) return null;
    const leftMs = deadline - Date.now();
    if (leftMs > 0) return { holder, leftMs };
    this.giveUp(side);
    return null;
  }

  /** Timed out: withdraw, unless the lock was handed over in that instant (then it is held after all). */
  private giveUp(side: Side): void {
    if (Atomics.compareExchange(this.cells, waitingCell(side), 1, 0) === 1) throw busy();
    while (Atomics.load(this.cells, HOLDER) !== side) Atomics.wait(this.cells, HOLDER, Atomics.load(this.cells, HOLDER), 1);
  }
}

/** The lock of each SQLite DataSource (set by serializeSqliteConnection, read by the writer thread's opener). */
const locks = new WeakMap<object, SqliteWriteLock>();

export function attachWriteLock(dataSource: object): SqliteWriteLock {
  const lock = new SqliteWriteLock();
  locks.set(dataSource, lock);
  return lock;
}

export function writeLockOf(dataSource: object): SqliteWriteLock | undefined {
  return locks.get(dataSource);
}
