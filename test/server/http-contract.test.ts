import { ADMIN_TOKEN, clientFor, startTestServer, type TestServer } from "../helpers/server";
import { createUserWithToken } from "../helpers/users";

// Authentication and bad input on every surface (spec README, domain-api.md §1–2).
describe("HTTP contract", () => {
  let t: TestServer;
  beforeAll(async () => (t = await startTestServer()));
  afterAll(() => t.close());

  it("GET /health is 200 {status: ok}", async () => {
    const res = await t.http.get("/health");
    expect(res.status).toBe(200);
    expect(res.data).toEqual({ status: "ok" });
  });

  it.each([
    ["missing", undefined],
    ["unknown", "nope"],
    ["unknown bearer", "Bearer nope"],
  ])("a %s token is 401 Invalid token.", async (_name, header) => {
    const res = await clientFor(t.url, header).get("/api/v1/webhooks/");
    expect(res.status).toBe(401);
    expect(res.data).toEqual({ detail: "Invalid token." });
  });

  it("accepts the bare token and Bearer <token>", async () => {
    expect((await clientFor(t.url, ADMIN_TOKEN).get("/api/v1/webhooks")).status).toBe(200);
    expect((await clientFor(t.url, `Bearer ${ADMIN_TOKEN}`).get("/api/v1/webhooks")).status).toBe(200);
  });

  it("a deactivated user's token is 403 with OnCall's text", async () => {
    const { token } = await createUserWithToken(t, { isActive: false });
    const res = await clientFor(t.url, token).get("/api/v1/webhooks/");
    expect(res.status).toBe(403);
    expect(res.data).toEqual({ detail: "Only active users are allowed to perform this action." });
  });

  it("GraphQL needs a token too, and answers its absence in GraphQL's shape", async () => {
    for (const token of [undefined, "not-a-token"]) {
      const res = await clientFor(t.url, token).post("/graphql", { query: "{ viewer { id } }" });
      expect(res.status).toBe(401);
      expect(res.data).toEqual({ errors: [{ message: "Invalid token.", extensions: { code: "UNAUTHENTICATED" } }] });
    }
    const { token } = await createUserWithToken(t, { isActive: false });
    const inactive = await clientFor(t.url, token).post("/graphql", { query: "{ viewer { id } }" });
    expect(inactive.status).toBe(403);
    expect(inactive.data).toEqual({ errors: [{ message: "Only active users are allowed to perform this action.", extensions: { code: "FORBIDDEN" } }] });
    const ok = await t.gql("{ viewer { username role } }");
    expect(ok.data.viewer).toEqual({ username: "admin", role: "ADMIN" });
  });

  it("unknown routes are a JSON 404", async () => {
    const res = await t.http.get("/nope");
    expect(res.status).toBe(404);
    expect(res.data).toEqual({ detail: "Not found." });
    const api = await t.api.get("/api/v1/nope/");
    expect(api.status).toBe(404);
    expect(api.data).toEqual({ detail: "Not found." });
  });

  it("malformed JSON is a 400 JSON parse error", async () => {
    // transformRequest: axios would otherwise re-encode an invalid JSON string as a JSON string literal
    const res = await t.api.post("/api/v1/webhooks/", '{"name": ', {
      headers: { "content-type": "application/json" },
      transformRequest: [(data) => data],
    });
    expect(res.status).toBe(400);
    expect(res.data.detail).toMatch(/^JSON parse error - /);
  });

  it("a body over 1 MiB is 413 and the server stays up", async () => {
    const res = await t.api.post("/api/v1/webhooks/", { name: "x".repeat(1024 * 1024 + 10) });
    expect(res.status).toBe(413);
    expect(res.data).toEqual({ detail: "Request body too large." });
    expect((await t.http.get("/health")).status).toBe(200);
  });

  it("an unsupported content type is 415", async () => {
    const res = await t.api.post("/api/v1/webhooks/", "<xml/>", { headers: { "content-type": "application/xml" } });
    expect(res.status).toBe(415);
    expect(res.data).toEqual({ detail: 'Unsupported media type "application/xml" in request.' });
  });
});
