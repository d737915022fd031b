import { ADMIN_TOKEN, clientFor, startTestServer, type TestServer } from "../helpers/server";

// GET /graphql in a browser is the GraphiQL explorer, served offline (spec README, "Paths served").
const BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

/** The src/href of every <script> and <link> in the page. */
function linkedAssets(html: string): string[] {
  return [...html.matchAll(/<(?:script|link)\b[^>]*\b(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
}

describe("GET /graphql explorer over HTTP", () => {
  let t: TestServer;
  beforeAll(async () => (t = await startTestServer()));
  afterAll(() => t.close());

  it("a browser without a token gets the explorer page, which names no other host", async () => {
    const res = await t.http.get("/graphql", { headers: { Accept: BROWSER_ACCEPT } });
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/html/);
    expect(res.headers["content-security-policy"]).toContain("script-src 'self'");
    expect(res.headers["content-security-policy"]).toContain("connect-src 'self'");
    expect(res.data).toContain("GraphQL explorer");
    expect(res.data).not.toMatch(/(https?:)?\/\/[a-z0-9]/i);
    expect(linkedAssets(res.data).length).toBeGreaterThanOrEqual(4);
  });

  it.each(["/graphql", "/graphql/"])("every asset the page at %s links answers 200 without a token", async (pagePath) => {
    const page = await t.http.get(pagePath, { headers: { Accept: BROWSER_ACCEPT } });
    expect(page.status).toBe(200);
    for (const link of linkedAssets(page.data)) {
      const url = new URL(link, `${t.url}${pagePath}`);
      expect(url.origin).toBe(t.url);
      const res = await t.http.get(url.pathname, { responseType: "text" });
      expect({ link, status: res.status }).toEqual({ link, status: 200 });
      expect(res.headers["content-type"]).toMatch(/^(application\/javascript|text\/css)/);
      expect(res.data.length).toBeGreaterThan(100);
      if (!String(res.headers["content-type"]).startsWith("text/css")) continue;
      // Fonts and images in the stylesheet are inlined, never fetched from elsewhere.
      for (const [, ref] of res.data.matchAll(/url\(\s*["']?([^"')]*)/g)) expect(ref).toMatch(/^(data:|#)/);
    }
  });

  it("an unknown explorer asset is a JSON 404", async () => {
    const res = await t.http.get("/graphql/explorer/nope.js");
    expect(res.status).toBe(404);
    expect(res.data).toEqual({ detail: "Not found." });
  });

  it("API clients are unchanged: GET without a query that does not ask for HTML is not the page", async () => {
    for (const accept of ["*/*", "application/json", "application/graphql-response+json"]) {
      const res = await t.http.get("/graphql", { headers: { Accept: accept } });
      expect({ accept, type: res.headers["content-type"] }).toEqual({ accept, type: expect.stringMatching(/json/) });
    }
  });

  it("GET with ?query= runs the operation, with a token, even when the client asks for HTML", async () => {
    const headers = { Accept: BROWSER_ACCEPT, "apollo-require-preflight": "1" };
    const ok = await clientFor(t.url, ADMIN_TOKEN).get("/graphql", { params: { query: "{ viewer { username } }" }, headers });
    expect(ok.status).toBe(200);
    expect(ok.data).toEqual({ data: { viewer: { username: "admin" } } });
    const anonymous = await t.http.get("/graphql", { params: { query: "{ viewer { username } }" }, headers });
    expect(anonymous.status).toBe(401);
  });

  it("POST /graphql still needs a token", async () => {
    const res = await t.http.post("/graphql", { query: "{ __typename }" }, { headers: { Accept: BROWSER_ACCEPT } });
    expect(res.status).toBe(401);
    expect((await t.gql("{ __typename }")).data).toEqual({ __typename: "Query" });
  });
});
