import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { createIntegration, createWebhook, uniqueWebhookAlert } from "../helpers/alert-groups";
import { usingPostgres } from "../helpers/database";
import { eventually } from "../helpers/fixtures";
import { Receiver } from "../helpers/receiver";
import { clientFor } from "../helpers/server";
import { startChild, type ChildServer } from "../delivery/child-server";

// Issue 11, graceful stop: SIGTERM in the middle of a storm of inbound alerts whose deliveries go to a slow
// receiver. The process finishes or hands back what it holds and exits 0 within OUTGOING_WEBHOOK_TIMEOUT + 5 s;
// after a restart on the same file every accepted alert reaches the receiver through every webhook.
jest.setTimeout(240_000);
const TIMEOUT_S = 3;

const describeSqlite = usingPostgres() ? describe.skip : describe;

describeSqlite("SIGTERM under load", () => {
  let dir: string;
  let receiver: Receiver;
  let child: ChildServer | undefined;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "outhook-stop-"));
    receiver = await Receiver.start();
    env = { DATABASE_URL: `sqlite:${path.join(dir, "outhook.sqlite")}`, OUTGOING_WEBHOOK_TIMEOUT: String(TIMEOUT_S) };
  });
  afterAll(async () => {
    await child?.kill();
    await receiver.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("answers the request in flight, exits 0 in time, and loses nothing it accepted", async () => {
    child = await startChild(env);
    const integration = await createIntegration(child.client, { type: "webhook" });
    for (const name of ["a", "b"]) await createWebhook(child.client, { trigger_type: "alert group created", url: `${receiver.url}/${name}` });
    receiver.always({ status: 200, body: { ok: true }, delayMs: 1_500 });

    // The storm: four senders of new alerts; an alert counts as accepted when it was answered 200.
    const accepted: string[] = [];
    let storming = true;
    const http = clientFor(child.process.url);
    const inboundPath = new URL(integration.link).pathname;
    const senders = Array.from({ length: 4 }, async () => {
      while (storming) {
        const alert = uniqueWebhookAlert();
        const res = await http.post(inboundPath, alert).catch(() => null);
        if (res?.status === 200) accepted.push(alert.alert_uid as string);
        else if (!res) await new Promise((r) => setTimeout(r, 50)); // the server is gone or going: try on
      }
    });
    await eventually(async () => accepted.length >= 40 && receiver.requests.length >= 10, 60_000, 50);

    // Two requests are in flight when the signal comes: one's body is still arriving, the other's never will.
    const slow = await startSlowAlert(child.process.port, inboundPath);
    const stalled = await startSlowAlert(child.process.port, inboundPath);
    const signalled = Date.now();
    child.process.child.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 300));
    slow.finish();
    const code = await child.process.exited;
    const tookMs = Date.now() - signalled;
    storming = false;
    await Promise.all(senders);

    expect(code).toBe(0);
    expect(tookMs).toBeLessThan((TIMEOUT_S + 5) * 1000);
    expect(await slow.answer).toMatch(/^HTTP\/1\.1 200 /);
    accepted.push(slow.uid);
    expect(await stalled.answer).toBe(""); // cut off once the grace period was over

    // Restart on the same file, receiver now fast: every accepted alert arrives through both webhooks.
    receiver.always({ status: 200, body: { ok: true } });
    child = await startChild(env);
    const missing = () => {
      const seen = new Set(receiver.requests.map((r) => `${r.path}|${r.json?.alert_payload?.alert_uid}`));
      return accepted.flatMap((uid) => ["/a", "/b"].filter((p) => !seen.has(`${p}|${uid}`)).map((p) => `${p}|${uid}`));
    };
    await eventually(async () => missing().length === 0, 120_000, 250).catch((error) => {
      throw new Error(`${error.message}: ${missing().length} of ${accepted.length * 2} never arrived, e.g. ${missing().slice(0, 5).join(", ")}`);
    });
  });
});

/** An inbound alert POSTed over a raw socket, its body held back until `finish()`; `answer`: all the server sent before closing. */
async function startSlowAlert(port: number, inboundPath: string): Promise<{ uid: string; finish(): void; answer: Promise<string> }> {
  const alert = uniqueWebhookAlert();
  const body = JSON.stringify(alert);
  const socket = net.connect(port, "127.0.0.1");
  await new Promise<void>((resolve, reject) => socket.once("connect", resolve).once("error", reject));
  let answer = "";
  socket.on("data", (d) => (answer += d));
  const closed = new Promise<string>((resolve) => socket.on("close", () => resolve(answer)));
  socket.write(`POST ${inboundPath} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`);
  socket.write(body.slice(0, 10));
  await new Promise((r) => setTimeout(r, 100)); // the server has the request and waits for the rest
  return {
    uid: alert.alert_uid as string,
    // Not `end()`: a client that half-closes its socket cancels its request in Node's HTTP server.
    finish: () => socket.write(body.slice(10)),
    answer: closed,
  };
}
