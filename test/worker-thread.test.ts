// The request-reply protocol of outhook's long-lived threads (src/worker-thread.ts), against a real worker.
import path from "node:path";
import { ThreadClient } from "../src/worker-thread";
import type { EchoRequest } from "./helpers/echo-thread";

const ECHO = path.join(__dirname, "helpers/echo-thread");
let thread: ThreadClient<EchoRequest, string>;

beforeEach(() => {
  thread = new ThreadClient("echo thread", ECHO, null);
});

afterEach(() => thread.close().catch(() => undefined));

test("requests made together each get their own answer", async () => {
  const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => thread.request({ op: "echo", value: `v${i}` })));
  expect(answers).toEqual(Array.from({ length: 50 }, (_, i) => `v${i}`));
});

test("an error thrown by the handler rejects that request only, with its message and code", async () => {
  const [failed, fine] = await Promise.allSettled([thread.request({ op: "fail", value: "no such table" }), thread.request({ op: "echo", value: "ok" })]);
  expect(failed).toMatchObject({ status: "rejected", reason: { message: "no such table", code: "E_TEST" } });
  expect(fine).toEqual({ status: "fulfilled", value: "ok" });
});

test("a thread that dies fails the requests it held, and the next request starts a new one", async () => {
  const held = thread.request({ op: "hang", value: "" });
  await thread.request({ op: "echo", value: "started" });
  const crash = thread.request({ op: "crash", value: "" });
  await expect(held).rejects.toThrow("echo thread exited (7)");
  await expect(crash).rejects.toThrow("echo thread exited (7)");
  await expect(thread.request({ op: "echo", value: "again" })).resolves.toBe("again");
});

test("close lets the requests already made finish, then refuses new ones", async () => {
  const pending = thread.request({ op: "echo", value: "last" });
  await thread.close();
  await expect(pending).resolves.toBe("last");
  await expect(thread.request({ op: "echo", value: "late" })).rejects.toThrow("echo thread is closed");
});
