// A few hundred hostile requests at every REST resource, the inbound links and /graphql: bad percent-encoding,
// wrong types, huge and odd values, bad ids and query parameters, wrong methods, NUL characters. None may be
// answered with a 5xx or without a JSON body, and the server keeps serving (issue 8). Runs on PostgreSQL too.
import http from "node:http";
import { createWebhook } from "../helpers/alert-groups";
import { startTestServer, ADMIN_TOKEN, type TestServer } from "../helpers/server";

jest.setTimeout(120_000);

let t: TestServer;
const ids: Record<string, string> = {};
let inboundLink = "";

beforeAll(async () => {
  t = await startTestServer();
  ids.webhooks = (await createWebhook(t, { url: "http://127.0.0.1:9/" })).id;
  ids.actions = ids.webhooks;
  const integration = await t.api.post("/api/v1/integrations/", { type: "webhook", name: "hostile" });
  ids.integrations = integration.data.id;
  inboundLink = new URL(integration.data.link).pathname;
  await t.http.post(inboundLink, { alert_uid: "h1", title: "hostile" });
  for (let i = 0; i < 50 && !ids.alert_groups; i++) {
    ids.alert_groups = (await t.api.get("/api/v1/alert_groups/")).data.results[0]?.id;
    if (!ids.alert_groups) await new Promise((r) => setTimeout(r, 100));
  }
  ids.alerts = (await t.api.get("/api/v1/alerts/")).data.results[0].id;
  ids.escalation_chains = (await t.api.post("/api/v1/escalation_chains/", { name: "hostile" })).data.id;
  ids.escalation_policies = (await t.api.post("/api/v1/escalation_policies/", { escalation_chain_id: ids.escalation_chains, type: "wait", duration: 60 })).data.id;
  ids.users = (await t.api.get("/api/v1/users/current/")).data.id;
  ids.teams = (await t.gql(`mutation { createTeam(input: { name: "hostile" }) { id } }`)).data.createTeam.id;
  ids.organizations = (await t.api.get("/api/v1/organizations/")).data?.results?.[0]?.id ?? "O1";
});
afterAll(() => t.close());

interface Hostile {
  method: string;
  path: string;
  body?: string;
  contentType?: string;
}

interface Answer {
  status: number;
  contentType: string;
  body: string;
}

/** Raw requests: the path is sent byte for byte (no client normalises the encoding). */
function send(r: Hostile): Promise<Answer> {
  const url = new URL(t.url);
  return new Promise((resolve, reject) => {
    const headers: http.OutgoingHttpHeaders = { authorization: ADMIN_TOKEN };
    if (r.body !== undefined) {
      headers["content-type"] = r.contentType ?? "application/json";
      headers["content-length"] = Buffer.byteLength(r.body);
    }
    const req = http.request({ host: url.hostname, port: url.port, method: r.method, path: r.path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode!, contentType: String(res.headers["content-type"] ?? ""), body: Buffer.concat(chunks).toString("utf8") }));
    });
    req.on("error", reject);
    req.end(r.body);
  });
}

/** What is wrong with an answer, or null: no 5xx, a JSON body (except 204/HEAD and OnCall's text/plain inbound answers). */
function problem(r: Hostile, a: Answer): string | null {
  if (a.status >= 500) return `${a.status} ${a.body.slice(0, 200)}`;
  if (a.status === 204 || r.method === "HEAD") return null;
  if (a.status === 200 && a.body === "" && /^\/api\/v1\/alert_groups\/\w+\/\w+\/$/.test(r.path)) return null; // OnCall's empty 200 of an action
  if (r.path.startsWith("/integrations/v1/") && a.contentType.startsWith("text/plain") && a.status !== 400) return null;
  if (!/json/.test(a.contentType)) return `${a.status} not JSON (${a.contentType}): ${a.body.slice(0, 200)}`;
  let parsed: any;
  try {
    parsed = JSON.parse(a.body);
  } catch {
    return `${a.status} unparseable JSON: ${a.body.slice(0, 200)}`;
  }
  const internal = (parsed?.errors ?? []).find((e: any) => e?.extensions?.code === "INTERNAL_SERVER_ERROR");
  return internal ? `GraphQL internal error: ${JSON.stringify(internal)}` : null;
}

