import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createIntegration, createWebhook, postAlert, uniqueWebhookAlert } from "../helpers/alert-groups";
import { eventually } from "../helpers/fixtures";
import { Receiver } from "../helpers/receiver";
import { ADMIN_TOKEN, clientFor } from "../helpers/server";
import { startChild, type ChildServer } from "../delivery/child-server";
import { logLines } from "./log-lines";
import { freePort } from "../helpers/ports";

// Issue 11 (logs) and issue 8 item 9: a whole scenario runs against a real process at LOG_LEVEL=debug (bad
// requests, inbound alerts, deliveries with every kind of credential, failures, errors), then the whole log is
// searched for every secret involved.
jest.setTimeout(120_000);

const URL_PASSWORD = "urlpass-7f3a9c2e";
const BASIC_PASSWORD = "basicpass-51d0e8b4";
const AUTH_HEADER = "Bearer authhdr-9c41e7a2d3";
const API_KEY_HEADER = "apikey-0b7d5e6f1a";
const WRONG_TOKEN = "wrong-token-c0ffee1234";
const SECRET_KEY = "test-secret-key";

describe("logs", () => {
  let dir: string;
  let receiver: Receiver;
  let child: ChildServer;
  let closedPort: number;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "outhook-logs-"));
    receiver = await Receiver.start();
    closedPort = await freePort();
    child = await startChild({
      DATABASE_URL: `sqlite:${path.join(dir, "outhook.sqlite")}`,
      SECRET_KEY,
      LOG_LEVEL: "debug",
      WEBHOOK_RETRY_SCHEDULE: "0.2",
      OUTGOING_WEBHOOK_TIMEOUT: "2",
    });
  });
  afterAll(async () => {
    await child?.kill();
    await receiver.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("never shows a secret, and says which request or delivery each line is about", async () => {
    const t = child.client;
    const secrets = [ADMIN_TOKEN, SECRET_KEY, URL_PASSWORD, BASIC_PASSWORD, AUTH_HEADER.split(" ")[1], API_KEY_HEADER, WRONG_TOKEN];
    const credentials = {
      username: "operator",
      password: BASIC_PASSWORD,
      authorization_header: AUTH_HEADER,
      headers: JSON.stringify({ "X-Api-Key": API_KEY_HEADER }),
      trigger_type: "alert group created",
    };
    const receiverUrl = new URL(receiver.url);
    const good = await createWebhook(t, { ...credentials, url: `http://user:${URL_PASSWORD}@${receiverUrl.host}/ok` });
    const refused = await createWebhook(t, { ...credentials, url: `http://user:${URL_PASSWORD}@127.0.0.1:${closedPort}/down?token=${URL_PASSWORD}` });
    const signing = (await t.gql(`mutation($id: ID!) { rotateWebhookSigningSecret(id: $id) }`, { id: good.id })).data.rotateWebhookSigningSecret;
    secrets.push(signing, signing.replace(/^whsec_/, ""));
    receiver.always({ status: 200, body: { echoed: [BASIC_PASSWORD, API_KEY_HEADER] } });

    const integration = await createIntegration(t, { type: "webhook" });
    const token = new URL(integration.link).pathname.split("/")[4];
    secrets.push(token);
    for (let i = 0; i < 3; i++) await postAlert(t, integration, uniqueWebhookAlert());

    // Bad requests of every kind, some carrying secrets where they do not belong.
    const http = clientFor(t.url);
    await http.get(`/integrations/v1/webhook/${token}/`);
    await http.post(`/integrations/v1/webhook/${token}%zz/`, {});
    await http.post(`/integrations/v1/webhook/${token}x/`, {});
    await http.post(`/integrations/v1/webhook/${token}/`, "{not json", { headers: { "content-type": "application/json" } });
    await http.get("/api/v1/webhooks/", { headers: { Authorization: WRONG_TOKEN } });
    await http.get("/api/v1/webhooks/", { headers: { Authorization: `Bearer ${WRONG_TOKEN}` } });
    await http.post("/graphql", { query: "{ webhooks { nodes { id } } }" }, { headers: { Authorization: WRONG_TOKEN } });
    await t.api.post("/api/v1/webhooks/", "{broken", { headers: { "content-type": "application/json" } });
    await t.api.get(`/api/v1/webhooks/%zz${ADMIN_TOKEN}/`);
    await t.api.get("/api/v1/no-such-thing/");
    await t.api.get(`/api/v1/webhooks/${good.id}/`);
    const echoed = await t.api.get("/health", { headers: { "X-Request-Id": "trace-1234.abc:5" } });
    const replaced = await t.api.get("/health", { headers: { "X-Request-Id": "bad id with spaces\u00e9" } });

    // Three deliveries per webhook: the good ones arrive, the refused ones fail after their retry.
    await receiver.waitFor(3, 30_000);
    await eventually(async () => {
      const res = await t.gql(`query($w: ID!) { deliveries(filter: { webhookId: $w }, first: 100) { nodes { status } } }`, { w: refused.id });
      const nodes = res.data.deliveries.nodes as { status: string }[];
      return nodes.length === 3 && nodes.every((n) => n.status === "FAILED");
    }, 30_000, 200);

    await child.kill("SIGTERM");
    const output = child.process.output();
    if (process.env.OUTHOOK_DUMP_LOG) fs.writeFileSync(process.env.OUTHOOK_DUMP_LOG, output);
    expect(secrets.filter((secret) => output.includes(secret))).toEqual([]);

    expect(echoed.headers["x-request-id"]).toBe("trace-1234.abc:5");
    expect(replaced.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    const { lines, other } = logLines(output);
    expect(other).toEqual([expect.stringMatching(/^outhook listening on port \d+ \(/)]);
    const requests = lines.filter((l) => l.msg === "request");
    expect(requests.length).toBeGreaterThanOrEqual(15);
    for (const line of requests) {
      expect(line).toEqual(expect.objectContaining({ reqId: expect.any(String), method: expect.any(String), status: expect.any(Number), durationMs: expect.any(Number) }));
      expect(line.route === null || /^\/[\w/:.-]*$/.test(line.route)).toBe(true);
    }
    const routes = new Set(requests.map((l) => l.route));
    expect([...routes]).toEqual(expect.arrayContaining(["/integrations/v1/:type/:token", "/api/v1/webhooks", "/api/v1/webhooks/:id", "/graphql", "/health"]));
    expect(requests.find((l) => l.reqId === "trace-1234.abc:5")?.route).toBe("/health");

    // Lines logged inside a request carry its id.
    const failures = lines.filter((l) => l.level === "error" && l.msg === "unhandled error");
    for (const line of failures) expect(line.reqId).toEqual(expect.any(String));

    // Every delivery line names its delivery and attempt.
    const deliveryLines = lines.filter((l) => typeof l.msg === "string" && l.msg.startsWith("delivery: ") && !/resumed|heartbeat|claiming|recording/.test(l.msg));
    expect(deliveryLines.filter((l) => l.msg === "delivery: failed")).toHaveLength(3);
    expect(deliveryLines.filter((l) => l.msg === "delivery: attempt done")).toHaveLength(3);
    for (const line of deliveryLines) {
      expect(line).toEqual(expect.objectContaining({ delivery: expect.stringMatching(/^\w+$/), attempt: expect.any(Number) }));
      expect(line.reqId).toBeUndefined(); // the engine's work is not the request's that woke it
    }
    const done = deliveryLines.filter((l) => l.msg === "delivery: attempt done");
    for (const line of done) expect(line.error).toBeUndefined();
  });
});

