// DNS-rebinding proof: the name is resolved once per hop and the connection goes to that address.
import { MSG_NOT_SUPPORTED } from "../../src/http";
import { loopbackSender, startServer, type TestServer } from "./helpers";

let good: TestServer; // 127.0.0.1:p — the checked address
let evil: TestServer; // 127.0.0.2:p — where a second resolution would go

beforeAll(async () => {
  good = await startServer((req, res) => res.end(`good ${req.headers.host}`));
  evil = await startServer((_q, res) => res.end("evil"), "127.0.0.2", good.port);
});
afterAll(async () => {
  await good.close();
  await evil.close();
});

describe("connect to the checked address", () => {
  test("a rebinding resolver is asked once; the request lands on the first answer", async () => {
    const answers = [["127.0.0.1"], ["127.0.0.2"], ["127.0.0.2"]];
    const lookup = jest.fn(async () => answers.shift() ?? ["127.0.0.2"]);
    const s = loopbackSender({ lookup, allowedCidrs: ["127.0.0.0/8"] });
    try {
      const out = await s.send({ url: `http://rebind.test:${good.port}/x`, method: "GET", headers: {} });
      expect(out).toEqual({ kind: "response", status: 200, content: `good rebind.test:${good.port}` });
      expect(lookup).toHaveBeenCalledTimes(1);
      expect(good.seen.at(-1)?.localAddress).toBe("127.0.0.1");
      expect(evil.seen).toHaveLength(0);
    } finally {
      s.close();
    }
  });

  test("one lookup per hop, each hop pinned to its own answer", async () => {
    const lookup = jest.fn(async (host: string) => (host === "first.test" ? ["127.0.0.1"] : ["127.0.0.2"]));
    const redirecting = await startServer((_q, res) => res.writeHead(302, { Location: `http://second.test:${good.port}/y` }).end());
    const s = loopbackSender({ lookup, allowedCidrs: ["127.0.0.0/8"] });
    try {
      const out = await s.send({ url: `http://first.test:${redirecting.port}/`, method: "GET", headers: {} });
      expect(out).toEqual({ kind: "response", status: 200, content: "evil" }); // second.test → 127.0.0.2, as checked
      expect(lookup.mock.calls).toEqual([["first.test"], ["second.test"]]);
    } finally {
      s.close();
      await redirecting.close();
    }
  });

  test("a name with any disallowed address is never contacted", async () => {
    const s = loopbackSender({ lookup: async () => ["127.0.0.1", "10.0.0.1"], allowedCidrs: ["127.0.0.0/8"] });
    const before = good.seen.length;
    try {
      expect(await s.send({ url: `http://mixed.test:${good.port}/`, method: "GET", headers: {} })).toEqual({ kind: "url_rejected", message: MSG_NOT_SUPPORTED });
      expect(good.seen.length).toBe(before);
    } finally {
      s.close();
    }
  });

  test("allowPrivate still resolves once and pins", async () => {
    const answers = [["127.0.0.1"], ["127.0.0.2"]];
    const lookup = jest.fn(async () => answers.shift() ?? ["127.0.0.2"]);
    const s = loopbackSender({ allowPrivate: true, allowedCidrs: [], lookup });
    try {
      expect(await s.send({ url: `http://open.test:${good.port}/`, method: "GET", headers: {} })).toMatchObject({ content: `good open.test:${good.port}` });
      expect(lookup).toHaveBeenCalledTimes(1);
    } finally {
      s.close();
    }
  });

  test("keep-alive per (host, address): a changed answer gets a fresh connection to the new address", async () => {
    let answer = "127.0.0.1";
    const s = loopbackSender({ lookup: async () => [answer], allowedCidrs: ["127.0.0.0/8"] });
    try {
      const url = `http://moving.test:${good.port}/`;
      const before = good.sockets;
      for (let i = 0; i < 5; i++) expect(await s.send({ url, method: "GET", headers: {} })).toMatchObject({ content: `good moving.test:${good.port}` });
      expect(good.sockets - before).toBe(1);
      answer = "127.0.0.2";
      expect(await s.send({ url, method: "GET", headers: {} })).toMatchObject({ content: "evil" });
    } finally {
      s.close();
    }
  });

  test("a hanging resolver is bounded by the deadline", async () => {
    const s = loopbackSender({ lookup: () => new Promise<string[]>(() => {}), timeoutMs: 300 });
    try {
      expect(await s.send({ url: "http://hang.test/", method: "GET", headers: {} })).toMatchObject({ kind: "transport_error", timeout: true });
    } finally {
      s.close();
    }
  });
});
