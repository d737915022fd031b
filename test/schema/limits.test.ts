import { getIntrospectionQuery, parse } from "graphql";
import { MAX_COST, MAX_DEPTH, operationDepth } from "../../src/schema/query-limits";
import { startTestServer, type TestServer } from "../helpers/server";

// Depth and cost limits: a request is refused before any resolver runs, with a 400 and a code saying which.
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

const post = (query: string, variables?: Record<string, unknown>) => t.api.post("/graphql", { query, variables });
const PANEL = "webhooks(first: 100) { nodes { id name httpMethod team { name } lastAttempt { statusCode durationMs timestamp } } }";

describe("cost", () => {
  it("a full dashboard panel passes; aliased copies of it do not multiply without bound", async () => {
    const one = await post(`{ ${PANEL} }`);
    expect(one.status).toBe(200);
    expect(one.data.errors).toBeUndefined();

    const copies = Array.from({ length: 20 }, (_, i) => `p${i}: ${PANEL}`).join("\n");
    const many = await post(`{ ${copies} }`);
    expect(many.status).toBe(400);
    expect(many.data.errors).toEqual([
      { message: expect.stringMatching(new RegExp(`^Query cost \\d+ exceeds the limit of ${MAX_COST}: ask for fewer items`)), extensions: { code: "QUERY_TOO_COSTLY" } },
    ]);
    expect(many.data.data).toBeUndefined();
  });

  it("page sizes given as variables count too", async () => {
    const query = `query($n: Int) { ${Array.from({ length: 15 }, (_, i) => `p${i}: webhooks(first: $n) { nodes { id name team { name } lastAttempt { id } } }`).join(" ")} }`;
    expect((await post(query, { n: 5 })).status).toBe(200);
    const big = await post(query, { n: 100 });
    expect(big.status).toBe(400);
    expect(big.data.errors[0].extensions.code).toBe("QUERY_TOO_COSTLY");
  });

  it("deliveryStats scans a whole range: a few copies pass, many do not", async () => {
    const stats = (n: number) => `{ ${Array.from({ length: n }, (_, i) =>
      `s${i}: deliveryStats(from: "2026-01-01T00:00:00Z", to: "2026-01-02T00:00:00Z", intervalSeconds: 3600) { attempts }`).join(" ")} }`;
    expect((await post(stats(5))).status).toBe(200);
    const res = await post(stats(25));
    expect(res.status).toBe(400);
    expect(res.data.errors[0].extensions.code).toBe("QUERY_TOO_COSTLY");
  });

  it("introspection (GraphiQL's schema query) is free", async () => {
    const res = await post(getIntrospectionQuery());
    expect(res.status).toBe(200);
    expect(res.data.errors).toBeUndefined();
    expect(res.data.data.__schema.queryType.name).toBe("Query");
  });

  it("bad variables are reported by execution as usual, not as a limit", async () => {
    const res = await post(`query($n: Int) { webhooks(first: $n) { nodes { id } } }`, { n: "many" });
    expect(res.data.errors[0].extensions.code).toBe("BAD_USER_INPUT");
  });
});

describe("depth", () => {
  // The schema has no cycles today (its deepest path is 7 fields), so the limit guards future back-references;
  // the measure itself is checked on documents.
  it.each([
    ["{ viewer { id } }", 2],
    ["{ deliveries { edges { node { alertGroup { integration { team { name } } } } } } }", 7],
    ["fragment F on Delivery { webhook { team { name } } } { deliveries { nodes { ...F ... on Delivery { id } } } }", 5],
    ["{ __schema { types { fields { type { ofType { ofType { name } } } } } } viewer { id } }", 2],
  ])("%s is %i deep", (query, depth) => {
    expect(operationDepth(parse(query), null)).toBe(depth);
  });

  it(`the limit is ${MAX_DEPTH}`, async () => {
    expect(MAX_DEPTH).toBeGreaterThanOrEqual(7);
    const deepest = await post("{ deliveries { edges { node { alertGroup { integration { team { name } } } } } } }");
    expect(deepest.status).toBe(200);
  });
});
