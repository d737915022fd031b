// Attempts sent and not yet durably recorded: after a kill -9 each of them is sent again. New requests wait
// while `limit` of them are open (the engine uses 2 × DELIVERY_CONCURRENCY: the requests in flight plus as many
// answered ones waiting for their commit), so a crash repeats at most that many however slow the database is.
export class SendGate {
  private open = 0;
  private waiters: (() => void)[] = [];
  private closed = false;

  constructor(private readonly limit: number) {}

  /** Resolves true once a request may go out (it is counted), false if the gate closed meanwhile. */
  async enter(): Promise<boolean> {
    while (!this.closed && this.open >= this.limit) await new Promise<void>((resolve) => this.waiters.push(resolve));
    if (this.closed) return false;
    this.open++;
    return true;
  }

  /** `count` sent attempts are recorded now (or will never be). */
  leave(count: number): void {
    if (count === 0) return;
    this.open = Math.max(0, this.open - count);
    this.wakeAll();
  }

  /** Stopping: whoever waits gives up (their deliveries are handed back unsent). */
  close(): void {
    this.closed = true;
    this.wakeAll();
  }

  private wakeAll(): void {
    for (const wake of this.waiters.splice(0)) wake();
  }
}
