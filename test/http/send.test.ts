import zlib from "node:zlib";
import { HttpSender, USER_AGENT } from "../../src/http";
import { loopbackSender, startServer, type TestServer } from "./helpers";

let server: TestServer;
let sender: HttpSender;

beforeAll(async () => {
  server = await startServer((req, res, body) => {
    const path = (req.url ?? "/").split("?")[0];
    if (path === "/json") return res.setHeader("Content-Type", "application/json").end('{"id":"x","n":[1,2.0],"é":"ü"}');
    if (path === "/text") return res.end("hello\nworld");
    if (path === "/empty") return res.writeHead(204).end();
    if (path === "/404") return res.writeHead(404).end("not here");
    if (path === "/500") return res.writeHead(503).end('{"error":"down"}');
    if (path === "/429") return res.writeHead(429, { "Retry-After": "17" }).end("slow down");
    if (path === "/429date") return res.writeHead(429, { "Retry-After": new Date(Date.now() + 60_000).toUTCString() }).end();
    if (path === "/gzip") return res.writeHead(200, { "Content-Encoding": "gzip" }).end(zlib.gzipSync('{"zipped":true}'));
    if (path === "/badgzip") return res.writeHead(200, { "Content-Encoding": "gzip" }).end("definitely not gzip");
    if (path === "/echo") return res.end(body);
    res.end("ok");
  });
  sender = loopbackSender();
});
afterAll(async () => {
  sender.close();
  await server.close();
});

const get = (path: string) => sender.send({ url: server.url(path), method: "GET", headers: {} });

describe("send() against a real local server", () => {
  test("2xx JSON is re-serialised Python-style", async () => {
    expect(await get("/json")).toEqual({ kind: "response", status: 200, content: '{"id": "x", "n": [1, 2.0], "\\u00e9": "\\u00fc"}' });
  });

  test("2xx text and empty", async () => {
    expect(await get("/text")).toEqual({ kind: "response", status: 200, content: "hello\nworld" });
    expect(await get("/empty")).toEqual({ kind: "response", status: 204, content: "" });
  });

  test("4xx and 5xx are responses", async () => {
    expect(await get("/404")).toEqual({ kind: "response", status: 404, content: "not here" });
    expect(await get("/500")).toEqual({ kind: "response", status: 503, content: '{"error": "down"}' });
  });

  test("429 carries Retry-After in seconds or as an HTTP date", async () => {
    expect(await get("/429")).toEqual({ kind: "response", status: 429, content: "slow down", retryAfterSeconds: 17 });
    const dated = await get("/429date");
    expect(dated.kind === "response" && dated.retryAfterSeconds).toBeGreaterThanOrEqual(58);
  });

  test("gzip bodies are decoded; a corrupt one is a transport error", async () => {
    expect(await get("/gzip")).toEqual({ kind: "response", status: 200, content: '{"zipped": true}' });
    const bad = await get("/badgzip");
    expect(bad).toMatchObject({ kind: "transport_error", timeout: false, tls: false });
    expect(bad.kind === "transport_error" && bad.message).toMatch(/gzip/);
  });

  test("request line, headers and body as given; defaults only where absent", async () => {
    server.seen.length = 0;
    const out = await sender.send({
      url: server.url("/echo?q=1"),
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Token": "abc", Authorization: "Bearer t" },
      body: '{"é":1}',
    });
    expect(out).toEqual({ kind: "response", status: 200, content: '{"\\u00e9": 1}' });
    const seen = server.seen[0];
    expect(seen.method).toBe("POST");
    expect(seen.url).toBe("/echo?q=1");
    expect(seen.body).toBe('{"é":1}');
    expect(seen.headers["content-type"]).toBe("application/json");
    expect(seen.headers["content-length"]).toBe(String(Buffer.byteLength('{"é":1}')));
    expect(seen.headers["x-token"]).toBe("abc");
    expect(seen.headers.authorization).toBe("Bearer t");
    expect(seen.headers["user-agent"]).toBe(USER_AGENT);
    expect(seen.headers.host).toBe(`127.0.0.1:${server.port}`);
  });

  test("a raw text body gets no Content-Type; a user User-Agent wins", async () => {
    server.seen.length = 0;
    await sender.send({ url: server.url("/echo"), method: "PUT", headers: { "user-agent": "mine" }, body: "hello" });
    expect(server.seen[0].headers["content-type"]).toBeUndefined();
    expect(server.seen[0].headers["user-agent"]).toBe("mine");
    expect(server.seen[0].body).toBe("hello");
  });

  test("POST without a body sends Content-Length: 0", async () => {
    server.seen.length = 0;
    await sender.send({ url: server.url("/echo"), method: "POST", headers: {}, body: null });
    expect(server.seen[0].headers["content-length"]).toBe("0");
    expect(server.seen[0].headers["transfer-encoding"]).toBeUndefined();
  });

  test.each(["GET", "DELETE", "OPTIONS", "PATCH"] as const)("%s is sent as such", async (method) => {
    server.seen.length = 0;
    await sender.send({ url: server.url("/echo"), method, headers: {} });
    expect(server.seen[0].method).toBe(method);
  });

  test("keep-alive: many sequential sends reuse one connection", async () => {
    const before = server.sockets;
    for (let i = 0; i < 20; i++) expect(await get("/text")).toMatchObject({ status: 200 });
    expect(server.sockets - before).toBeLessThanOrEqual(1);
  });

  test("IPv6 loopback literal", async () => {
    const v6 = await startServer((_q, r) => r.end("six"), "::1");
    try {
      expect(await sender.send({ url: v6.url("/"), method: "GET", headers: {} })).toEqual({ kind: "response", status: 200, content: "six" });
    } finally {
      await v6.close();
    }
  });

  test("connection refused is a retryable transport error", async () => {
    const gone = await startServer((_q, r) => r.end());
    const url = gone.url("/");
    await gone.close();
    const out = await sender.send({ url, method: "GET", headers: {} });
    expect(out).toMatchObject({ kind: "transport_error", timeout: false, tls: false });
    expect(out.kind === "transport_error" && out.message).toMatch(/^Connection refused \(127\.0\.0\.1:\d+\)/);
    expect(out.kind === "transport_error" && out.message).not.toMatch(/\n/);
  });
});
