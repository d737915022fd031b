import { EscalationChain, EscalationPolicy, Route } from "../../src/schema/entities";
import { createIntegration } from "../helpers/integrations";
import { clientFor, startTestServer, type TestServer } from "../helpers/server";
import { createTeam, createUserWithToken } from "../helpers/users";

// REST /api/v1/escalation_chains/ (domain-api.md §7).
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

const CHAIN_ID = /^F[ABCDEFGHIJKLMNPQRSTUVWXYZ1-9]{12}$/;
let counter = 0;
const uniqueName = () => `chain ${++counter}`;
const createChain = async (body: Record<string, unknown> = {}) => {
  const res = await t.api.post("/api/v1/escalation_chains/", { name: uniqueName(), ...body });
  expect(res.status).toBe(201);
  return res.data;
};

describe("POST /api/v1/escalation_chains/", () => {
  it("creates a chain and answers {id, name, team_id}", async () => {
    const res = await t.api.post("/api/v1/escalation_chains/", { name: "default" });
    expect(res.status).toBe(201);
    expect(Object.keys(res.data)).toEqual(["id", "name", "team_id"]);
    expect(res.data).toEqual({ id: expect.stringMatching(CHAIN_ID), name: "default", team_id: null });
    expect((await t.api.get(`/api/v1/escalation_chains/${res.data.id}/`)).data).toEqual(res.data);
  });

  it("accepts a team of the organization", async () => {
    const team = await createTeam(t, "chain-team");
    const res = await t.api.post("/api/v1/escalation_chains/", { name: uniqueName(), team_id: team.publicId });
    expect(res.status).toBe(201);
    expect(res.data.team_id).toBe(team.publicId);
  });

  it.each([
    [{}, { name: ["This field is required."] }],
    [{ name: "" }, { name: ["This field may not be blank."] }],
    [{ name: "x".repeat(101) }, { name: ["Ensure this field has no more than 100 characters."] }],
    [{ name: "ok team", team_id: "TAAAAAAAAAAAA" }, { team_id: ["Object does not exist"] }],
  ])("rejects %j with %j", async (body, expected) => {
    const res = await t.api.post("/api/v1/escalation_chains/", body);
    expect(res.status).toBe(400);
    expect(res.data).toEqual(expected);
  });

  it("accepts exactly 100 characters", async () => {
    const res = await t.api.post("/api/v1/escalation_chains/", { name: "y".repeat(100) });
    expect(res.status).toBe(201);
  });

  it("rejects a name already used in the organization, across teams", async () => {
    const team = await createTeam(t, "other-team");
    const name = uniqueName();
    await createChain({ name });
    const res = await t.api.post("/api/v1/escalation_chains/", { name, team_id: team.publicId });
    expect(res.status).toBe(400);
    expect(res.data).toEqual({ non_field_errors: ["The fields organization, name must make a unique set."] });
  });

  it("allows the same name in another organization", async () => {
    const name = uniqueName();
    await createChain({ name });
    const other = await createUserWithToken(t, { role: "admin", newOrganization: true });
    const res = await clientFor(t.url, other.token).post("/api/v1/escalation_chains/", { name });
    expect(res.status).toBe(201);
  });
});

describe("PUT / PATCH /api/v1/escalation_chains/{id}/", () => {
  it("PUT requires the name, PATCH does not", async () => {
    const chain = await createChain();
    const put = await t.api.put(`/api/v1/escalation_chains/${chain.id}/`, { team_id: null });
    expect(put.status).toBe(400);
    expect(put.data).toEqual({ name: ["This field is required."] });
    const team = await createTeam(t, "patch-team");
    const patch = await t.api.patch(`/api/v1/escalation_chains/${chain.id}/`, { team_id: team.publicId });
    expect(patch.status).toBe(200);
    expect(patch.data).toEqual({ id: chain.id, name: chain.name, team_id: team.publicId });
  });

  it("renames, keeps its own name without a uniqueness error, refuses another chain's name", async () => {
    const a = await createChain();
    const b = await createChain();
    expect((await t.api.put(`/api/v1/escalation_chains/${a.id}/`, { name: a.name })).status).toBe(200);
    const clash = await t.api.patch(`/api/v1/escalation_chains/${a.id}/`, { name: b.name });
    expect(clash.status).toBe(400);
    expect(clash.data).toEqual({ non_field_errors: ["The fields organization, name must make a unique set."] });
    const renamed = await t.api.put(`/api/v1/escalation_chains/${a.id}`, { name: "renamed chain" });
    expect(renamed.data).toEqual({ id: a.id, name: "renamed chain", team_id: null });
  });

  it("answers 404 for an unknown id before validating the body", async () => {
    const res = await t.api.put("/api/v1/escalation_chains/FAAAAAAAAAAAA/", {});
    expect(res.status).toBe(404);
    expect(res.data).toEqual({ detail: "Not found." });
  });
});

