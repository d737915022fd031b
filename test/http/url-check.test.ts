import { HttpSender, MSG_MALFORMED, MSG_NOT_SUPPORTED, MSG_SELF_REFERENCE, MSG_UNRESOLVABLE, type HttpPolicy } from "../../src/http";

const dns: Record<string, string[]> = {
  "public.test": ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"],
  "private4.test": ["10.0.0.5"],
  "private6.test": ["fd00::5"],
  "mixed.test": ["93.184.215.14", "127.0.0.1"], // one bad record spoils the name
  "mixed6.test": ["93.184.215.14", "::1"],
  "mapped.test": ["::ffff:169.254.169.254"],
  "metadata.test": ["169.254.169.254"],
  "inner.test": ["10.9.8.7"],
};
const lookup = jest.fn(async (host: string) => {
  const r = dns[host];
  if (!r) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" });
  return r;
});

function sender(p: Partial<HttpPolicy> = {}) {
  return new HttpSender({ allowPrivate: false, allowedCidrs: [], baseUrl: "https://oncall.example.org", timeoutMs: 1000, proxyEnv: {}, lookup, ...p });
}

beforeEach(() => lookup.mockClear());

describe("checkUrl (delivery.md §6)", () => {
  const s = sender();
  test.each([
    ["", MSG_MALFORMED],
    ["example.com/hook", MSG_MALFORMED],
    ["ftp://public.test/x", MSG_MALFORMED],
    ["file:///etc/passwd", MSG_MALFORMED],
    ["javascript:alert(1)", MSG_MALFORMED],
    ["http://", MSG_MALFORMED],
    ["http:///public.test", MSG_MALFORMED],
    ["http:public.test", MSG_MALFORMED],
    ["http:\\\\public.test\\x", MSG_MALFORMED],
    ["http://:80/", MSG_MALFORMED],
    ["http://exa mple.com/", MSG_MALFORMED],
    ["https://oncall.example.org/api/v1/alert_groups", MSG_SELF_REFERENCE],
    ["http://public.test/?next=https://oncall.example.org", MSG_SELF_REFERENCE],
    ["http://unknown.test/", MSG_UNRESOLVABLE],
    ["http://127.0.0.1/", MSG_NOT_SUPPORTED],
    ["http://2130706433/", MSG_NOT_SUPPORTED], // WHATWG normalises to 127.0.0.1, which is what we'd send
    ["http://0x7f.1/", MSG_NOT_SUPPORTED],
    ["http://[::1]:8080/", MSG_NOT_SUPPORTED],
    ["http://[::ffff:127.0.0.1]/", MSG_NOT_SUPPORTED],
    ["http://[fd00:ec2::254]/", MSG_NOT_SUPPORTED],
    ["http://169.254.169.254/latest/meta-data", MSG_NOT_SUPPORTED],
    ["http://100.64.1.1/", MSG_NOT_SUPPORTED],
    ["http://private4.test/", MSG_NOT_SUPPORTED],
    ["http://private6.test/", MSG_NOT_SUPPORTED],
    ["http://mixed.test/", MSG_NOT_SUPPORTED],
    ["http://mixed6.test/", MSG_NOT_SUPPORTED],
    ["http://mapped.test/", MSG_NOT_SUPPORTED],
    ["http://metadata.test/", MSG_NOT_SUPPORTED],
  ])("%j → %s", async (url, message) => {
    expect(await s.checkUrl(url)).toEqual({ ok: false, message });
  });

  test.each(["http://public.test/hook", "HTTPS://PUBLIC.TEST:8443/x?y=1", "  https://public.test/\n", "http://8.8.8.8/", "http://[2606:4700::1111]/"])(
    "accepts %j",
    async (url) => {
      expect(await s.checkUrl(url)).toEqual({ ok: true });
    },
  );

  test("resolves each name once", async () => {
    await s.checkUrl("http://public.test/");
    expect(lookup).toHaveBeenCalledTimes(1);
    expect(lookup).toHaveBeenCalledWith("public.test");
  });

  test("IP literals are not looked up", async () => {
    await s.checkUrl("http://8.8.8.8/");
    expect(lookup).not.toHaveBeenCalled();
  });

  test("WEBHOOK_ALLOWED_CIDRS lets chosen ranges through, nothing else", async () => {
    const c = sender({ allowedCidrs: ["10.0.0.0/8"] });
    expect(await c.checkUrl("http://private4.test/")).toEqual({ ok: true });
    expect(await c.checkUrl("http://10.1.1.1/")).toEqual({ ok: true });
    expect(await c.checkUrl("http://private6.test/")).toEqual({ ok: false, message: MSG_NOT_SUPPORTED });
    expect(await c.checkUrl("http://metadata.test/")).toEqual({ ok: false, message: MSG_NOT_SUPPORTED });
  });

  test("DANGEROUS_WEBHOOKS_ENABLED skips the address checks but not the first two", async () => {
    const d = sender({ allowPrivate: true });
    expect(await d.checkUrl("http://127.0.0.1/")).toEqual({ ok: true });
    expect(await d.checkUrl("http://private6.test/")).toEqual({ ok: true });
    expect(await d.checkUrl("http://unknown.test/")).toEqual({ ok: true }); // fails at send time instead
    expect(await d.checkUrl("ftp://x/")).toEqual({ ok: false, message: MSG_MALFORMED });
    expect(await d.checkUrl("https://oncall.example.org/x")).toEqual({ ok: false, message: MSG_SELF_REFERENCE });
  });

  test("send() reports rejections as url_rejected without any connection", async () => {
    expect(await s.send({ url: "http://private4.test/", method: "POST", headers: {}, body: "{}" })).toEqual({
      kind: "url_rejected",
      message: MSG_NOT_SUPPORTED,
    });
  });

  test("with allowPrivate an unresolvable name is a (retryable) transport error", async () => {
    const out = await sender({ allowPrivate: true }).send({ url: "http://unknown.test/", method: "GET", headers: {} });
    expect(out).toEqual({ kind: "transport_error", message: "Cannot resolve host unknown.test", timeout: false, tls: false });
  });

  test("a bad WEBHOOK_ALLOWED_CIDRS fails at construction", () => {
    expect(() => sender({ allowedCidrs: ["10.0.0.0/99"] })).toThrow(/WEBHOOK_ALLOWED_CIDRS/);
  });
});