async function fire(requests: Hostile[]): Promise<string[]> {
  const problems: string[] = [];
  for (let i = 0; i < requests.length; i += 16) {
    const batch = requests.slice(i, i + 16);
    const answers = await Promise.all(batch.map(send));
    batch.forEach((r, j) => {
      const p = problem(r, answers[j]);
      if (p) problems.push(`${r.method} ${r.path} ${r.body?.slice(0, 120) ?? ""} -> ${p}`);
    });
  }
  return problems;
}

const RESOURCES = ["webhooks", "actions", "integrations", "alert_groups", "alerts", "escalation_chains", "escalation_policies", "users", "teams", "organizations"];
const BAD_SEGMENTS = ["%zz", "%ff%fe", "%E0%A4%A", "%", "a%00b", "%C0%AF"];
const BAD_IDS = ["0", "-1", "null", "A".repeat(3000), "WH%00", "%F0%9F%92%A9", "1e999", "%20", "__proto__", "constructor"];
const ODD_VALUES: unknown[] = [
  [], {}, [[]], { a: { b: { c: [] } } }, 1e308, -1, 2 ** 64, -0.5, true, false, "", " ", "x".repeat(100_000),
  "a\u0000b", "\ud800", "{{", "{% for %}", ["a\u0000"], { $gt: "" }, "9".repeat(400), "WH%00", null,
];

function oddBodies(fields: string[]): string[] {
  const bodies = ["[]", '"text"', "123", "null", "true", "{", '{"a":', "\u0000", '{"a": "\\u0000"}'];
  fields.forEach((field, i) => {
    for (let k = 0; k < 4; k++) bodies.push(JSON.stringify({ [field]: ODD_VALUES[(i * 5 + k * 3) % ODD_VALUES.length] }));
  });
  return bodies;
}

const WRITABLE: Record<string, string[]> = {
  webhooks: ["name", "url", "data", "headers", "trigger_template", "http_method", "trigger_type", "team", "integration_filter", "is_webhook_enabled", "forward_all", "username", "password", "authorization_header", "preset"],
  actions: ["name", "url", "data", "user", "password", "authorization_header", "forward_whole_payload", "team_id"],
  integrations: ["type", "name", "description_short", "team_id", "default_route", "templates"],
  escalation_chains: ["name", "team_id"],
  escalation_policies: ["escalation_chain_id", "type", "position", "duration", "persons_to_notify", "notify_if_time_from", "action_to_trigger", "important", "num_alerts_in_window"],
};