describe("DELETE /api/v1/escalation_chains/{id}/", () => {
  it("removes the chain and its policies and clears routes that pointed to it", async () => {
    const chain = await createChain();
    const policy = await t.api.post("/api/v1/escalation_policies/", { escalation_chain_id: chain.id, type: "wait", duration: 60 });
    expect(policy.status).toBe(201);
    const { route } = await createIntegration(t);
    await t.server.dataSource.getRepository(Route).update({ id: route.id }, { escalationChainId: await chainRowId(chain.id) });

    const res = await t.api.delete(`/api/v1/escalation_chains/${chain.id}/`);
    expect(res.status).toBe(204);
    expect((await t.api.get(`/api/v1/escalation_chains/${chain.id}/`)).status).toBe(404);
    expect((await t.api.get(`/api/v1/escalation_policies/${policy.data.id}/`)).status).toBe(404);
    expect(await t.server.dataSource.getRepository(EscalationPolicy).countBy({ publicId: policy.data.id })).toBe(0);
    expect((await t.server.dataSource.getRepository(Route).findOneByOrFail({ id: route.id })).escalationChainId).toBeNull();
  });
});

async function chainRowId(publicId: string): Promise<number> {
  return (await t.server.dataSource.getRepository(EscalationChain).findOneByOrFail({ publicId })).id;
}

describe("GET /api/v1/escalation_chains/", () => {
  it("lists in creation order with filters name and team_id", async () => {
    const other = await createUserWithToken(t, { role: "admin", newOrganization: true });
    const api = clientFor(t.url, other.token);
    const team = await createTeam(t, "list-team", other.organization.id);
    const first = (await api.post("/api/v1/escalation_chains/", { name: "first" })).data;
    const second = (await api.post("/api/v1/escalation_chains/", { name: "second", team_id: team.publicId })).data;

    const all = await api.get("/api/v1/escalation_chains/");
    expect(all.status).toBe(200);
    expect(all.data).toMatchObject({ count: 2, next: null, previous: null, page_size: 50, current_page_number: 1, total_pages: 1 });
    expect(all.data.results).toEqual([first, second]);
    expect((await api.get("/api/v1/escalation_chains/?name=second")).data.results).toEqual([second]);
    expect((await api.get(`/api/v1/escalation_chains/?team_id=${team.publicId}`)).data.results).toEqual([second]);
    expect((await api.get("/api/v1/escalation_chains/?team_id=null")).data.results).toEqual([first]);
    const unknownTeam = await api.get("/api/v1/escalation_chains/?team_id=TAAAAAAAAAAAA");
    expect(unknownTeam.status).toBe(400);
    expect(unknownTeam.data).toEqual({ team_id: ["Select a valid choice. That choice is not one of the available choices."] });
  });

  it("paginates with perpage", async () => {
    const other = await createUserWithToken(t, { role: "admin", newOrganization: true });
    const api = clientFor(t.url, other.token);
    for (const name of ["a", "b", "c"]) await api.post("/api/v1/escalation_chains/", { name });
    const page = await api.get("/api/v1/escalation_chains/?perpage=2&page=2");
    expect(page.data).toMatchObject({ count: 3, page_size: 2, current_page_number: 2, total_pages: 2, next: null });
    expect(page.data.previous).toBe(`${t.server.config.baseUrl}/api/v1/escalation_chains/?perpage=2`);
    expect(page.data.results.map((c: { name: string }) => c.name)).toEqual(["c"]);
  });
});

describe("permissions and scoping", () => {
  it("viewers read, only escalation-chains:write creates, other organizations get 404", async () => {
    const chain = await createChain();
    const viewer = clientFor(t.url, (await createUserWithToken(t, { role: "viewer" })).token);
    expect((await viewer.get(`/api/v1/escalation_chains/${chain.id}/`)).status).toBe(200);
    const denied = await viewer.post("/api/v1/escalation_chains/", { name: uniqueName() });
    expect(denied.status).toBe(403);
    expect(denied.data).toEqual({ detail: "You do not have permission to perform this action." });
    expect((await viewer.delete(`/api/v1/escalation_chains/${chain.id}/`)).status).toBe(403);

    const stranger = clientFor(t.url, (await createUserWithToken(t, { role: "admin", newOrganization: true })).token);
    expect((await stranger.get(`/api/v1/escalation_chains/${chain.id}/`)).status).toBe(404);
    expect((await stranger.delete(`/api/v1/escalation_chains/${chain.id}/`)).status).toBe(404);
  });

  it("answers 405 for methods not offered", async () => {
    const res = await t.api.put("/api/v1/escalation_chains/", { name: "x" });
    expect(res.status).toBe(405);
    expect(res.data).toEqual({ detail: 'Method "PUT" not allowed.' });
  });
});
