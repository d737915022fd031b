import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { sqliteFileOf } from "../../src/config";
import { buildOnce } from "../delivery/build";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { REPO_ROOT } from "../helpers/process";
import { TEST_SECRET_KEY } from "./helpers";
import { ONCALL_TOKEN, type RecordedOnCall, startRecordedOnCall } from "./recorded-oncall";

// `npx outhook import-oncall` as a real process (bin/outhook.js → dist/src/cli/main.js).
let oncall: RecordedOnCall;
let db: TestDatabase;

beforeAll(async () => {
  await buildOnce();
  oncall = await startRecordedOnCall();
  db = await createTestDatabase();
}, 240_000);
afterAll(async () => {
  await db.drop();
  await oncall.close();
});

function outhook(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [path.join(REPO_ROOT, "bin/outhook.js"), ...args], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: db.url, SECRET_KEY: TEST_SECRET_KEY },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
}

describe("npx outhook import-oncall", () => {
  it("--dry-run prints the plan and creates no database", async () => {
    const run = await outhook("import-oncall", "--from", oncall.url, "--token", ONCALL_TOKEN, "--dry-run");
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(run.stdout).toContain(`Import from ${oncall.url} (dry run: nothing was written)`);
    expect(run.stdout).toContain("Organization: O9WTH7CKM3KZW (would be created)");
    expect(run.stdout).toContain('  webhook WHL3WF151FKKIB "Ticket on ack"\n');
    if (db.kind === "sqlite") expect(fs.existsSync(sqliteFileOf(db.url)!)).toBe(false);
  });

  it("imports, printing what was created, what needs attention, what stays in OnCall and how to make tokens", async () => {
    const run = await outhook("import-oncall", "--from", `${oncall.url}/api/v1/`, "--token", ONCALL_TOKEN);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^webhooks\s+4\s+0\s+0\s+0\s+0\s+0\s+1$/m);
    expect(run.stdout).toContain("\nCreated (19):\n");
    expect(run.stdout).toContain('  webhook WHJ5J6XJIBAG9I "Notify CMDB": OnCall masks its password: imported without, disabled; PATCH');
    expect(run.stdout).toContain('  integration CZQW9PR3XN7UB "Zabbix :apple:": type zabbix: outhook receives');
    expect(run.stdout).toContain("  1 alert group: their history is not imported");
    expect(run.stdout).toContain("  npx outhook token create --user U4DNY931HHJS5   # alex\n");
  });

  it("reports everything unchanged the second time", async () => {
    const run = await outhook("import-oncall", "--from", oncall.url, "--token", ONCALL_TOKEN);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^escalation policies\s+0\s+0\s+6\s+0\s+0\s+0\s+2$/m);
    expect(run.stdout).not.toContain("Created");
    expect(run.stdout).not.toContain("token create");
  });

  it("exits 1 with the source's answer when the token is refused", async () => {
    const run = await outhook("import-oncall", "--from", oncall.url, "--token", "nope");
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^outhook: GET http:\/\/127\.0\.0\.1:\d+\/api\/v1\/organizations\/current\/|^outhook: GET .*\/api\/v1\/teams\/\?perpage=100&page=1 answered 401/);
    expect(run.stdout).toBe("");
  });

  it("exits 1 when an object could not be imported", async () => {
    oncall.data.webhooks.push({ ...oncall.data.webhooks[1], id: "WHZZ9ZZZ9ZZZ9Z", url: "https://x/{{ }}" });
    const run = await outhook("import-oncall", "--from", oncall.url, "--token", ONCALL_TOKEN);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('  webhook WHZZ9ZZZ9ZZZ9Z "Notify CMDB": conflict, not imported: its name is taken by webhook WHJ5J6XJIBAG9I in outhook');
  });
});