describe("REST", () => {
  it("bad percent-encoding anywhere in a path is a JSON 400 or 404", async () => {
    const requests: Hostile[] = [];
    for (const seg of BAD_SEGMENTS) {
      for (const resource of RESOURCES) {
        requests.push({ method: "GET", path: `/api/v1/${resource}/${seg}/` });
        requests.push({ method: "PATCH", path: `/api/v1/${resource}/${seg}/`, body: "{}" });
      }
      requests.push({ method: "GET", path: `/api/v1/${seg}/` });
      requests.push({ method: "POST", path: `/integrations/v1/webhook/${seg}/`, body: "{}" });
      requests.push({ method: "POST", path: `/integrations/v1/${seg}/token/`, body: "{}" });
      requests.push({ method: "POST", path: `/graphql/${seg}`, body: "{}" });
      requests.push({ method: "GET", path: `/${seg}` });
      requests.push({ method: "GET", path: `/api/v1/webhooks/${ids.webhooks}/responses/${seg}` });
    }
    expect(await fire(requests)).toEqual([]);
    const answer = await send({ method: "GET", path: "/api/v1/users/%zz/" });
    expect([400, 404]).toContain(answer.status);
    expect(JSON.parse(answer.body)).toEqual({ detail: expect.any(String) });
  });

  it("bad ids, bad query parameters and wrong methods", async () => {
    const requests: Hostile[] = [];
    for (const resource of RESOURCES) {
      BAD_IDS.forEach((id, i) => requests.push({ method: i % 3 ? "GET" : "DELETE", path: `/api/v1/${resource}/${id}/` }));
      // All at once: each list reads its own parameters and ignores the others.
      for (const query of [
        "perpage=-1&page=0&name[]=a&team_id[]=x&id[]=1&state=bogus&started_at=garbage&roles=9&label=a:%00",
        "perpage=abc&page=-3&name[a]=b&search=%ff&started_at=%00&short=%00&%zz=1&a=%zz",
        "perpage=1e309&page=1e300&name=%00&team_id=%00&id=%00&state=%00&integration_id=%00&alert_group_id=%00",
        "perpage=99999999999999999999&route_id=%00&search=%00&label=%00&roles=%00&email=%00&username=%00&escalation_chain_id=%00",
      ]) {
        requests.push({ method: "GET", path: `/api/v1/${resource}/?${query}` });
      }
      for (const method of ["PUT", "PATCH", "DELETE", "PROPFIND", "OPTIONS"]) requests.push({ method, path: `/api/v1/${resource}/`, body: "{}" });
      for (const method of ["POST", "PROPFIND"]) requests.push({ method, path: `/api/v1/${resource}/${ids[resource]}/`, body: "{}" });
    }
    for (const action of ["acknowledge", "resolve", "silence", "unsilence"]) {
      requests.push({ method: "GET", path: `/api/v1/alert_groups/${ids.alert_groups}/${action}/` });
      requests.push({ method: "POST", path: `/api/v1/alert_groups/%00/${action}/`, body: "{}" });
    }
    requests.push({ method: "GET", path: `/api/v1/webhooks/%00/responses/` });
    requests.push({ method: "GET", path: `/api/v1/webhooks/${ids.webhooks}/responses/?perpage=%00&page=%00` });
    requests.push({ method: "GET", path: `/integrations/v1/webhook/%00/` });
    requests.push({ method: "POST", path: `/integrations/v1/%00/%00/`, body: "{}" });
    expect(await fire(requests)).toEqual([]);
  });

  it("bodies of the wrong type and odd values on every write", async () => {
    const requests: Hostile[] = [];
    for (const [resource, fields] of Object.entries(WRITABLE)) {
      for (const body of oddBodies(fields)) {
        requests.push({ method: "POST", path: `/api/v1/${resource}/`, body });
        requests.push({ method: "PATCH", path: `/api/v1/${resource}/${ids[resource]}/`, body });
      }
      requests.push({ method: "PUT", path: `/api/v1/${resource}/${ids[resource]}/`, body: "[1, 2]" });
      requests.push({ method: "POST", path: `/api/v1/${resource}/`, body: "name=a%00b", contentType: "application/x-www-form-urlencoded" });
    }
    // Numbers beyond what the columns hold (PostgreSQL integer: 2^31 - 1).
    for (const big of ["2147483648", "1e20", "18446744073709551616", "-2147483649", "3.5", '"99999999999999999999"']) {
      for (const [type, field] of [["notify_if_num_alerts_in_window", "num_alerts_in_window"], ["notify_if_num_alerts_in_window", "num_minutes_in_window"], ["wait", "position"], ["wait", "duration"]]) {
        requests.push({ method: "PATCH", path: `/api/v1/escalation_policies/${ids.escalation_policies}/`, body: `{"type": "${type}", "${field}": ${big}}` });
      }
    }
    for (const delay of ["[]", '"x"', "1e308", '"\\u0000"', "-2", "null", "18446744073709551616", "2147483648"]) {
      requests.push({ method: "POST", path: `/api/v1/alert_groups/${ids.alert_groups}/silence/`, body: `{"delay": ${delay}}` });
    }
    for (const mode of ["[]", '"x"', '"\\u0000"', "5"]) {
      requests.push({ method: "DELETE", path: `/api/v1/alert_groups/${ids.alert_groups}/`, body: `{"mode": ${mode}}` });
    }
    expect(await fire(requests)).toEqual([]);
    expect((await t.api.get(`/api/v1/webhooks/${ids.webhooks}/`)).status).toBe(200);
  });
});

