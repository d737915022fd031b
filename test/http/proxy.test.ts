import http from "node:http";
import net, { type AddressInfo } from "node:net";
import { MSG_NOT_SUPPORTED } from "../../src/http";
import { ProxySettings } from "../../src/http/proxy";
import { ConfigError, loadConfig } from "../../src/config";
import { HttpSender } from "../../src/http";
import { senderPolicy } from "../../src/http/sender-policy";
import { loopbackSender, startServer, type TestServer } from "./helpers";
import { makeCert, startTlsServer, type TlsServer } from "./tls-helpers";

interface ProxyLog {
  kind: "forward" | "connect";
  target: string;
  proxyAuth?: string;
}

/** A minimal forward proxy (absolute-form requests and CONNECT) that only reaches loopback. */
async function startProxy(log: ProxyLog[]) {
  const server = http.createServer((req, res) => {
    log.push({ kind: "forward", target: req.url ?? "", proxyAuth: req.headers["proxy-authorization"] });
    const target = new URL(req.url ?? "");
    const headers = { ...req.headers };
    delete headers["proxy-authorization"];
    const up = http.request({ host: "127.0.0.1", port: target.port, path: target.pathname + target.search, method: req.method, headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on("error", () => res.writeHead(502).end());
    req.pipe(up);
  });
  server.on("connect", (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    log.push({ kind: "connect", target: req.url ?? "", proxyAuth: req.headers["proxy-authorization"] });
    const port = Number((req.url ?? "").split(":").pop());
    const up = net.connect(port, "127.0.0.1", () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      up.write(head);
      up.pipe(client);
      client.pipe(up);
    });
    up.on("error", () => client.destroy());
    client.on("error", () => up.destroy());
  });
  const sockets = new Set<net.Socket>(); // CONNECT tunnels are detached from the server: track them
  server.on("connection", (sock: net.Socket) => sockets.add(sock.on("close", () => sockets.delete(sock))));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((r) => { for (const sock of sockets) sock.destroy(); server.close(() => r()); }),
  };
}

let target: TestServer;
let proxy: Awaited<ReturnType<typeof startProxy>>;
const log: ProxyLog[] = [];

beforeAll(async () => {
  target = await startServer((req, res) => res.end(`via ${req.headers.host}`));
  proxy = await startProxy(log);
});
afterAll(async () => {
  await target.close();
  await proxy.close();
});
beforeEach(() => {
  log.length = 0;
  target.seen.length = 0;
});

