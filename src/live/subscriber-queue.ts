/**
 * The events waiting for one subscriber, as the async iterator GraphQL subscriptions read. Bounded: a subscriber
 * that reads slower than events arrive (a slow client: graphql-ws waits for each send) is ended with an error
 * once `limit` events wait, rather than holding more and more of them in memory or silently losing some.
 */
export class SubscriberQueue<T> implements AsyncIterableIterator<T> {
  private readonly items: T[] = [];
  private waiter: { resolve(result: IteratorResult<T>): void; reject(error: unknown): void } | null = null;
  private failure: Error | null = null;
  private ended = false;

  constructor(
    private readonly limit: number,
    private readonly overflowError: () => Error,
    /** Called once when the subscriber stops (returned, failed or ended). */
    private readonly onEnd: () => void,
  ) {}

  get closed(): boolean {
    return this.ended || this.failure !== null;
  }

  push(item: T): void {
    if (this.closed) return;
    if (this.waiter) {
      const waiter = this.waiter;
      this.waiter = null;
      waiter.resolve({ value: item, done: false });
      return;
    }
    this.items.push(item);
    if (this.items.length > this.limit) this.fail(this.overflowError());
  }

  /** Ends the subscription with an error (the client gets graphql-ws's `error` message). */
  fail(error: Error): void {
    if (this.closed) return;
    this.failure = error;
    this.items.length = 0;
    this.onEnd();
    if (this.waiter) {
      const waiter = this.waiter;
      this.waiter = null;
      waiter.reject(error);
    }
  }

  /** Ends the subscription normally (server stop): what waits is still read, then `complete`. */
  end(): void {
    if (this.closed) return;
    this.ended = true;
    this.onEnd();
    if (this.waiter && this.items.length === 0) {
      const waiter = this.waiter;
      this.waiter = null;
      waiter.resolve({ value: undefined, done: true });
    }
  }

  next(): Promise<IteratorResult<T>> {
    if (this.items.length) return Promise.resolve({ value: this.items.shift()!, done: false });
    if (this.failure) return Promise.reject(this.failure);
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => (this.waiter = { resolve, reject }));
  }

  /** The client completed the subscription or went away. */
  return(): Promise<IteratorResult<T>> {
    this.items.length = 0;
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }
}
