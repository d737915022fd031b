import Database from "better-sqlite3";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createIntegration, createWebhook, postAlert, uniqueWebhookAlert } from "../helpers/alert-groups";
import { usingPostgres } from "../helpers/database";
import { eventually } from "../helpers/fixtures";
import { Receiver } from "../helpers/receiver";
import { startChild, type ChildServer } from "../delivery/child-server";
import { outhook } from "./cli-process";

// Issue 11, `outhook backup` / `outhook restore` as real processes: a backup taken while a server takes traffic
// restores to a server that serves the data; restore refuses a database in use and files that are not outhook's.
jest.setTimeout(240_000);

const describeSqlite = usingPostgres() ? describe.skip : describe;

describe("backup and restore on PostgreSQL", () => {
  it("point to pg_dump and pg_restore", async () => {
    const env = { DATABASE_URL: "postgres://postgres@127.0.0.1:5432/whatever" };
    const backup = await outhook(["backup", "/tmp/never-written.sqlite"], env);
    expect(backup).toEqual(expect.objectContaining({ code: 1, stderr: expect.stringContaining("pg_dump") }));
    const restore = await outhook(["restore", "/tmp/never-read.sqlite"], env);
    expect(restore).toEqual(expect.objectContaining({ code: 1, stderr: expect.stringContaining("pg_restore") }));
  });
});

describeSqlite("backup and restore", () => {
  let dir: string;
  let receiver: Receiver;
  const children: ChildServer[] = [];
  const file = (name: string) => path.join(dir, name);
  const sqlite = (name: string) => ({ DATABASE_URL: `sqlite:${file(name)}`, DANGEROUS_WEBHOOKS_ENABLED: "true" });

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "outhook-backup-"));
    receiver = await Receiver.start();
  });
  afterAll(async () => {
    for (const child of children) await child.kill("SIGTERM");
    await receiver.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function serverOn(name: string): Promise<ChildServer> {
    const child = await startChild(sqlite(name));
    children.push(child);
    return child;
  }

  it("a backup taken during traffic restores to a working server that serves the data", async () => {
    const live = await serverOn("live.sqlite");
    const integration = await createIntegration(live.client, { type: "webhook" });
    const hook = await createWebhook(live.client, { trigger_type: "alert group created", url: `${receiver.url}/restored`, authorization_header: "Bearer kept-secret" });

    // Traffic: a stream of new alert groups, each delivered to the receiver.
    let sent = 0;
    let flowing = true;
    const traffic = (async () => {
      while (flowing) {
        await postAlert(live.client, integration, uniqueWebhookAlert());
        sent += 1;
      }
    })();
    await eventually(async () => sent >= 20 && receiver.requests.length >= 10, 60_000, 100);
    const groupsBefore = (await live.client.api.get("/api/v1/alert_groups/", { params: { perpage: 100 } })).data.count as number;

    const backup = await outhook(["backup", file("backup.sqlite")], sqlite("live.sqlite"));
    const sentAtBackup = sent;
    await eventually(async () => sent >= sentAtBackup + 10, 60_000, 100); // traffic went on meanwhile
    flowing = false;
    await traffic;

    expect(backup).toEqual(expect.objectContaining({ code: 0, stdout: expect.stringContaining(`backed up ${file("live.sqlite")} to ${file("backup.sqlite")}`) }));
    expect((await outhook(["backup", file("backup.sqlite")], sqlite("live.sqlite"))).stderr).toContain("exists");

    // The live database is in use: restoring over it is refused, and it keeps serving.
    const refused = await outhook(["restore", file("backup.sqlite")], sqlite("live.sqlite"));
    expect(refused).toEqual(expect.objectContaining({ code: 1, stderr: expect.stringContaining("is in use") }));
    expect((await live.client.api.get(`/api/v1/webhooks/${hook.id}/`)).status).toBe(200);

    const restore = await outhook(["restore", file("backup.sqlite")], sqlite("restored.sqlite"));
    expect(restore).toEqual(expect.objectContaining({ code: 0, stdout: expect.stringContaining(`into ${file("restored.sqlite")}`) }));

    const restored = await serverOn("restored.sqlite");
    const webhook = await restored.client.api.get(`/api/v1/webhooks/${hook.id}/`);
    expect(webhook.status).toBe(200);
    expect(webhook.data.authorization_header).toBe("****************");
    const groups = (await restored.client.api.get("/api/v1/alert_groups/", { params: { perpage: 100 } })).data.count as number;
    expect(groups).toBeGreaterThanOrEqual(groupsBefore);
    expect(groups).toBeLessThanOrEqual(1 + sentAtBackup);

    // It works: a new alert there is delivered, with the secret it decrypted.
    await postAlert(restored.client, integration, uniqueWebhookAlert({ title: "after restore" }));
    const request = await eventually(async () => receiver.requests.find((r) => r.json?.alert_payload?.title === "after restore"), 30_000, 100);
    expect(request.headers.authorization).toBe("Bearer kept-secret");
  });

  it("restores over a stopped database and keeps the one it replaced", async () => {
    const run = await outhook(["restore", file("backup.sqlite")], sqlite("live.sqlite"));
    // The live server of the first test still runs: stop it first, as the refusal says.
    expect(run.code).toBe(1);
    await children[0].kill("SIGTERM");
    const again = await outhook(["restore", file("backup.sqlite")], sqlite("live.sqlite"));
    expect(again.code).toBe(0);
    const kept = /kept as (\S+)/.exec(again.stdout)?.[1];
    expect(kept && fs.existsSync(kept)).toBe(true);
  });

  it("refuses files that are not an outhook database", async () => {
    fs.writeFileSync(file("notes.txt"), "not a database at all, just some text\n".repeat(200));
    const other = new Database(file("other.sqlite"));
    other.exec("CREATE TABLE things (id INTEGER PRIMARY KEY)");
    other.close();
    const text = await outhook(["restore", file("notes.txt")], sqlite("target.sqlite"));
    expect(text).toEqual(expect.objectContaining({ code: 1, stderr: expect.stringContaining("is not an SQLite database") }));
    const foreign = await outhook(["restore", file("other.sqlite")], sqlite("target.sqlite"));
    expect(foreign).toEqual(expect.objectContaining({ code: 1, stderr: expect.stringContaining("is not an outhook database") }));
    const missing = await outhook(["restore", file("nothing-here.sqlite")], sqlite("target.sqlite"));
    expect(missing).toEqual(expect.objectContaining({ code: 1, stderr: expect.stringContaining("no file") }));
    expect(fs.existsSync(file("target.sqlite"))).toBe(false);
  });
});
