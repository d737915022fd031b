import type { ServerResponse } from "node:http";
import { HttpSender, isRetryable } from "../../src/http";
import { loopbackSender, startServer, type TestServer } from "./helpers";

let server: TestServer;
/** Short deadline: the deadline tests wait for it. */
let sender: HttpSender;
/** Deadline far away: the size tests must not meet it (during a full parallel run one did not finish in 600 ms). */
let roomySender: HttpSender;
const timers = new Set<NodeJS.Timeout>();
let bigStream = { written: 0, finished: false, closedEarly: false };

function drip(res: ServerResponse, chunk: string, everyMs: number) {
  const t = setInterval(() => {
    if (res.destroyed) return clearInterval(t);
    res.write(chunk);
  }, everyMs);
  timers.add(t);
  res.on("close", () => clearInterval(t));
}

beforeAll(async () => {
  server = await startServer((req, res) => {
    if (req.url === "/drip") {
      res.writeHead(200, { "Content-Type": "text/plain" });
      return drip(res, "x", 50); // a byte every 50 ms: never silent for long, never done
    }
    if (req.url === "/noheaders") return; // accepts, never answers
    if (req.url === "/big-known") return res.writeHead(200, { "Content-Length": "10000000" }).end(Buffer.alloc(10_000_000, 97));
    if (req.url === "/big-chunked") {
      bigStream = { written: 0, finished: false, closedEarly: false };
      res.writeHead(200, { "Content-Type": "text/plain" });
      const chunk = Buffer.alloc(16 * 1024, 98);
      const pump = () => {
        while (bigStream.written < 200 * 1024 * 1024) {
          if (res.destroyed) return;
          bigStream.written += chunk.length;
          if (!res.write(chunk)) return void res.once("drain", pump);
        }
        bigStream.finished = true;
        res.end();
      };
      res.on("close", () => (bigStream.closedEarly = !bigStream.finished));
      return pump();
    }
    if (req.url === "/exact") return res.end(Buffer.alloc(50_000, 99));
    res.end("ok");
  });
  sender = loopbackSender({ timeoutMs: 600 });
  roomySender = loopbackSender({ timeoutMs: 15_000 });
});
afterAll(async () => {
  for (const t of timers) clearInterval(t);
  sender.close();
  roomySender.close();
  await server.close();
});

describe("total deadline and size limit", () => {
  test("a slow-drip body is cut at the total deadline", async () => {
    const start = Date.now();
    const out = await sender.send({ url: server.url("/drip"), method: "GET", headers: {} });
    const took = Date.now() - start;
    expect(out).toMatchObject({ kind: "transport_error", timeout: true, tls: false });
    expect(out.kind === "transport_error" && out.message).toMatch(/timed out after 0\.6s/);
    expect(isRetryable(out)).toBe(true);
    expect(took).toBeGreaterThanOrEqual(550);
    expect(took).toBeLessThan(1500);
  });

  test("a server that never sends headers is cut at the deadline", async () => {
    const start = Date.now();
    expect(await sender.send({ url: server.url("/noheaders"), method: "POST", headers: {}, body: "x" })).toMatchObject({ kind: "transport_error", timeout: true });
    expect(Date.now() - start).toBeLessThan(1500);
  });

  test("a declared huge body is refused from Content-Length without reading it", async () => {
    expect(await roomySender.send({ url: server.url("/big-known"), method: "GET", headers: {} })).toEqual({
      kind: "response",
      status: 200,
      content: "Response content 10000000 exceeds 50000 character limit",
    });
  });

  test("an undeclared huge body stops being read just past the limit", async () => {
    const out = await roomySender.send({ url: server.url("/big-chunked"), method: "GET", headers: {} });
    expect(out.kind).toBe("response");
    const m = out.kind === "response" ? /^Response content (\d+) exceeds 50000 character limit$/.exec(out.content) : null;
    expect(m).not.toBeNull();
    const n = Number(m![1]);
    expect(n).toBeGreaterThan(50_000);
    expect(n).toBeLessThan(50_000 + 256 * 1024);
    await new Promise((r) => setTimeout(r, 100));
    expect(bigStream.finished).toBe(false);
    expect(bigStream.closedEarly).toBe(true);
    expect(bigStream.written).toBeLessThan(50 * 1024 * 1024);
  });

  test("exactly 50000 bytes is still content", async () => {
    const out = await roomySender.send({ url: server.url("/exact"), method: "GET", headers: {} });
    expect(out.kind === "response" && out.content.length).toBe(50_000);
  });

  test("the limit is configurable", async () => {
    const small = loopbackSender({ maxResponseBytes: 10 });
    try {
      expect(await small.send({ url: server.url("/exact"), method: "GET", headers: {} })).toMatchObject({
        content: "Response content 50000 exceeds 10 character limit",
      });
    } finally {
      small.close();
    }
  });

  test("the sender still works after deadlines fired", async () => {
    expect(await sender.send({ url: server.url("/"), method: "GET", headers: {} })).toEqual({ kind: "response", status: 200, content: "ok" });
  });
});
