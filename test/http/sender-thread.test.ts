// The engine sends through SenderThread (an HttpSender on its own thread): same outcomes as sending in-process,
// and the §6 check before planning runs on the engine's side (the thread protocol: test/worker-thread.test.ts).
import { HttpSender } from "../../src/http";
import { SenderThread } from "../../src/http/sender-thread";
import type { HttpPolicy } from "../../src/http/types";
import { Receiver } from "../helpers/receiver";

const policy: HttpPolicy = { allowPrivate: true, allowedCidrs: [], baseUrl: "http://outhook.example", timeoutMs: 5_000 };
let receiver: Receiver;
let thread: SenderThread;

beforeEach(async () => {
  receiver = await Receiver.start();
  thread = new SenderThread(policy);
});

afterEach(async () => {
  await thread.close();
  await receiver.close();
});

test("a request sent from the thread arrives as sent, with the outcome HttpSender gives in-process", async () => {
  receiver.always({ status: 429, body: { slow: "down" }, headers: { "Retry-After": "7" } });
  const request = { url: `${receiver.url}/hook?x=1`, method: "POST" as const, headers: { "X-Custom": "ä-value", "Content-Type": "application/json" }, body: '{"a": 1}' };
  const fromThread = await thread.send(request);
  const inProcess = new HttpSender(policy);
  const direct = await inProcess.send(request);
  inProcess.close();
  expect(fromThread).toEqual(direct);
  expect(fromThread).toMatchObject({ kind: "response", status: 429, retryAfterSeconds: 7 });
  const [first] = await receiver.waitFor(2);
  expect(first).toMatchObject({ method: "POST", path: "/hook?x=1", body: '{"a": 1}' });
  expect(first.headers["x-custom"]).toBe("ä-value");
});

test("many concurrent sends each get their own outcome", async () => {
  const outcomes = await Promise.all(
    Array.from({ length: 40 }, (_, i) => thread.send({ url: `${receiver.url}/n/${i}`, method: "GET", headers: {} })),
  );
  expect(outcomes.every((o) => o.kind === "response" && o.status === 200)).toBe(true);
  expect(new Set(receiver.requests.map((r) => r.path)).size).toBe(40);
});

test("URL checks answer on the engine's side with the §6 messages", async () => {
  const strict = new SenderThread({ ...policy, allowPrivate: false });
  await expect(strict.checkUrl("http://127.0.0.1:1/x")).resolves.toEqual({ ok: false, message: "This url is not supported for outgoing webhooks" });
  await expect(strict.checkUrl("http://outhook.example/x")).resolves.toEqual({ ok: false, message: "Potential self-reference" });
  await strict.close();
});
