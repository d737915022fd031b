// Runs a job at start and then again `intervalMs` after each run has finished. A slow run (a database lock, a
// burst of due escalation steps) delays the next one instead of queueing more runs behind it, as setInterval did.
export class TickLoop {
  private timer: NodeJS.Timeout | null = null;
  /** The run in progress, if any: stop() waits for it. */
  private running: Promise<void> | null = null;
  private stopped = false;

  /** `job` reports its own errors; a rejection is passed to `onError` and the loop goes on. */
  constructor(
    private readonly intervalMs: number,
    private readonly job: () => Promise<void>,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  /** Returns once the first run has finished. */
  async start(): Promise<void> {
    this.stopped = false;
    await this.runOnce();
    this.scheduleNext();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private scheduleNext(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.runOnce().then(() => this.scheduleNext());
    }, this.intervalMs);
  }

  private runOnce(): Promise<void> {
    const run = this.job()
      .catch(this.onError)
      .finally(() => (this.running = null));
    this.running = run;
    return run;
  }
}
