import http from "node:http";
import { Alert } from "../../src/schema/entities";
import { readFixture } from "../helpers/fixtures";
import { startTestServer, type TestServer } from "../helpers/server";
import { createIntegration, groupsOf, inboundPath, type IntegrationJson } from "./helpers";

let t: TestServer;
let webhook: IntegrationJson;
let alertmanager: IntegrationJson;
beforeAll(async () => {
  t = await startTestServer();
  webhook = await createIntegration(t, "webhook");
  alertmanager = await createIntegration(t, "alertmanager");
});
afterAll(() => t.close());

const post = (integration: IntegrationJson, body: unknown, headers: Record<string, string> = {}) =>
  t.http.post(inboundPath(integration), body, { headers, transformRequest: (data) => data });
const alertCount = () => t.server.dataSource.getRepository(Alert).count();

/** A POST with no Content-Type header at all (HTTP clients tend to add one). */
function postWithoutContentType(path: string, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${t.url}${path}`, { method: "POST", headers: { "content-length": Buffer.byteLength(body) } }, (res) => {
      let text = "";
      res.on("data", (chunk) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode!, body: text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

describe("POST /integrations/v1/{type}/{token}/", () => {
  it('answers 200 "Ok." as JSON once the alert is stored', async () => {
    const res = await post(webhook, JSON.stringify({ a: 1 }), { "content-type": "application/json" });
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^application\/json/);
    expect(res.data).toBe("Ok.");
    expect(await groupsOf(t, webhook.id)).toHaveLength(1);
  });

  it("accepts the path without the trailing slash", async () => {
    const res = await t.http.post(inboundPath(webhook).replace(/\/$/, ""), { b: 2 });
    expect(res.status).toBe(200);
  });

  it("refuses an unknown token with 403 text/plain, whatever the method", async () => {
    for (const method of ["post", "get", "put"] as const) {
      const res = await t.http.request({ method, url: "/integrations/v1/webhook/AAAAAAAAAAAAAAAAAAAAAAAAA/", data: "{}" });
      expect(res.status).toBe(403);
      expect(res.headers["content-type"]).toMatch(/^text\/plain/);
      expect(res.data).toBe("Integration key was not found. Permission denied.");
    }
  });

  it("refuses a path whose type is not the token's, storing nothing", async () => {
    const before = await alertCount();
    const path = inboundPath(alertmanager).replace("/alertmanager/", "/webhook/");
    const res = await t.http.post(path, readFixture("inbound/alertmanager_firing.json"));
    expect(res.status).toBe(400);
    expect(res.headers["content-type"]).toMatch(/^text\/plain/);
    expect(res.data.startsWith("This url is for integration with ")).toBe(true);
    expect(await alertCount()).toBe(before);
  });

  it.each([
    ["an empty body", "", "application/json", 400, "Payload is required"],
    ["an empty form", "", "application/x-www-form-urlencoded", 400, "Payload is required"],
  ])("refuses %s with text/plain", async (_name, body, type, status, text) => {
    const res = await post(webhook, body, { "content-type": type });
    expect(res.status).toBe(status);
    expect(res.headers["content-type"]).toMatch(/^text\/plain/);
    expect(res.data).toBe(text);
  });

  it("refuses bad JSON (also without a content type) with OnCall's parse error", async () => {
    const res = await post(webhook, "{not json", { "content-type": "application/json" });
    expect(res.status).toBe(400);
    expect(res.data.detail).toMatch(/^JSON parse error - /);
    const untyped = await postWithoutContentType(inboundPath(webhook), "{not json");
    expect(untyped.status).toBe(400);
    expect(JSON.parse(untyped.body).detail).toMatch(/^JSON parse error - /);
  });

  it("parses a body without content type as JSON", async () => {
    const res = await postWithoutContentType(inboundPath(webhook), '{"no_type": true}');
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toBe("Ok.");
    const alerts = await t.api.get("/api/v1/alerts/?search=no_type");
    expect(alerts.data.results[0].payload).toEqual({ no_type: true });
  });

  it("answers 415 for other content types", async () => {
    const res = await post(webhook, "hello", { "content-type": "text/plain" });
    expect(res.status).toBe(415);
    expect(res.data).toEqual({ detail: 'Unsupported media type "text/plain" in request.' });
  });

  it("stores form-urlencoded and multipart fields as an object of strings", async () => {
    const form = await post(webhook, "state=alerting&count=3&tag=a&tag=b", { "content-type": "application/x-www-form-urlencoded" });
    expect(form.status).toBe(200);
    expect((await t.api.get("/api/v1/alerts/?search=alerting")).data.results[0].payload).toEqual({ state: "alerting", count: "3", tag: "b" });

    const multipart = new FormData();
    multipart.append("title", "from multipart");
    multipart.append("level", "2");
    const res = await t.http.post(inboundPath(webhook), multipart);
    expect(res.status).toBe(200);
    expect((await t.api.get("/api/v1/alerts/?search=from%20multipart")).data.results[0].payload).toEqual({ title: "from multipart", level: "2" });
  });

  it("refuses multipart bodies carrying files", async () => {
    const multipart = new FormData();
    multipart.append("title", "x");
    multipart.append("file", new Blob(["content"]), "a.txt");
    const res = await t.http.post(inboundPath(webhook), multipart);
    expect(res.status).toBe(400);
    expect(res.data).toBe("File uploads are not allowed");
  });

  it("expects an object for alerting types and an object or array for webhooks", async () => {
    for (const body of ["[1]", '"text"', "3", "null"]) {
      const res = await post(alertmanager, body, { "content-type": "application/json" });
      expect(res.status).toBe(400);
      expect(res.data).toEqual({ detail: "JSON object expected" });
    }
    expect((await post(webhook, '"text"', { "content-type": "application/json" })).data).toEqual({ detail: "JSON object expected" });
    const list = await post(webhook, '[{"x": 1}, 2]', { "content-type": "application/json" });
    expect(list.status).toBe(200);
    expect((await t.api.get("/api/v1/alerts/")).data.results[0].payload).toEqual([{ x: 1 }, 2]);
  });

  it("accepts {} as a payload", async () => {
    expect((await post(webhook, "{}", { "content-type": "application/json" })).status).toBe(200);
  });

  it("answers 413 JSON for bodies over 5 MiB and accepts bodies over the API's 1 MiB", async () => {
    const big = JSON.stringify({ blob: "x".repeat(2 * 1024 * 1024) });
    expect((await post(webhook, big, { "content-type": "application/json" })).status).toBe(200);
    const huge = JSON.stringify({ blob: "x".repeat(5 * 1024 * 1024) });
    const res = await post(webhook, huge, { "content-type": "application/json" });
    expect(res.status).toBe(413);
    expect(res.data).toEqual({ detail: "Request body too large." });
  });

  it("keeps the payload exactly, key order included", async () => {
    const body = '{"zeta": 1, "alpha": {"y": [1, 2.5, null, true], "x": "é"}, "mid": ""}';
    await post(webhook, body, { "content-type": "application/json" });
    const stored = (await t.api.get("/api/v1/alerts/?search=zeta")).data.results[0].payload;
    expect(JSON.stringify(stored)).toBe(JSON.stringify(JSON.parse(body)));
    expect(Object.keys(stored)).toEqual(["zeta", "alpha", "mid"]);
  });

  it("answers GET with a page and creates nothing; 405 for other methods", async () => {
    const before = await alertCount();
    const page = await t.http.get(inboundPath(webhook));
    expect(page.status).toBe(200);
    expect(await alertCount()).toBe(before);
    const put = await t.http.put(inboundPath(webhook), {});
    expect(put.status).toBe(405);
  });

  it("serves the heartbeat path for GET and POST", async () => {
    const get = await t.http.get(`${inboundPath(webhook)}heartbeat/`);
    expect(get.status).toBe(200);
    expect(get.data).toBe(":)");
    expect((await t.http.post(`${inboundPath(webhook)}heartbeat/`, { ok: 1 })).status).toBe(200);
    expect((await t.http.get("/integrations/v1/webhook/BBBBBBBBBBBBBBBBBBBBBBBBB/heartbeat/")).status).toBe(403);
  });
});
