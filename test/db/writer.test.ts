// The engine's write path (src/db/writer.ts): statements run in one transaction, on the SQLite writer thread for
// a database file and pipelined on a pool of its own on PostgreSQL, and main-thread transactions keep working
// beside it.
import "reflect-metadata";
import fs from "node:fs";
import Database from "better-sqlite3";
import type { DataSource } from "typeorm";
import { createDataSource } from "../../ormconfig";
import { sqliteFileOf } from "../../src/config";
import { openWriter, type Writer } from "../../src/db/writer";
import { SqliteWriter } from "../../src/db/sqlite-writer";
import { PG_WRITER_APPLICATION_NAME } from "../../src/db/pg-writer";
import { isTransientError } from "../../src/db/dialect";
import { insertStatements, type ColumnOf } from "../../src/db/sql";
import { walSyncOf } from "../../src/db/transaction";
import { createTestDatabase, usingPostgres, type TestDatabase } from "../helpers/database";

let db: TestDatabase;
let ds: DataSource;
let writer: Writer;

const count = async (): Promise<number> => Number((await ds.query("SELECT COUNT(*) AS n FROM scratch"))[0].n);

/** A connection of its own that never waits: BUSY tells that another connection holds SQLite's write lock. */
function lockProbe() {
  const probe = new Database(sqliteFileOf(db.url)!, { timeout: 0 });
  return {
    anotherHoldsLock(): boolean {
      try {
        probe.exec("BEGIN IMMEDIATE");
        probe.exec("ROLLBACK");
        return false;
      } catch (error) {
        if ((error as { code?: string }).code === "SQLITE_BUSY") return true;
        throw error;
      }
    },
    close: () => probe.close(),
  };
}

/**
 * Starts a transaction on the writer thread that runs for a while (~0.5 s) and inserts `<tag>-3000000`; resolves,
 * with its promise, once the writer holds the write lock.
 */
async function slowWriterTransaction(probe: ReturnType<typeof lockProbe>, tag: string): Promise<{ done: Promise<unknown> }> {
  const done = writer.transaction([
    {
      text: `INSERT INTO scratch (v) SELECT :tag || '-' || x FROM (
        WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3000000) SELECT MAX(x) AS x FROM c)`,
      params: { tag },
    },
  ]);
  while (!probe.anotherHoldsLock()) await new Promise((r) => setTimeout(r, 1));
  return { done };
}

beforeAll(async () => {
  db = await createTestDatabase();
  ds = createDataSource(db.url);
  await ds.initialize();
  await ds.query(usingPostgres() ? "CREATE TABLE scratch (id SERIAL PRIMARY KEY, v TEXT NOT NULL UNIQUE, at TEXT)" : "CREATE TABLE scratch (id INTEGER PRIMARY KEY, v TEXT NOT NULL UNIQUE, at TEXT)");
  writer = await openWriter(ds);
});

afterAll(async () => {
  await writer.close();
  await ds.destroy();
  await db.drop();
});

beforeEach(() => ds.query("DELETE FROM scratch"));

test("runs the statements in order in one transaction and returns each one's rows and count", async () => {
  const results = await writer.transaction([
    { text: "INSERT INTO scratch (v) VALUES (:v) RETURNING v", params: { v: "a" } },
    { text: "INSERT INTO scratch (v) VALUES (:v), (:w)", params: { v: "b", w: "c" } },
    { text: "UPDATE scratch SET v = v || '!' WHERE v IN (:...vs)", params: { vs: ["a", "b"] } },
  ]);
  expect(results[0].rows).toEqual([{ v: "a" }]);
  expect(results[1].affected).toBe(2);
  expect(results[2].affected).toBe(2);
  expect((await ds.query("SELECT v FROM scratch ORDER BY id")).map((r: { v: string }) => r.v)).toEqual(["a!", "b!", "c"]);
});

test("a failing statement rolls the whole transaction back and rejects with the database's error", async () => {
  await writer.transaction([{ text: "INSERT INTO scratch (v) VALUES (:v)", params: { v: "taken" } }]);
  await expect(
    writer.transaction([
      { text: "INSERT INTO scratch (v) VALUES (:v)", params: { v: "new" } },
      { text: "INSERT INTO scratch (v) VALUES (:v)", params: { v: "taken" } },
    ]),
  ).rejects.toThrow(/UNIQUE|unique/);
  expect(await count()).toBe(1);
  // The writer is still usable after an error.
  await writer.transaction([{ text: "INSERT INTO scratch (v) VALUES (:v)", params: { v: "after" } }]);
  expect(await count()).toBe(2);
});

