import { createUserWithToken } from "../helpers/users";
import { startTestServer, clientFor, type TestServer } from "../helpers/server";
import { outhook } from "./cli-process";

// Issue 11, `outhook token create | list | revoke`: the real CLI process on the database of a running server
// (SQLite file, or PostgreSQL with TEST_DATABASE_URL), through the API-token service's rules.
jest.setTimeout(180_000);

describe("outhook token --help", () => {
  it.each([["token"], ["token", "create"], ["token", "list"], ["token", "revoke"]])("outhook %s --help", async (...command) => {
    const run = await outhook([...command, "--help"]);
    expect(run).toEqual(expect.objectContaining({ code: 0, stdout: expect.stringContaining(`Usage: outhook ${command.join(" ")}`) }));
  });
});

describe("outhook token beside a running server", () => {
  let t: TestServer;
  let env: NodeJS.ProcessEnv;
  let alice: Awaited<ReturnType<typeof createUserWithToken>>;

  beforeAll(async () => {
    t = await startTestServer();
    env = { DATABASE_URL: t.db.url };
    alice = await createUserWithToken(t, { username: "alice", role: "admin" });
  });
  afterAll(() => t?.close());

  const webhooksWith = async (token: string) => (await clientFor(t.url, token).get("/api/v1/webhooks/")).status;

  it("create prints the secret once, and it authenticates against the running server", async () => {
    const run = await outhook(["token", "create", "--user", "alice", "--name", "ci deploys"], env);
    expect(run.code).toBe(0);
    const secret = run.stdout.trim();
    expect(run.stdout).toBe(`${secret}\n`);
    expect(run.stderr).toMatch(new RegExp(`created token \\d+ \\("ci deploys"\\) for ${alice.user.publicId} \\(alice\\)`));
    expect(await webhooksWith(secret)).toBe(200);
    expect(await webhooksWith(`Bearer ${secret}`)).toBe(200);

    const list = await outhook(["token", "list"], env);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(new RegExp(`^\\d+\\s+ci deploys\\s+${alice.user.publicId}\\s+alice\\s+\\S+Z\\s+-$`, "m"));
    expect(list.stdout).not.toContain(secret);
  });

  it("list --user shows only that user's tokens, by id or username", async () => {
    for (const user of [alice.user.publicId, "ALICE"]) {
      const run = await outhook(["token", "list", "--user", user], env);
      expect(run.code).toBe(0);
      const rows = run.stdout.trim().split("\n").slice(1);
      expect(rows.length).toBeGreaterThanOrEqual(2); // the helper's token and the CLI's
      for (const row of rows) expect(row).toContain(` ${alice.user.publicId} `);
    }
    const bob = await outhook(["token", "list", "--user", "nobody-here"], env);
    expect(bob).toEqual(expect.objectContaining({ code: 1, stderr: expect.stringContaining("no user nobody-here") }));
  });

  it("revoke: the token answers 401 at once; revoking again keeps the first time", async () => {
    const secret = (await outhook(["token", "create", "--user", alice.user.publicId, "--name", "short-lived"], env)).stdout.trim();
    expect(await webhooksWith(secret)).toBe(200);
    const id = /^(\d+)\s+short-lived\b/m.exec((await outhook(["token", "list", "--user", "alice"], env)).stdout)![1];

    const run = await outhook(["token", "revoke", id], env);
    expect(run).toEqual(expect.objectContaining({ code: 0, stdout: expect.stringMatching(new RegExp(`^token ${id} \\("short-lived"\\) of ${alice.user.publicId} revoked at \\S+Z\\n$`)) }));
    expect(await webhooksWith(secret)).toBe(401);
    const again = await outhook(["token", "revoke", id], env);
    expect(again.stdout).toBe(run.stdout);
    expect((await outhook(["token", "list"], env)).stdout).toMatch(new RegExp(`^${id}\\s+short-lived\\s.*Z\\s+\\S+Z$`, "m"));

    expect(await outhook(["token", "revoke", "999999"], env)).toEqual(expect.objectContaining({ code: 1, stderr: expect.stringContaining("no API token 999999") }));
  });

  it("the service's rules apply: a blank name, and at most 5 live tokens per user", async () => {
    const blank = await outhook(["token", "create", "--user", "alice", "--name", "   "], env);
    expect(blank).toEqual(expect.objectContaining({ code: 1, stdout: "", stderr: expect.stringContaining("name: This field may not be blank.") }));
    // alice holds 2 live tokens (the helper's and "ci deploys"): 3 more reach the limit, the next is refused.
    for (let i = 0; i < 3; i++) expect((await outhook(["token", "create", "--user", "alice", "--name", `extra ${i}`], env)).code).toBe(0);
    const sixth = await outhook(["token", "create", "--user", "alice", "--name", "one too many"], env);
    expect(sixth).toEqual(expect.objectContaining({ code: 1, stdout: "", stderr: expect.stringContaining("Max token count (5) for this user reached.") }));
  });
});
