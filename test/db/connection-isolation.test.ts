// Statements outside a transaction and transactions of other callers stay apart on the one SQLite connection
// (src/db/transaction.ts), as they do on PostgreSQL's pool.
import "reflect-metadata";
import type { DataSource } from "typeorm";
import { createDataSource } from "../../ormconfig";
import { createTestDatabase, usingPostgres, type TestDatabase } from "../helpers/database";

let db: TestDatabase;
let ds: DataSource;

const values = async (): Promise<string[]> => (await ds.query("SELECT v FROM scratch ORDER BY v")).map((r: { v: string }) => r.v);
const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

beforeAll(async () => {
  db = await createTestDatabase();
  ds = createDataSource(db.url);
  await ds.initialize();
  await ds.query(usingPostgres() ? "CREATE TABLE scratch (id SERIAL PRIMARY KEY, v TEXT NOT NULL)" : "CREATE TABLE scratch (id INTEGER PRIMARY KEY, v TEXT NOT NULL)");
});
afterAll(async () => {
  await ds.destroy();
  await db.drop();
});
beforeEach(() => ds.query("DELETE FROM scratch"));

test("a plain write issued while another transaction is open is not rolled back with it", async () => {
  const failing = ds.transaction(async (em) => {
    await em.query("INSERT INTO scratch (v) VALUES ('inside')");
    await tick(); // the transaction stays open across a macrotask, as one awaiting a render would
    throw new Error("rolled back");
  });
  await tick();
  const plain = ds.query("INSERT INTO scratch (v) VALUES ('plain')");
  await expect(failing).rejects.toThrow("rolled back");
  await plain;
  expect(await values()).toEqual(["plain"]);
});

test("a read does not see another transaction's uncommitted rows", async () => {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const writing = ds.transaction(async (em) => {
    await em.query("INSERT INTO scratch (v) VALUES ('uncommitted')");
    await held;
    throw new Error("rolled back");
  });
  await tick();
  const reading = values();
  release();
  await expect(writing).rejects.toThrow("rolled back");
  expect(await reading).toEqual([]);
});

(usingPostgres() ? test.skip : test)("SQLite: a statement on the DataSource inside a transaction callback fails at once instead of waiting forever", async () => {
  const result = ds.transaction(async () => ds.query("SELECT 1"));
  await expect(result).rejects.toThrow(/inside a transaction callback would wait for that transaction/);
  expect(await ds.query("SELECT 1 AS one")).toEqual([{ one: 1 }]);
});
