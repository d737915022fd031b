import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { clientFor } from "../helpers/server";
import { spawnServer } from "../helpers/process";

// The start-up contract of spec README.md, through `npm start`'s own script in a real process.
jest.setTimeout(120_000); // the first start may build with tsc

describe("npm start", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "outhook-start-"));
  const file = path.join(dir, "nested", "folder", "outhook.sqlite");
  const env = { DATABASE_URL: `sqlite:${file}`, BOOTSTRAP_API_TOKEN: "start-token-1" };
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("creates the SQLite file and its folder, prints the chosen port, serves /health, and exits 0 on SIGTERM", async () => {
    const server = await spawnServer(env);
    try {
      expect(server.port).toBeGreaterThan(0);
      const health = await clientFor(server.url).get("/health");
      expect(health.status).toBe(200);
      expect(health.data).toEqual({ status: "ok" });
      expect(fs.existsSync(file)).toBe(true);

      // SECRET_KEY unset: a key is generated once beside the SQLite file, readable by the owner only.
      const keyFile = path.join(path.dirname(file), "outhook.secret.key");
      expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
      expect(server.output()).toMatch(/SECRET_KEY is not set/);

      const list = await clientFor(server.url, "start-token-1").get("/api/v1/webhooks/");
      expect(list.status).toBe(200);
      expect(list.data.results).toEqual([]);
      // BASE_URL defaults to http://localhost:$PORT with the port actually chosen.
      const created = await clientFor(server.url, "start-token-1").post("/api/v1/integrations/", { type: "webhook" });
      expect(created.data.link).toMatch(new RegExp(`^http://localhost:${server.port}/integrations/v1/webhook/`));
    } finally {
      server.child.kill("SIGTERM");
    }
    expect(await server.exited).toBe(0);
  });

  it("restarts on the same file: migrations and the bootstrap token are idempotent, the key is reused", async () => {
    const keyFile = path.join(path.dirname(file), "outhook.secret.key");
    const keyBefore = fs.readFileSync(keyFile, "utf8");
    const server = await spawnServer(env);
    try {
      const api = clientFor(server.url, "start-token-1");
      const users = await api.get("/api/v1/users/");
      expect(users.status).toBe(200);
      expect(users.data.count).toBe(1);
      expect(fs.readFileSync(keyFile, "utf8")).toBe(keyBefore);
      expect(server.output()).not.toMatch(/SECRET_KEY is not set; generated/);
    } finally {
      server.child.kill("SIGINT");
    }
    expect(await server.exited).toBe(0);
  });

  it("refuses to start on PostgreSQL without SECRET_KEY: instances must share one key, none is generated", async () => {
    // Refused before connecting, so no PostgreSQL server is needed at this address.
    const started = spawnServer({ DATABASE_URL: "postgres://outhook@127.0.0.1:1/outhook" });
    await expect(started).rejects.toThrow(/server exited with 1:[\s\S]*SECRET_KEY: required on PostgreSQL/);
  });

  it("refuses a bad configuration with a message naming the variable", async () => {
    await expect(spawnServer({ WEBHOOK_RETRY_SCHEDULE: "5m", DATABASE_URL: "sqlite::memory:" })).rejects.toThrow(
      /WEBHOOK_RETRY_SCHEDULE: expected comma-separated seconds, got "5m"/,
    );
  });
});