test("dates are bound as the main connection binds them", async () => {
  const at = new Date("2026-03-01T10:20:30.456Z");
  await writer.transaction([{ text: "INSERT INTO scratch (v, at) VALUES (:v, :at)", params: { v: "d", at } }]);
  await ds.query(usingPostgres() ? "INSERT INTO scratch (v, at) VALUES ($1, $2)" : "INSERT INTO scratch (v, at) VALUES (?, ?)", ["e", ...ds.driver.escapeQueryWithParameters(":at", { at })[1]]);
  const rows: { at: string }[] = await ds.query("SELECT at FROM scratch ORDER BY id");
  expect(rows[0].at).toBe(rows[1].at);
});

test("a main-thread transaction that reads, then writes after the writer committed, still commits", async () => {
  let writerDone: Promise<unknown> | null = null;
  await ds.transaction(async (em) => {
    await em.query("SELECT COUNT(*) FROM scratch");
    writerDone = writer.transaction([{ text: "INSERT INTO scratch (v) VALUES (:v)", params: { v: "from-writer" } }]);
    await new Promise((r) => setTimeout(r, 100)); // the writer would commit here if the transaction let it
    await em.query(usingPostgres() ? "INSERT INTO scratch (v) VALUES ($1)" : "INSERT INTO scratch (v) VALUES (?)", ["from-main"]);
  });
  await writerDone;
  // SQLite: the writer thread waited for the main transaction's lock; PostgreSQL: both ran side by side.
  const order = (await ds.query("SELECT v FROM scratch ORDER BY id")).map((r: { v: string }) => r.v);
  expect(order).toEqual(usingPostgres() ? expect.arrayContaining(["from-main", "from-writer"]) : ["from-main", "from-writer"]);
  expect(order).toHaveLength(2);
});

test("closing waits for the transactions already handed over", async () => {
  const second = await openWriter(ds);
  const done = second.transaction([{ text: "INSERT INTO scratch (v) VALUES (:v)", params: { v: "last" } }]);
  await second.close();
  await done;
  expect(await count()).toBe(1);
  await expect(second.transaction([])).rejects.toThrow(/closed/);
});

/** The WAL's generation (its header's salts) and the commits in it: frames of that generation with the commit field set. */
function walCommits(file: string): { salts: string; commits: number } {
  const wal = fs.readFileSync(`${file}-wal`);
  const pageSize = wal.readUInt32BE(8);
  const salts = wal.subarray(16, 24);
  let commits = 0;
  for (let at = 32; at + 24 + pageSize <= wal.length; at += 24 + pageSize) {
    if (!wal.subarray(at + 8, at + 16).equals(salts)) break;
    if (wal.readUInt32BE(at + 4) !== 0) commits++;
  }
  return { salts: salts.toString("hex"), commits };
}

