import { HttpSender, MSG_MALFORMED, MSG_NOT_SUPPORTED, MSG_SELF_REFERENCE } from "../../src/http";
import { loopbackSender, startServer, type TestServer } from "./helpers";

let a: TestServer; // 127.0.0.1
let sender: HttpSender;

beforeAll(async () => {
  a = await startServer((req, res) => {
    const u = new URL(req.url ?? "/", "http://x");
    const to = u.searchParams.get("to");
    const code = Number(u.searchParams.get("code") ?? 302);
    if (u.pathname === "/redirect" && to) return res.writeHead(code, { Location: to }).end("moved");
    if (u.pathname === "/loop") return res.writeHead(302, { Location: "/loop" }).end();
    if (u.pathname === "/nolocation") return res.writeHead(302).end("no location");
    res.end(`final ${req.method}`);
  });
  sender = loopbackSender();
});
afterAll(async () => {
  sender.close();
  await a.close();
});

const redirect = (code: number, to: string) => a.url(`/redirect?code=${code}&to=${encodeURIComponent(to)}`);

describe("redirects", () => {
  test.each([
    [301, "POST", "GET", ""],
    [302, "POST", "GET", ""],
    [303, "POST", "GET", ""],
    [303, "PUT", "GET", ""],
    [307, "POST", "POST", '{"a":1}'],
    [308, "PUT", "PUT", '{"a":1}'],
    [301, "PUT", "PUT", '{"a":1}'],
    [302, "DELETE", "DELETE", ""],
  ] as const)("%i turns %s into %s", async (code, method, expectedMethod, expectedBody) => {
    a.seen.length = 0;
    const body = method === "DELETE" ? null : '{"a":1}';
    const out = await sender.send({ url: redirect(code, "/final"), method, headers: { "Content-Type": "application/json" }, body });
    expect(out).toEqual({ kind: "response", status: 200, content: `final ${expectedMethod}` });
    expect(a.seen).toHaveLength(2);
    const final = a.seen[1];
    expect(final.url).toBe("/final");
    expect(final.method).toBe(expectedMethod);
    expect(final.body).toBe(expectedBody);
    if (expectedMethod === "GET") expect(final.headers["content-type"]).toBeUndefined();
    else expect(final.headers["content-type"]).toBe("application/json");
  });

  test("Authorization survives a same-host redirect", async () => {
    a.seen.length = 0;
    await sender.send({ url: redirect(302, "/final"), method: "GET", headers: { Authorization: "secret" } });
    expect(a.seen[1].headers.authorization).toBe("secret");
  });

  test("Authorization is dropped when the host changes (127.0.0.1 → localhost)", async () => {
    a.seen.length = 0;
    const s = loopbackSender({ lookup: async () => ["127.0.0.1"] });
    try {
      const out = await s.send({ url: redirect(307, `http://localhost:${a.port}/final`), method: "GET", headers: { authorization: "secret", "X-Keep": "1" } });
      expect(out).toMatchObject({ kind: "response", status: 200 });
      expect(a.seen[0].headers.authorization).toBe("secret");
      expect(a.seen[1].headers.authorization).toBeUndefined();
      expect(a.seen[1].headers["x-keep"]).toBe("1");
      expect(a.seen[1].headers.host).toBe(`localhost:${a.port}`);
    } finally {
      s.close();
    }
  });

  test("every hop is re-checked: first hop allowed by CIDR, target rejected", async () => {
    const s = loopbackSender({ allowedCidrs: ["127.0.0.1/32"] });
    try {
      a.seen.length = 0;
      expect(await s.send({ url: redirect(302, "http://169.254.169.254/latest/meta-data/"), method: "GET", headers: {} })).toEqual({
        kind: "url_rejected",
        message: MSG_NOT_SUPPORTED,
      });
      expect(await s.send({ url: redirect(302, `http://127.0.0.2:${a.port}/`), method: "GET", headers: {} })).toEqual({
        kind: "url_rejected",
        message: MSG_NOT_SUPPORTED,
      });
      expect(await s.send({ url: redirect(302, `http://[::1]:${a.port}/`), method: "GET", headers: {} })).toEqual({
        kind: "url_rejected",
        message: MSG_NOT_SUPPORTED,
      });
      expect(a.seen).toHaveLength(3); // only the first hops reached a server
    } finally {
      s.close();
    }
  });

  test("redirect hops get the other §6 checks too", async () => {
    expect(await sender.send({ url: redirect(302, "ftp://example.com/"), method: "GET", headers: {} })).toEqual({ kind: "url_rejected", message: MSG_MALFORMED });
    expect(await sender.send({ url: redirect(302, "http://outhook.invalid:8080/api"), method: "GET", headers: {} })).toEqual({
      kind: "url_rejected",
      message: MSG_SELF_REFERENCE,
    });
  });

  test("a redirect loop stops after 30 follows", async () => {
    a.seen.length = 0;
    const out = await sender.send({ url: a.url("/loop"), method: "GET", headers: {} });
    expect(out).toMatchObject({ kind: "transport_error", timeout: false, tls: false });
    expect(out.kind === "transport_error" && out.message).toMatch(/Exceeded 30 redirects/);
    expect(a.seen).toHaveLength(31);
  });

  test("a 3xx without Location is the final response", async () => {
    expect(await sender.send({ url: a.url("/nolocation"), method: "GET", headers: {} })).toEqual({ kind: "response", status: 302, content: "no location" });
  });
});
