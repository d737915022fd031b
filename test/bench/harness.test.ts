import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { sqliteFile } from "../../bench/e2e/database";
import { expectAllRecorded } from "../../bench/e2e/records";
import { REPO_ROOT } from "../helpers/process";
import { buildOnce } from "../delivery/build";

// The end-to-end bench's harness at 1% scale: every scenario runs against real processes and ends with its
// row. No figure is asserted (speed is for `npm run bench`); only that the harness measures and checks.

const RUN = path.join(REPO_ROOT, "dist/bench/run.js");

function newestTs(dir: string): number {
  return fs.readdirSync(dir, { withFileTypes: true }).reduce((newest, e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return Math.max(newest, newestTs(full));
    return e.name.endsWith(".ts") ? Math.max(newest, fs.statSync(full).mtimeMs) : newest;
  }, 0);
}

/** dist/ as buildOnce leaves it, plus the bench when only bench/ changed since (buildOnce watches src/). */
async function buildBench(): Promise<void> {
  await buildOnce();
  if (fs.existsSync(RUN) && fs.statSync(RUN).mtimeMs >= newestTs(path.join(REPO_ROOT, "bench"))) return;
  try {
    execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.join(REPO_ROOT, "tsconfig.json")], { cwd: REPO_ROOT, stdio: "pipe" });
  } catch (error) {
    if (!fs.existsSync(RUN)) throw error;
  }
}

function runBench(args: string[]): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, [RUN, ...args], { cwd: REPO_ROOT, env: { ...process.env, BENCH_SCALE: "0.01" } });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (out += d));
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, out })));
}

beforeAll(() => buildBench(), 180_000);

it("runs every end-to-end scenario against its reference and prints the summary table", async () => {
  const { code, out } = await runBench(["inbound", "memory", "latency", "fan-out"]);
  expect({ code, out }).toEqual({ code: 0, out: expect.any(String) });
  expect(out).toMatch(/\| inbound alerts\/s vs express \+ prepared statements \| ratio \*\*\d+\.\d\d\*\* /);
  expect(out).toMatch(/\| storm deliveries\/s vs bare axios \(concurrency 20\) \| ratio \*\*\d+\.\d\d\*\* /);
  expect(out).toMatch(/\| RSS of the server during the storm \| peak \*\*\d+ MB\*\* /);
  expect(out).toMatch(/\| inbound POST returned → receiver, at 200 alerts\/s \| p50 -?\d+\.\d ms, p99 \*\*-?\d+\.\d ms\*\* /);
  expect(out).toMatch(/\| fan-out of one alert to 10 webhooks vs bare axios \| \*\*\d+\.\d\d×\*\* /);
  expect(out).not.toMatch(/engine:/); // only what was asked for
}, 90_000);

it("refuses an unknown scenario by name", async () => {
  const { code, out } = await runBench(["stormy"]);
  expect(code).toBe(1);
  expect(out).toMatch(/unknown scenario stormy; choose from inbound, storm, latency, fan-out, engine/);
}, 30_000);

describe("the durable-record check", () => {
  let dir: string;
  let dbFile: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-records-"));
    dbFile = path.join(dir, "outhook.sqlite");
    const db = new Database(dbFile);
    db.exec("CREATE TABLE delivery (id INTEGER PRIMARY KEY, status TEXT); CREATE TABLE webhook_response (id INTEGER PRIMARY KEY)");
    db.exec("INSERT INTO delivery (status) VALUES ('succeeded'), ('succeeded'); INSERT INTO webhook_response DEFAULT VALUES");
    db.close();
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("fails loudly when a delivery has no record, and names the counts", async () => {
    await expect(expectAllRecorded(sqliteFile(dbFile), 2, 2, 200)).rejects.toThrow(
      "not every delivery was recorded exactly once: expected 2; deliveries 2 (2 succeeded), attempt records 1, requests at the receiver 2",
    );
  });

  it("fails when the receiver saw a request more than once, and passes when everything matches", async () => {
    const db = new Database(dbFile);
    db.exec("INSERT INTO webhook_response DEFAULT VALUES");
    db.close();
    await expect(expectAllRecorded(sqliteFile(dbFile), 2, 3, 200)).rejects.toThrow(/requests at the receiver 3/);
    await expect(expectAllRecorded(sqliteFile(dbFile), 2, 2, 200)).resolves.toEqual({ records: 2, deliveries: 2, succeeded: 2 });
  });
});