describe("/graphql", () => {
  const gql = (query: string, variables?: unknown): Hostile => ({ method: "POST", path: "/graphql", body: JSON.stringify({ query, variables }) });

  it("malformed requests, wrong types, huge values and NULs in arguments", async () => {
    const requests: Hostile[] = [
      { method: "POST", path: "/graphql", body: "[]" },
      { method: "POST", path: "/graphql", body: '"query"' },
      { method: "POST", path: "/graphql", body: "{" },
      { method: "POST", path: "/graphql", body: '{"query": 5}' },
      { method: "POST", path: "/graphql", body: '{"query": "{"}' },
      { method: "POST", path: "/graphql", body: '{"query": "{ currentUser { id } }", "variables": "x"}' },
      { method: "POST", path: "/graphql", body: "query=%00", contentType: "application/x-www-form-urlencoded" },
      { method: "GET", path: "/graphql?query=%00" },
      { method: "GET", path: "/graphql?query=%zz" },
      { method: "GET", path: "/graphql?query={webhooks{nodes{id}}}&variables=%7B" },
      { method: "PUT", path: "/graphql", body: "{}" },
      gql("{ webhooks(perpage: 99999999999) { nodes { id } } }"),
      gql("query($p: Int) { webhooks(perpage: $p) { nodes { id } } }", { p: 2 ** 40 }),
      gql("query($p: Int) { webhooks(page: $p) { nodes { id } } }", { p: "x" }),
      gql("query($p: Int) { webhooks(page: $p) { nodes { id } } }", { p: -5 }),
      gql("{ webhooks(page: 1e300) { nodes { id } } }"),
      gql(`{ ${"a: currentUser { id } ".repeat(50)} }`),
      gql("{ __typename " + "{".repeat(200) + " }"),
    ];
    const idQueries = ["webhook", "integration", "alertGroup", "escalationChain", "escalationPolicy", "user", "team", "delivery"];
    for (const id of ["\u0000", "a\u0000b", "A".repeat(5000), "", "%zz", "\ud800"]) {
      for (const field of idQueries) requests.push(gql(`query($id: ID!) { ${field}(id: $id) { id } }`, { id }));
      requests.push(gql("query($id: ID!) { webhookResponses(id: $id) { nodes { attempt } } }", { id }));
      requests.push(gql("query($id: ID!) { deliveries(webhookId: $id) { nodes { id } } }", { id }));
      requests.push(gql("mutation($id: ID!) { acknowledgeAlertGroup(id: $id) { id } }", { id }));
      requests.push(gql("mutation($id: ID!) { deleteWebhook(id: $id) }", { id }));
      requests.push(gql("mutation($id: ID!) { triggerWebhook(webhookId: $id, alertGroupId: $id) { id } }", { id }));
    }
    for (const text of ["\u0000", "a\u0000b", "x".repeat(100_000)]) {
      requests.push(gql("query($s: String) { webhooks(name: $s) { nodes { id } } }", { s: text }));
      requests.push(gql("query($s: String) { integrations(name: $s, teamId: $s) { nodes { id } } }", { s: text }));
      requests.push(gql("query($s: String) { users(username: $s, email: $s, roles: [$s]) { nodes { id } } }", { s: text }));
      requests.push(gql("query($s: String) { teams(name: $s) { nodes { id } } }", { s: text }));
      requests.push(gql("query($s: String) { escalationChains(name: $s, teamId: $s) { nodes { id } } }", { s: text }));
      requests.push(gql("query($s: String) { alerts(search: $s, id: $s, alertGroupId: $s) { nodes { id } } }", { s: text }));
      requests.push(gql("query($s: String) { alertGroups(filter: { id: $s, integrationId: $s, routeId: $s, teamId: $s, state: $s, startedAt: $s, labels: [$s] }) { nodes { id } } }", { s: text }));
      requests.push(gql("query($s: String) { deliveries(webhookId: $s, status: $s, alertGroupId: $s) { nodes { id } } }", { s: text }));
      requests.push(gql("mutation($s: String!) { createApiToken(userId: $s, name: $s) }", { s: text }));
      requests.push(gql("mutation($s: String) { deleteAlertGroup(id: $s, mode: $s) }", { s: text }));
      requests.push(gql("query($s: String!) { previewTemplate(input: { field: URL, template: $s, alertGroupId: $s }) { output } }", { s: text }));
      for (const input of ["WebhookInput", "IntegrationInput", "EscalationChainInput", "EscalationPolicyInput", "UserInput", "TeamInput"]) {
        const op = { WebhookInput: "Webhook", IntegrationInput: "Integration", EscalationChainInput: "EscalationChain", EscalationPolicyInput: "EscalationPolicy", UserInput: "User", TeamInput: "Team" }[input];
        const fields = input === "EscalationPolicyInput" ? { type: text, escalationChainId: ids.escalation_chains } : { name: text, username: text, email: text, url: text, data: text, description_short: text };
        const keys = Object.keys(fields).filter((k) => ({
          WebhookInput: ["name", "url", "data"], IntegrationInput: ["name"], EscalationChainInput: ["name"], EscalationPolicyInput: ["type", "escalationChainId"],
          UserInput: ["username", "email"], TeamInput: ["name"],
        })[input]!.includes(k));
        const value = Object.fromEntries(keys.map((k) => [k, (fields as Record<string, unknown>)[k]]));
        requests.push(gql(`mutation($v: ${input}!) { create${op}(input: $v) { id } }`, { v: { ...(input === "IntegrationInput" ? { type: "webhook" } : {}), ...value } }));
      }
    }
    expect(await fire(requests)).toEqual([]);
    expect((await t.gql("{ currentUser { id } }")).errors).toBeUndefined();
  });
});

