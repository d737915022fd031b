// outhook's database for one scenario: a fresh SQLite file (the default, as the issue measures), or a fresh
// PostgreSQL database on the server in BENCH_DATABASE_URL. The bench only counts rows in it.
import { randomBytes } from "node:crypto";
import path from "node:path";
import Database from "better-sqlite3";
import { Client } from "pg";

export interface BenchDatabase {
  url: string;
  kind: "sqlite" | "postgres";
  /** The value of `SELECT COUNT(*) AS n …`. */
  count(sql: string): Promise<number>;
  drop(): Promise<void>;
}

/** Read-only, beside the running server (WAL lets it read while the server writes). */
export function sqliteFile(file: string): BenchDatabase {
  return {
    url: `sqlite:${file}`,
    kind: "sqlite",
    async count(sql) {
      const db = new Database(file, { readonly: true, fileMustExist: true });
      try {
        return Number((db.prepare(sql).get() as { n: number }).n);
      } finally {
        db.close();
      }
    },
    drop: async () => undefined, // the scratch folder goes at the end of the run
  };
}

async function postgresDatabase(adminUrl: string): Promise<BenchDatabase> {
  const name = `outhook_bench_${randomBytes(6).toString("hex")}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let client: Client | undefined;
  return {
    url: url.toString(),
    kind: "postgres",
    async count(sql) {
      if (!client) {
        client = new Client({ connectionString: url.toString() });
        await client.connect();
      }
      return Number((await client.query(sql)).rows[0].n);
    },
    async drop() {
      await client?.end();
      const c = new Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export function createBenchDatabase(dir: string): Promise<BenchDatabase> {
  const adminUrl = process.env.BENCH_DATABASE_URL;
  if (adminUrl) return postgresDatabase(adminUrl);
  return Promise.resolve(sqliteFile(path.join(dir, `outhook-${randomBytes(4).toString("hex")}.sqlite`)));
}
