// Local servers for the HTTP sender tests (127.0.0.1 / ::1 only).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { HttpSender, type HttpPolicy } from "../../src/http";

export interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  remoteAddress: string;
  localAddress: string;
}

export interface TestServer {
  port: number;
  host: string;
  url: (path?: string) => string;
  seen: Seen[];
  sockets: number;
  close: () => Promise<void>;
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void;

export async function startServer(handler: Handler, host = "127.0.0.1", port = 0): Promise<TestServer> {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      seen.push({
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body,
        remoteAddress: req.socket.remoteAddress ?? "",
        localAddress: req.socket.localAddress ?? "",
      });
      handler(req, res, body);
    });
  });
  const ts: TestServer = {
    port: 0,
    host,
    seen,
    sockets: 0,
    url: (path = "/") => `http://${host.includes(":") ? `[${host}]` : host}:${ts.port}${path}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  server.on("connection", () => ts.sockets++);
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(port, host, () => resolve()));
  ts.port = (server.address() as AddressInfo).port;
  return ts;
}

/** A sender that may reach loopback through WEBHOOK_ALLOWED_CIDRS (so the SSRF checks stay on). */
export function loopbackSender(extra: Partial<HttpPolicy> = {}): HttpSender {
  return new HttpSender({
    allowPrivate: false,
    allowedCidrs: ["127.0.0.0/8", "::1/128"],
    baseUrl: "http://outhook.invalid:8080",
    timeoutMs: 2000,
    proxyEnv: {},
    ...extra,
  });
}
