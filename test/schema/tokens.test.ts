import { clientFor, startTestServer, type TestServer } from "../helpers/server";
import { createUserWithToken } from "../helpers/users";

// API tokens for operators: listed without secrets, created (secret shown once), revoked at once.
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

const CREATE = `mutation($userId: ID!, $name: String!) { createApiToken(userId: $userId, name: $name) { token apiToken { id name userId createdAt revokedAt } } }`;
const REVOKE = `mutation($id: ID!) { revokeApiToken(id: $id) { id revokedAt } }`;
const LIST = `query($filter: ApiTokenFilter) { apiTokens(filter: $filter) { totalCount nodes { id name userId revokedAt user { username } } } }`;

it("the ApiToken type has no field that could carry a secret", async () => {
  const res = await t.gql(`{ __type(name: "ApiToken") { fields { name } } }`);
  expect(res.data.__type.fields.map((f: { name: string }) => f.name).sort()).toEqual(["createdAt", "id", "name", "revokedAt", "user", "userId"]);
});

it("creates a token shown once, lists it without its secret, revokes it with immediate effect", async () => {
  const { user } = await createUserWithToken(t, { role: "editor", username: "ci-owner" });
  const created = await t.gql(CREATE, { userId: user.publicId, name: "ci" });
  expect(created.errors).toBeUndefined();
  const { token, apiToken } = created.data.createApiToken;
  expect(token).toMatch(/^[0-9a-f]{64}$/);
  expect(apiToken).toMatchObject({ name: "ci", userId: user.publicId, revokedAt: null });

  const listed = await t.gql(LIST, { filter: { userId: user.publicId } });
  expect(listed.data.apiTokens.nodes).toEqual([
    { id: expect.any(String), name: "test", userId: user.publicId, revokedAt: null, user: { username: "ci-owner" } },
    { id: apiToken.id, name: "ci", userId: user.publicId, revokedAt: null, user: { username: "ci-owner" } },
  ]);
  expect(JSON.stringify(listed.data)).not.toContain(token.slice(0, 8));

  const api = clientFor(t.url, token);
  expect((await api.get("/api/v1/users/current/")).status).toBe(200);
  expect((await t.gql(`{ viewer { id } }`, {}, token)).data.viewer.id).toBe(user.publicId);

  const revoked = await t.gql(REVOKE, { id: apiToken.id });
  expect(revoked.data.revokeApiToken).toEqual({ id: apiToken.id, revokedAt: expect.any(String) });
  expect(await api.get("/api/v1/users/current/")).toMatchObject({ status: 401, data: { detail: "Invalid token." } });
  const gql = await api.post("/graphql", { query: "{ viewer { id } }" });
  expect(gql.status).toBe(401);
  expect(gql.data.errors[0].extensions.code).toBe("UNAUTHENTICATED");

  const again = await t.gql(REVOKE, { id: apiToken.id });
  expect(again.data.revokeApiToken.revokedAt).toBe(revoked.data.revokeApiToken.revokedAt);
  const live = await t.gql(LIST, { filter: { userId: user.publicId, includeRevoked: false } });
  expect(live.data.apiTokens.nodes.map((n: { name: string }) => n.name)).toEqual(["test"]);
});

it("a revoked token no longer counts against the five live tokens", async () => {
  const { user } = await createUserWithToken(t, { username: "five" });
  const ids: string[] = [];
  for (let i = 0; i < 4; i++) ids.push((await t.gql(CREATE, { userId: user.publicId, name: `t${i}` })).data.createApiToken.apiToken.id);
  expect((await t.gql(CREATE, { userId: user.publicId, name: "sixth" })).errors![0].extensions).toMatchObject({
    code: "BAD_USER_INPUT", body: { detail: "Max token count (5) for this user reached." },
  });
  await t.gql(REVOKE, { id: ids[0] });
  expect((await t.gql(CREATE, { userId: user.publicId, name: "replacement" })).errors).toBeUndefined();
});

it("needs api-keys permissions and stays inside the organization", async () => {
  const editor = await createUserWithToken(t, { role: "editor" });
  expect((await t.gql(LIST, {}, editor.token)).errors![0].extensions.code).toBe("FORBIDDEN");
  expect((await t.gql(REVOKE, { id: "1" }, editor.token)).errors![0].extensions.code).toBe("FORBIDDEN");
  const stranger = await createUserWithToken(t, { newOrganization: true });
  const theirs = await t.gql(LIST, {}, stranger.token);
  expect(theirs.data.apiTokens.totalCount).toBe(1);
  const [own] = (await t.gql(LIST, {})).data.apiTokens.nodes;
  expect((await t.gql(REVOKE, { id: own.id }, stranger.token)).errors![0].extensions.code).toBe("NOT_FOUND");
  expect((await t.gql(REVOKE, { id: "not-a-number" })).errors![0].extensions.code).toBe("NOT_FOUND");
});