(usingPostgres() ? test.skip : test)("SQLite: transactions handed over together commit together, and a failing one rolls back alone", async () => {
  await writer.transaction([{ text: "INSERT INTO scratch (v) VALUES (:v)", params: { v: "taken" } }]);
  const file = sqliteFileOf(db.url)!;
  // An open read keeps the WAL from starting over meanwhile, unless the checkpointer had copied all of it.
  const reader = new Database(file);
  try {
    reader.exec("BEGIN");
    reader.prepare("SELECT COUNT(*) FROM scratch").get();
    const before = walCommits(file);
    const insert = (v: string) => ({ text: "INSERT INTO scratch (v) VALUES (:v)", params: { v } });
    const outcomes = await Promise.allSettled([
      writer.transaction([insert("a")]),
      writer.transaction([insert("b"), insert("taken")]),
      writer.transaction([insert("c")]),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(String((outcomes[1] as PromiseRejectedResult).reason)).toMatch(/UNIQUE/);
    const after = walCommits(file);
    // A WAL that started over holds only the commits made since `before`.
    expect(after.commits - (after.salts === before.salts ? before.commits : 0)).toBe(1);
    reader.exec("COMMIT");
  } finally {
    reader.close();
  }
  const rows: { v: string }[] = await ds.query("SELECT v FROM scratch ORDER BY id");
  expect(rows.map((r) => r.v)).toEqual(["taken", "a", "c"]);
});

(usingPostgres() ? test.skip : test)("SQLite: checkpoints run on a thread of their own, not on either connection's commits", async () => {
  const walSize = () => fs.statSync(`${sqliteFileOf(db.url)}-wal`).size;
  const fill = async (tag: string) => {
    for (let i = 0; i < 8; i++) await ds.query("INSERT INTO scratch (v) VALUES (?)", [`${tag}-${i}-${"x".repeat(512 * 1024)}`]);
  };
  const checkpointing = await openWriter(ds);
  expect(await ds.query("PRAGMA wal_autocheckpoint")).toEqual([{ wal_autocheckpoint: 0 }]);
  const [{ rows }] = await checkpointing.transaction([{ text: "PRAGMA wal_autocheckpoint", params: {} }]);
  expect(rows).toEqual([{ wal_autocheckpoint: 0 }]);
  await fill("a");
  const afterFirst = walSize();
  expect(afterFirst).toBeGreaterThan(4 * 1024 * 1024);
  await new Promise((r) => setTimeout(r, 1_500)); // the checkpointer's periodic checkpoint copies every frame
  await fill("b"); // a fully checkpointed WAL is reused from its start instead of growing
  expect(walSize()).toBeLessThan(afterFirst * 1.5);
  await checkpointing.close();
  expect(await ds.query("PRAGMA wal_autocheckpoint")).toEqual([{ wal_autocheckpoint: 1000 }]);
});

(usingPostgres() ? test.skip : test)("SQLite: under a steady stream of commits the WAL starts over once past its limit instead of growing", async () => {
  const file = sqliteFileOf(db.url)!;
  /** Salts in the WAL header change each time the WAL starts over from its first frame. */
  const salts = new Set<string>();
  const noteSalt = () => {
    const fd = fs.openSync(`${file}-wal`, "r");
    try {
      const header = Buffer.alloc(8);
      fs.readSync(fd, header, 0, 8, 16);
      salts.add(header.toString("hex"));
    } finally {
      fs.closeSync(fd);
    }
  };
  await writer.close();
  const limited = await SqliteWriter.open(ds, file, 1024 * 1024);
  try {
    const row = "y".repeat(4 * 1024);
    for (let i = 0, until = Date.now() + 4_000; Date.now() < until; i++) {
      // Commits back to back, with a read beside each: the PASSIVE checkpoints never see the WAL wholly copied.
      await Promise.all([ds.query("INSERT INTO scratch (v) VALUES (?)", [`${i}-${row}`]), ds.query("SELECT COUNT(*) FROM scratch")]);
      noteSalt();
    }
  } finally {
    await limited.close();
    writer = await openWriter(ds);
  }
  // Checked once a second: at least two restarts in four seconds (without them the WAL only grows: one salt).
  expect(salts.size).toBeGreaterThanOrEqual(3);
});

(usingPostgres() ? test.skip : test)("SQLite: a main-thread transaction waits for the writer thread's without stalling the event loop", async () => {
  const probe = lockProbe();
  try {
    const slow = await slowWriterTransaction(probe, "writer");
    const main = ds.transaction((em) => em.query("INSERT INTO scratch (v) VALUES ('main')"));
    // SQLite's busy handler sleeps: had the main thread waited in it, this timer would only run after the
    // writer's commit.
    const heldWhileMainWaited = await new Promise<boolean>((r) => setTimeout(() => r(probe.anotherHoldsLock()), 0));
    expect(heldWhileMainWaited).toBe(true);
    await Promise.all([slow.done, main]);
    const rows: { v: string }[] = await ds.query("SELECT v FROM scratch ORDER BY id");
    expect(rows.map((r) => r.v)).toEqual(["writer-3000000", "main"]);
  } finally {
    probe.close();
  }
});

(usingPostgres() ? test.skip : test)("SQLite: a waiting writer thread gets the write lock before the main thread's next transaction", async () => {
  let letGo!: () => void;
  const holding = new Promise<void>((r) => (letGo = r));
  let inserted!: () => void;
  const firstInserted = new Promise<void>((r) => (inserted = r));
  const first = ds.transaction(async (em) => {
    await em.query("INSERT INTO scratch (v) VALUES ('main-1')");
    inserted();
    await holding;
  });
  await firstInserted;
  const fromWriter = writer.transaction([{ text: "INSERT INTO scratch (v) VALUES ('writer')", params: {} }]);
  await new Promise((r) => setTimeout(r, 300)); // the request reaches the thread, which then waits for the lock
  letGo();
  await first;
  const next = ds.transaction((em) => em.query("INSERT INTO scratch (v) VALUES ('main-2')"));
  await Promise.all([fromWriter, next]);
  const rows: { v: string }[] = await ds.query("SELECT v FROM scratch ORDER BY id");
  expect(rows.map((r) => r.v)).toEqual(["main-1", "writer", "main-2"]);
});

(usingPostgres() ? test.skip : test)("SQLite: main-connection writes resolve after a WAL sync, on a new file and on a reopened one; the writer thread's are not synced", async () => {
  // `ds` opened a new file; a second DataSource on the same file is a restart's.
  const reopened = createDataSource(db.url);
  await reopened.initialize();
  try {
    for (const [n, source] of [ds, reopened].entries()) {
      // SQLite does not sync at COMMIT (that would block the event loop): the write awaits walSyncOf's fsync instead.
      expect(await source.query("PRAGMA synchronous")).toEqual([{ synchronous: 1 }]);
      const syncs = walSyncOf(source)!;
      let before = syncs.completed;
      await source.transaction((em) => em.query(`INSERT INTO scratch (v) VALUES ('durable-${n}-1')`));
      expect(syncs.completed).toBeGreaterThan(before);
      before = syncs.completed;
      await source.query(`INSERT INTO scratch (v) VALUES ('durable-${n}-2')`);
      expect(syncs.completed).toBeGreaterThan(before);
    }
    const [{ rows }] = await writer.transaction([{ text: "PRAGMA synchronous", params: {} }]);
    expect(rows).toEqual([{ synchronous: 1 }]); // NORMAL
  } finally {
    await reopened.destroy();
  }
});

(usingPostgres() ? test.skip : test)("SQLite: a second writer on the same DataSource works beside the first, and main-thread writes go on after it closes", async () => {
  const probe = lockProbe();
  const second = await openWriter(ds);
  try {
    const slow = await slowWriterTransaction(probe, "first");
    // The second writer's transaction waits while the first one's runs.
    await Promise.all([slow.done, second.transaction([{ text: "INSERT INTO scratch (v) VALUES ('second')", params: {} }])]);
    // Had both writers shared the lock, the second one's wait would have left it promised to a writer thread that
    // no longer waits, and the second of these would have failed after 10 s ("database is locked").
    await ds.query("INSERT INTO scratch (v) VALUES ('main-1')");
    await ds.query("INSERT INTO scratch (v) VALUES ('main-2')");
    await second.close();
    await ds.query("INSERT INTO scratch (v) VALUES ('main-3')");
    await writer.transaction([{ text: "INSERT INTO scratch (v) VALUES ('first-again')", params: {} }]);
    expect(await count()).toBe(6);
  } finally {
    await second.close();
    probe.close();
  }
});

(usingPostgres() ? test : test.skip)("PostgreSQL: a connection the database ends is replaced, and the writer goes on", async () => {
  const insert = (v: string) => [{ text: "INSERT INTO scratch (v) VALUES (:v)", params: { v } }];
  await Promise.all([writer.transaction(insert("a")), writer.transaction(insert("b"))]); // two connections in the pool
  const ended = await ds.query("SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()", [PG_WRITER_APPLICATION_NAME]);
  expect(ended.length).toBeGreaterThanOrEqual(1);
  // A transaction may meet a connection that ended under it (a transient error the engine retries); the next one
  // gets a new connection.
  for (let tries = 0; ; tries++) {
    const outcome = await writer.transaction(insert("c")).then(() => null, (error: unknown) => error);
    if (outcome === null) break;
    expect(isTransientError(outcome)).toBe(true);
    expect(tries).toBeLessThan(ended.length);
  }
  expect(await count()).toBe(3);
});

test("rows of an INSERT go out in few statements (a power of two each, largest first), and every row arrives", async () => {
  const columns: ColumnOf<string>[] = [["v", (v) => v]];
  for (const n of [1, 7, 13, 32, 45]) {
    await ds.query("DELETE FROM scratch");
    const rows = Array.from({ length: n }, (_, i) => `r${i}`);
    const statements = insertStatements("scratch", columns, rows);
    expect(statements).toHaveLength(n.toString(2).replace(/0/g, "").length); // 7 rows: 4 + 2 + 1
    await writer.transaction(statements);
    expect((await ds.query("SELECT v FROM scratch ORDER BY id")).map((r: { v: string }) => r.v)).toEqual(rows);
  }
});