describe("NUL characters are refused as OnCall's serializers do", () => {
  const refused = (field: string) => ({ [field]: ["Null characters are not allowed."] });

  it.each([
    ["POST", "/api/v1/webhooks/", { name: "a\u0000b", url: "http://x.test/", http_method: "POST", trigger_type: "escalation" }, "name"],
    ["PATCH", "/api/v1/webhooks/:webhooks/", { data: '{"a": "\u0000"}' }, "data"],
    ["PUT", "/api/v1/webhooks/:webhooks/", { name: "n", url: "http://x.test/\u0000", http_method: "POST", trigger_type: "escalation" }, "url"],
    ["PATCH", "/api/v1/actions/:actions/", { user: "\u0000" }, "user"],
    ["POST", "/api/v1/integrations/", { type: "webhook", name: "a\u0000" }, "name"],
    ["PATCH", "/api/v1/integrations/:integrations/", { templates: { web: { title: "{{ a }}\u0000" } } }, "templates"],
    ["POST", "/api/v1/escalation_chains/", { name: "\u0000" }, "name"],
    ["PATCH", "/api/v1/escalation_policies/:escalation_policies/", { notify_if_time_from: "\u0000" }, "notify_if_time_from"],
  ])("%s %s", async (method, path, body, field) => {
    const res = await t.api.request({ method, url: path.replace(/:(\w+)/, (_, r) => ids[r]), data: body });
    expect(res.status).toBe(400);
    expect(res.data).toEqual(refused(field));
  });

  it("in a query parameter: 400 naming it; in a path id: 404", async () => {
    const list = await t.api.get("/api/v1/webhooks/", { params: { name: "a\u0000" } });
    expect([list.status, list.data]).toEqual([400, refused("name")]);
    const one = await t.api.get("/api/v1/webhooks/a%00b/");
    expect([one.status, one.data]).toEqual([404, { detail: "Not found." }]);
  });

  it("nothing was stored", async () => {
    const names = (await t.api.get("/api/v1/webhooks/")).data.results.map((w: any) => w.name);
    expect(names.some((n: string) => n.includes("\u0000"))).toBe(false);
    expect((await t.api.get(`/api/v1/webhooks/${ids.webhooks}/`)).data.data ?? "").not.toContain("\u0000");
  });

  it.each([
    ["createUser", "UserInput", { username: "u\u0000", email: "e@x.test" }, "username"],
    ["createTeam", "TeamInput", { name: "t\u0000" }, "name"],
    ["createWebhook", "WebhookInput", { name: "w", url: "http://x.test/", httpMethod: "POST", triggerType: "ESCALATION", headers: "\u0000" }, "headers"],
    ["createIntegration", "IntegrationInput", { type: "webhook", descriptionShort: "\u0000" }, "descriptionShort"],
  ])("GraphQL %s", async (mutation, input, value, field) => {
    const res = await t.gql(`mutation($v: ${input}!) { ${mutation}(input: $v) { id } }`, { v: value });
    expect(res.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: "BAD_USER_INPUT", status: 400, fields: refused(field) }) })]);
  });
});
