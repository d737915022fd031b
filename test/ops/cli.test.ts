import { createIntegration, createWebhook, postAlert, responsesOf, uniqueWebhookAlert } from "../helpers/alert-groups";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { eventually } from "../helpers/fixtures";
import { Receiver } from "../helpers/receiver";
import { startChild, type ChildServer } from "../delivery/child-server";
import { outhook } from "./cli-process";

// Issue 11, the CLI: every command runs as a real process (bin/outhook.js) against DATABASE_URL, here while a
// server runs on the same database (SQLite file, or PostgreSQL with TEST_DATABASE_URL).
jest.setTimeout(180_000);

describe("outhook --help", () => {
  it.each([[], ["serve"], ["migrate"], ["webhook"], ["webhook", "test"], ["deliveries"], ["deliveries", "retry"], ["backup"], ["restore"]])(
    "outhook %s --help",
    async (...command) => {
      const run = await outhook([...command, "--help"]);
      expect(run).toEqual(expect.objectContaining({ code: 0, stdout: expect.stringContaining(`Usage: outhook ${command.join(" ")}`.trimEnd()) }));
    },
  );

  it("lists every command", async () => {
    const { stdout } = await outhook(["--help"]);
    for (const name of ["serve", "migrate", "webhook", "deliveries", "token", "backup", "restore"]) expect(stdout).toMatch(new RegExp(`^  ${name}\\b`, "m"));
  });
});

describe("outhook migrate", () => {
  let db: TestDatabase;
  beforeAll(async () => (db = await createTestDatabase()));
  afterAll(() => db.drop());

  it("creates the schema of a new database, then has nothing left to do", async () => {
    const first = await outhook(["migrate"], { DATABASE_URL: db.url });
    expect(first).toEqual(expect.objectContaining({ code: 0, stdout: expect.stringMatching(/^database is up to date: \d+ migrations/) }));
    expect(first.stderr).toMatch(/"msg":"database: migrations applied"/);
    const again = await outhook(["migrate"], { DATABASE_URL: db.url });
    expect(again.code).toBe(0);
    expect(again.stderr).not.toMatch(/migrations applied/);
  });
});

describe("commands beside a running server", () => {
  let db: TestDatabase;
  let receiver: Receiver;
  let child: ChildServer;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    db = await createTestDatabase();
    receiver = await Receiver.start();
    env = { DATABASE_URL: db.url, DANGEROUS_WEBHOOKS_ENABLED: "true" };
    // No retries: a failed attempt fails its delivery at once.
    child = await startChild({ ...env, WEBHOOK_RETRY_SCHEDULE: "" });
  });
  afterAll(async () => {
    await child?.kill("SIGTERM");
    await receiver.close();
    await db.drop();
  });

  it("webhook test <id> sends the request now, prints request and response, and stores nothing", async () => {
    const hook = await createWebhook(child.client, {
      url: `${receiver.url}/test-send`, trigger_type: "escalation", authorization_header: "Bearer cli-secret-1",
      forward_all: false, data: '{"title": "{{ alert_group.title }}"}',
    });
    receiver.respondWith({ status: 202, body: { received: true } });
    const before = receiver.requests.length;

    const run = await outhook(["webhook", "test", hook.id], env);

    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`POST ${receiver.url}/test-send`);
    expect(run.stdout).toContain('"Authorization": "****************"');
    expect(run.stdout).not.toContain("cli-secret-1");
    expect(run.stdout).toMatch(/status: 202/);
    expect(run.stdout).toMatch(/body: \{"received": ?true\}/);
    expect(receiver.requests.length).toBe(before + 1);
    expect(receiver.requests[before].headers.authorization).toBe("Bearer cli-secret-1");
    expect(await responsesOf(child.client, hook.id)).toEqual([]);

    receiver.respondWith({ status: 500, body: "down" });
    expect((await outhook(["webhook", "test", hook.id], env)).code).toBe(1);
    const unknown = await outhook(["webhook", "test", "WHNOSUCHHOOK1"], env);
    expect(unknown).toEqual(expect.objectContaining({ code: 1, stderr: expect.stringContaining("no webhook WHNOSUCHHOOK1") }));
  });

  it("deliveries retry --failed-since … --webhook … queues failed deliveries again, each with its webhook-id", async () => {
    const integration = await createIntegration(child.client, { type: "webhook" });
    const failing = await createWebhook(child.client, { trigger_type: "alert group created", url: `${receiver.url}/flaky` });
    const other = await createWebhook(child.client, { trigger_type: "alert group created", url: `${receiver.url}/other` });
    for (const hook of [failing, other]) await child.client.gql(`mutation($id: ID!) { rotateWebhookSigningSecret(id: $id) }`, { id: hook.id });
    receiver.always({ status: 503, body: "unavailable" });
    const groups = 25;
    for (let i = 0; i < groups; i++) await postAlert(child.client, integration, uniqueWebhookAlert());
    const statusesOf = async (hookId: string) => {
      const res = await child.client.gql(`query($w: ID!) { deliveries(filter: { webhookId: $w }, first: 100) { nodes { id status } } }`, { w: hookId });
      return res.data.deliveries.nodes as { id: string; status: string }[];
    };
    let seen: unknown = null;
    await eventually(async () => {
      const all = [...(await statusesOf(failing.id)), ...(await statusesOf(other.id))];
      seen = all.map((d) => d.status);
      return all.length === 2 * groups && all.every((d) => d.status === "FAILED");
    }, 60_000, 250).catch((e) => {
      throw new Error(`${e.message}; statuses ${JSON.stringify(seen)}`);
    });
    receiver.always({ status: 200, body: { ok: true } });

    const future = await outhook(["deliveries", "retry", "--failed-since", new Date(Date.now() + 3_600_000).toISOString()], env);
    expect(future).toEqual(expect.objectContaining({ code: 0, stdout: "queued 0 failed deliveries again\n" }));
    const bad = await outhook(["deliveries", "retry", "--failed-since", "last tuesday"], env);
    expect(bad).toEqual(expect.objectContaining({ code: 1, stderr: expect.stringContaining("--failed-since: expected") }));

    const run = await outhook(["deliveries", "retry", "--failed-since", "1h", "--webhook", failing.id], env);
    expect(run).toEqual(expect.objectContaining({ code: 0, stdout: `queued ${groups} failed deliveries again\n` }));

    const done = await eventually(async () => {
      const nodes = await statusesOf(failing.id);
      return nodes.every((d) => d.status === "SUCCEEDED") ? nodes : null;
    }, 60_000, 250);
    expect((await statusesOf(other.id)).every((d) => d.status === "FAILED")).toBe(true); // only the one webhook
    const ids = receiver.requests.filter((r) => r.path === "/flaky").map((r) => String(r.headers["webhook-id"]));
    for (const d of done) expect(ids.filter((id) => id === d.id)).toHaveLength(2); // the failed attempt and the retry
  });
});
