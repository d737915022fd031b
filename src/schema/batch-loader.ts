/**
 * Collects the keys a GraphQL level asks for and loads them with one call (the DataLoader idea, in one
 * page). graphql-js resolves the items of a list in one pass, so every `load` of that pass lands in the same
 * batch: a page of 100 webhooks asks for its 100 last attempts once. Results are kept per request.
 */
export class BatchLoader<Key, Value> {
  private readonly cache = new Map<Key, Promise<Value>>();
  private queue: { key: Key; resolve(value: Value): void; reject(error: unknown): void }[] = [];

  /** `loadMany` gets distinct keys and answers one value per key, in the same order. */
  constructor(private readonly loadMany: (keys: Key[]) => Promise<Value[]>) {}

  load(key: Key): Promise<Value> {
    let value = this.cache.get(key);
    if (!value) {
      value = new Promise<Value>((resolve, reject) => this.queue.push({ key, resolve, reject }));
      this.cache.set(key, value);
      // After the current promise jobs, so sibling resolvers still enqueue their keys (as DataLoader does).
      if (this.queue.length === 1) void Promise.resolve().then(() => process.nextTick(() => this.dispatch()));
    }
    return value;
  }

  private dispatch(): void {
    const batch = this.queue;
    this.queue = [];
    this.loadMany(batch.map((item) => item.key)).then(
      (values) => batch.forEach((item, i) => item.resolve(values[i])),
      (error: unknown) => {
        for (const item of batch) {
          this.cache.delete(item.key);
          item.reject(error);
        }
      },
    );
  }
}
