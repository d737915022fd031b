import { isRetryable } from "../../src/http";
import { loopbackSender, startServer, type TestServer } from "./helpers";
import { makeCert, startTlsServer, type Cert, type TlsServer } from "./tls-helpers";

const cert = makeCert();
const maybe = cert ? describe : describe.skip; // needs the openssl CLI

maybe("https", () => {
  let server: TlsServer;
  let plain: TestServer;
  beforeAll(async () => {
    server = await startTlsServer(cert as Cert);
    plain = await startServer((_q, r) => r.end("plain"));
  });
  afterAll(async () => {
    await server.close();
    await plain.close();
  });

  test("an untrusted certificate is a final TLS error", async () => {
    const s = loopbackSender();
    try {
      const out = await s.send({ url: `https://127.0.0.1:${server.port}/`, method: "GET", headers: {} });
      expect(out).toMatchObject({ kind: "transport_error", tls: true, timeout: false });
      expect(out.kind === "transport_error" && out.message).toMatch(/^TLS error \(127\.0\.0\.1:\d+\): self[- ]signed certificate/);
      expect(isRetryable(out)).toBe(false);
    } finally {
      s.close();
    }
  });

  test("trusted: SNI, Host and verification use the URL's name while the socket goes to the pinned address", async () => {
    const lookup = jest.fn(async () => ["127.0.0.1"]);
    const s = loopbackSender({ ca: cert!.cert, lookup });
    try {
      const out = await s.send({ url: `https://localhost:${server.port}/tls`, method: "GET", headers: {} });
      expect(out).toEqual({ kind: "response", status: 200, content: '{"secure": true}' });
      expect(server.seen.at(-1)).toEqual({ host: `localhost:${server.port}`, servername: "localhost", path: "/tls" });
      expect(lookup).toHaveBeenCalledTimes(1);
    } finally {
      s.close();
    }
  });

  test("the certificate is checked against the name, not the pinned IP", async () => {
    const s = loopbackSender({ ca: cert!.cert, lookup: async () => ["127.0.0.1"] });
    try {
      const out = await s.send({ url: `https://other.test:${server.port}/`, method: "GET", headers: {} });
      expect(out).toMatchObject({ kind: "transport_error", tls: true });
      expect(out.kind === "transport_error" && out.message).toMatch(/other\.test.*ERR_TLS_CERT_ALTNAME_INVALID/);
    } finally {
      s.close();
    }
  });

  test("https to a plain-HTTP port is a TLS error", async () => {
    const s = loopbackSender();
    try {
      const out = await s.send({ url: `https://127.0.0.1:${plain.port}/`, method: "GET", headers: {} });
      expect(out).toMatchObject({ kind: "transport_error", tls: true });
      expect(out.kind === "transport_error" && out.message).toMatch(/^TLS error \(127\.0\.0\.1:\d+\): \S+ EPROTO wrong version number$/);
    } finally {
      s.close();
    }
  });
});
