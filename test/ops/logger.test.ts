import { Writable } from "node:stream";
import { maskFields, maskText, secretList } from "../../src/log-masking";
import { createLogger, outsideLogScope, withLogScope, type LoggerOptions } from "../../src/logger";

function capture(level: Parameters<typeof createLogger>[0] = "debug", options: LoggerOptions = {}) {
  let text = "";
  const destination = new Writable({
    write(chunk, _enc, done) {
      text += chunk;
      done();
    },
  });
  const log = createLogger(level, { ...options, destination });
  return { log, text: () => text, lines: () => text.trim().split("\n").filter(Boolean).map((l) => JSON.parse(l)) };
}

describe("maskText", () => {
  it.each([
    ["http://user:pa55word@example.com/x", "http://****@example.com/x"],
    ["https://token@example.com", "https://****@example.com"],
    ["POST /integrations/v1/alertmanager/AbCdEf123456/ failed", "POST /integrations/v1/alertmanager/****/ failed"],
    ["http://localhost:8080/integrations/v1/webhook/tok%zz/heartbeat", "http://localhost:8080/integrations/v1/webhook/****/heartbeat"],
    ["/integrations/v1/:type/:token", "/integrations/v1/:type/:token"],
    ["Authorization: Bearer abc.def-ghi", "Authorization: Bearer ****"],
    ["header Basic dXNlcjpwYXNz=", "header Basic ****"],
    ["https://h/cb?token=abc&x=1&api_key=zzz#f", "https://h/cb?token=****&x=1&api_key=****#f"],
    ["nothing secret here: 42 deliveries", "nothing secret here: 42 deliveries"],
  ])("%s", (input, expected) => {
    expect(maskText(input)).toBe(expected);
  });

  it("masks known secret values anywhere, longest first", () => {
    expect(maskText("key=sekrit-value-1 and sekrit-value-1-longer", secretList(["sekrit-value-1", "sekrit-value-1-longer"]))).toBe("key=**** and ****");
  });

  it("leaves values too short to be secrets alone", () => {
    expect(maskText("a b c", ["a"])).toBe("a b c");
  });
});

describe("maskFields", () => {
  it("redacts secret keys at any depth and masks every string", () => {
    const out = maskFields({
      webhook: { headers: { Authorization: "Bearer x", "X-Api-Key": "k", Accept: "*/*" }, password: "p", signing_secret: "s" },
      url: "http://u:p@h/",
      list: [{ token: "t" }, "Bearer abcdef"],
      empty: { password: null },
    });
    expect(out).toEqual({
      webhook: { headers: { Authorization: "[redacted]", "X-Api-Key": "[redacted]", Accept: "*/*" }, password: "[redacted]", signing_secret: "[redacted]" },
      url: "http://****@h/",
      list: [{ token: "[redacted]" }, "Bearer ****"],
      empty: { password: null },
    });
  });

  it("keeps of an error only its type, message, code, stack and cause, masked", () => {
    const cause = Object.assign(new Error("connect to http://a:b@h failed"), { code: "ECONNREFUSED" });
    const error = Object.assign(new Error("request failed", { cause }), { config: { headers: { Authorization: "Bearer zzz" } }, parameters: ["hunter22"] });
    const out = maskFields({ error }) as { error: Record<string, unknown> };
    expect(Object.keys(out.error).sort()).toEqual(["cause", "message", "stack", "type"]);
    expect(out.error.cause).toEqual(expect.objectContaining({ type: "Error", code: "ECONNREFUSED", message: "connect to http://****@h failed" }));
    expect(JSON.stringify(out)).not.toMatch(/hunter22|zzz/);
  });

  it("survives cycles and depth", () => {
    const a: Record<string, unknown> = { n: 1 };
    a.self = a;
    expect(maskFields(a)).toEqual({ n: 1, self: "[circular]" });
  });
});

describe("createLogger", () => {
  it("writes one JSON line per entry with a level name, a time and the message, masked", () => {
    const { log, lines } = capture("debug", { secrets: ["bootstrap-token-xyz"] });
    log.info("token bootstrap-token-xyz was used at /integrations/v1/webhook/abcdef123/", { n: 1, password: "p" });
    expect(lines()).toEqual([
      expect.objectContaining({ level: "info", time: expect.any(String), msg: "token **** was used at /integrations/v1/webhook/****/", n: 1, password: "[redacted]" }),
    ]);
  });

  it("drops lines below its level", () => {
    const { log, lines } = capture("warn");
    log.debug("d");
    log.info("i");
    log.warn("w");
    log.error("e");
    expect(lines().map((l) => l.msg)).toEqual(["w", "e"]);
  });

  it("adds the scope's fields to every line in it, also later ones, masks its secrets, and none outside it", async () => {
    const { log, lines } = capture();
    await withLogScope({ reqId: "r-1" }, ["per-request-token-1"], async () => {
      log.info("first", { extra: 1 });
      await new Promise((r) => setTimeout(r, 5));
      log.info("later per-request-token-1");
      outsideLogScope(() => setTimeout(() => log.info("detached"), 1));
    });
    log.info("after");
    await new Promise((r) => setTimeout(r, 20));
    const byMsg = Object.fromEntries(lines().map((l) => [l.msg, l]));
    expect(byMsg.first).toEqual(expect.objectContaining({ reqId: "r-1", extra: 1 }));
    expect(byMsg["later ****"]).toEqual(expect.objectContaining({ reqId: "r-1" }));
    expect(byMsg["later ****"].extra).toBeUndefined(); // one line's fields never stick to the scope
    expect(byMsg.after.reqId).toBeUndefined();
    expect(byMsg.detached.reqId).toBeUndefined();
  });

  it("LOG_FORMAT=pretty writes human-readable lines", () => {
    const { log, text } = capture("info", { format: "pretty" });
    log.warn("something odd", { count: 3 });
    expect(text()).toMatch(/WARN.*something odd/);
    expect(text()).toMatch(/count: 3/);
    expect(() => JSON.parse(text().split("\n")[0])).toThrow();
  });
});
