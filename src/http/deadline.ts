// One total deadline per send(): DNS, connect, every redirect hop and the body all share it,
// so a server dripping bytes cannot hold a worker past OUTGOING_WEBHOOK_TIMEOUT.

export class DeadlineExceeded extends Error {}

export class Deadline {
  private readonly ac = new AbortController();
  private readonly timer: NodeJS.Timeout;

  constructor(readonly ms: number) {
    this.timer = setTimeout(() => this.ac.abort(new DeadlineExceeded(`deadline of ${ms}ms exceeded`)), ms);
  }

  get signal(): AbortSignal {
    return this.ac.signal;
  }

  get expired(): boolean {
    return this.ac.signal.aborted;
  }

  /** Settles with `p`, or rejects once the deadline passes (for work that cannot be cancelled, e.g. getaddrinfo). */
  race<T>(p: Promise<T>): Promise<T> {
    if (this.expired) return Promise.reject(this.ac.signal.reason);
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(this.ac.signal.reason);
      this.ac.signal.addEventListener("abort", onAbort, { once: true });
      p.then(resolve, reject).finally(() => this.ac.signal.removeEventListener("abort", onAbort));
    });
  }

  clear(): void {
    clearTimeout(this.timer);
  }
}