describe("outbound proxy from the env object", () => {
  test("HTTP_PROXY: http targets go through the proxy in absolute form, with proxy credentials", async () => {
    const s = loopbackSender({ proxyEnv: { HTTP_PROXY: `http://bob:s%40cret@127.0.0.1:${proxy.port}` } });
    try {
      const out = await s.send({ url: target.url("/hook?a=1"), method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" });
      expect(out).toEqual({ kind: "response", status: 200, content: `via 127.0.0.1:${target.port}` });
      expect(log).toEqual([
        { kind: "forward", target: `http://127.0.0.1:${target.port}/hook?a=1`, proxyAuth: `Basic ${Buffer.from("bob:s@cret").toString("base64")}` },
      ]);
      expect(target.seen[0].body).toBe("{}");
    } finally {
      s.close();
    }
  });

  test("lower-case http_proxy wins; process.env is not consulted when an env object is given", async () => {
    const s = loopbackSender({ proxyEnv: { http_proxy: `127.0.0.1:${proxy.port}`, HTTP_PROXY: "http://127.0.0.1:1" } });
    try {
      expect(await s.send({ url: target.url("/"), method: "GET", headers: {} })).toMatchObject({ status: 200 });
      expect(log).toHaveLength(1);
    } finally {
      s.close();
    }
  });

  // One rule for both cases, as Python's urllib (OnCall's requests) has it: the lower-case variable wins, and an
  // empty lower-case one turns the proxy off.
  test.each([
    ["lower-case http_proxy wins over HTTP_PROXY", (p: string) => ({ http_proxy: p, HTTP_PROXY: "http://127.0.0.1:1" }), 1],
    ["HTTP_PROXY alone is used", (p: string) => ({ HTTP_PROXY: p }), 1],
    ["an empty http_proxy turns HTTP_PROXY off", (p: string) => ({ http_proxy: "", HTTP_PROXY: p }), 0],
    ["lower-case no_proxy wins over NO_PROXY", (p: string) => ({ HTTP_PROXY: p, no_proxy: "127.0.0.1", NO_PROXY: "other.test" }), 0],
  ])("through loadConfig: %s", async (_name, env, proxied) => {
    const config = loadConfig({ ...env(`http://127.0.0.1:${proxy.port}`), DANGEROUS_WEBHOOKS_ENABLED: "true" });
    const s = new HttpSender(senderPolicy(config));
    try {
      expect(await s.send({ url: target.url("/"), method: "GET", headers: {} })).toMatchObject({ status: 200 });
      expect(log).toHaveLength(proxied);
    } finally {
      s.close();
    }
  });

  test("process.env is the default source, and only the default", async () => {
    const saved = process.env.HTTP_PROXY;
    process.env.HTTP_PROXY = `http://127.0.0.1:${proxy.port}`;
    const explicit = loopbackSender({ proxyEnv: {} });
    const defaulted = loopbackSender({ proxyEnv: undefined });
    try {
      await explicit.send({ url: target.url("/"), method: "GET", headers: {} });
      expect(log).toHaveLength(0);
      await defaulted.send({ url: target.url("/"), method: "GET", headers: {} });
      expect(log).toHaveLength(1);
    } finally {
      if (saved === undefined) delete process.env.HTTP_PROXY;
      else process.env.HTTP_PROXY = saved;
      explicit.close();
      defaulted.close();
    }
  });

  test("NO_PROXY bypasses the proxy", async () => {
    for (const noProxy of ["127.0.0.1", `127.0.0.1:${target.port}`, "*", "127.0.0.0/8", "other.test, 127.0.0.1"]) {
      const s = loopbackSender({ proxyEnv: { HTTP_PROXY: `http://127.0.0.1:${proxy.port}`, NO_PROXY: noProxy } });
      try {
        expect(await s.send({ url: target.url("/"), method: "GET", headers: {} })).toMatchObject({ status: 200 });
      } finally {
        s.close();
      }
    }
    expect(log).toHaveLength(0);
    expect(target.seen).toHaveLength(5);
  });

  test("the URL checks still apply to the target", async () => {
    const s = loopbackSender({ proxyEnv: { HTTP_PROXY: `http://127.0.0.1:${proxy.port}` } });
    try {
      expect(await s.send({ url: "http://10.1.2.3/", method: "GET", headers: {} })).toEqual({ kind: "url_rejected", message: MSG_NOT_SUPPORTED });
      expect(log).toHaveLength(0);
    } finally {
      s.close();
    }
  });

  test("HTTPS_PROXY is not used for http targets", async () => {
    const s = loopbackSender({ proxyEnv: { HTTPS_PROXY: `http://127.0.0.1:${proxy.port}` } });
    try {
      expect(await s.send({ url: target.url("/"), method: "GET", headers: {} })).toMatchObject({ status: 200 });
      expect(log).toHaveLength(0);
    } finally {
      s.close();
    }
  });

  test("an invalid proxy URL fails at construction, and at start-up in loadConfig", () => {
    expect(() => loopbackSender({ proxyEnv: { HTTPS_PROXY: "socks5://127.0.0.1:1080" } })).toThrow(/HTTPS_PROXY/);
    expect(() => loadConfig({ https_proxy: "socks5://127.0.0.1:1080" })).toThrow(ConfigError);
  });

  const cert = makeCert();
  (cert ? test : test.skip)("HTTPS_PROXY: https targets are tunnelled with CONNECT, TLS end to end", async () => {
    const tls: TlsServer = await startTlsServer(cert!);
    const s = loopbackSender({ proxyEnv: { HTTPS_PROXY: `http://127.0.0.1:${proxy.port}` }, ca: cert!.cert, lookup: async () => ["127.0.0.1"] });
    try {
      const out = await s.send({ url: `https://localhost:${tls.port}/secure`, method: "GET", headers: {} });
      expect(out).toEqual({ kind: "response", status: 200, content: '{"secure": true}' });
      expect(log).toEqual([{ kind: "connect", target: `localhost:${tls.port}`, proxyAuth: undefined }]);
      expect(tls.seen.at(-1)).toMatchObject({ servername: "localhost", path: "/secure" });
    } finally {
      s.close();
      await tls.close();
    }
  });
});

describe("ProxySettings", () => {
  const p = new ProxySettings({ HTTPS_PROXY: "http://proxy:3128", NO_PROXY: ".internal.example, api.example.com:8443, [::1]" });
  test.each([
    ["https://hooks.example.com/", true],
    ["https://a.internal.example/", false],
    ["https://internal.example/", true], // leading dot: subdomains only
    ["https://api.example.com:8443/", false],
    ["https://api.example.com/", true], // port must match
    ["https://sub.api.example.com:8443/", false],
    ["https://[::1]/", false],
    ["http://hooks.example.com/", false], // no HTTP_PROXY
  ])("%s proxied: %s", (url, proxied) => {
    expect(p.proxyFor(new URL(url)) !== undefined).toBe(proxied);
  });
});
