import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "pg";

/** A fresh database for one test file: a temp SQLite file, or a new PostgreSQL database when TEST_DATABASE_URL is set. */
export interface TestDatabase {
  url: string;
  kind: "sqlite" | "postgres";
  drop(): Promise<void>;
}

export const usingPostgres = () => Boolean(process.env.TEST_DATABASE_URL);

export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "outhook-test-"));
    return {
      url: `sqlite:${path.join(dir, "outhook.sqlite")}`,
      kind: "sqlite",
      drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `outhook_t_${randomBytes(6).toString("hex")}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    kind: "postgres",
    drop: async () => {
      const c = new Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
