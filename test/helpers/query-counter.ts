import type { DataSource } from "typeorm";

/**
 * Counts the SQL statements the main thread's DataSource runs (every TypeORM query and hand-written statement
 * goes through its QueryRunner's `query`). The scheduler and the engine poll on their own, so callers take the
 * fewest statements of a few identical requests: a request that overlaps no poll shows its own count.
 */
export function countStatements(dataSource: DataSource) {
  // SQLite has one shared runner whose `query` is already wrapped on the instance (db/transaction.ts);
  // PostgreSQL makes a runner per connection, so its class is patched.
  const runner = dataSource.createQueryRunner() as unknown as { query: (...args: unknown[]) => Promise<unknown> };
  const target = Object.hasOwn(runner, "query") ? runner : (Object.getPrototypeOf(runner) as typeof runner);
  if (target !== runner) void (runner as unknown as { release(): Promise<void> }).release();
  const original = target.query;
  const seen: string[] = [];
  target.query = function (this: unknown, ...args: unknown[]) {
    seen.push(String(args[0]));
    return original.apply(this, args);
  };
  return {
    /** The fewest statements any of `runs` calls of `request` took. */
    async fewest(request: () => Promise<unknown>, runs = 5): Promise<{ count: number; statements: string[] }> {
      let best: string[] | null = null;
      for (let i = 0; i < runs; i++) {
        seen.length = 0;
        await request();
        if (!best || seen.length < best.length) best = [...seen];
      }
      return { count: best!.length, statements: best! };
    },
    restore() {
      target.query = original;
    },
  };
}
