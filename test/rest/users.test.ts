import { Team, User } from "../../src/schema/entities";
import { newPublicId } from "../../src/schema/public-id";
import { ADMIN_TOKEN, clientFor, startTestServer, type TestServer } from "../helpers/server";
import { createTeam, createUserWithToken } from "../helpers/users";

// REST /api/v1/users/, /api/v1/teams/, /api/v1/organizations/{id}/ (domain-api.md §9–11).
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

const USER_KEYS = ["id", "grafana_id", "email", "slack", "username", "role", "is_phone_number_verified", "timezone", "teams"];
const SHORT_KEYS = ["id", "grafana_id", "email", "username", "role", "is_phone_number_verified"];

/** A fresh organization with an admin token, so lists hold exactly what a test made. */
async function freshOrganization() {
  const admin = await createUserWithToken(t, { role: "admin", newOrganization: true, username: `org-admin-${Date.now()}` });
  return { ...admin, api: clientFor(t.url, admin.token) };
}

async function addMember(organizationId: number, username: string, role: User["role"], teams: Team[] = []) {
  const repo = t.server.dataSource.getRepository(User);
  const grafanaId = ((await repo.maximum("grafanaId", { organizationId })) ?? 0) + 1;
  return repo.save({
    publicId: newPublicId("user"), organizationId, grafanaId, username, email: `${username}@Example.com`, role,
    permissions: null, timezone: "Europe/Paris", isActive: true, teams,
  });
}

describe("GET /api/v1/users/", () => {
  it("lists users in creation order with OnCall's shape, 100 per page", async () => {
    const org = await freshOrganization();
    const team = await createTeam(t, "users-team", org.organization.id);
    const bob = await addMember(org.organization.id, "bob", "editor", [team]);
    const res = await org.api.get("/api/v1/users/");
    expect(res.status).toBe(200);
    expect(res.data).toMatchObject({ count: 2, next: null, previous: null, page_size: 100, current_page_number: 1, total_pages: 1 });
    const [first, second] = res.data.results;
    expect(Object.keys(first)).toEqual(USER_KEYS);
    expect(first.id).toBe(org.user.publicId);
    expect(second).toEqual({
      id: bob.publicId, grafana_id: bob.grafanaId, email: "bob@Example.com", slack: null, username: "bob", role: "editor",
      is_phone_number_verified: false, timezone: "Europe/Paris", teams: [team.publicId],
    });
  });

  it("filters by email and username case-insensitively, and by repeatable numeric roles", async () => {
    const org = await freshOrganization();
    const viewer = await addMember(org.organization.id, "Vera", "viewer");
    const none = await addMember(org.organization.id, "nobody", "none");
    const list = async (query: string) => (await org.api.get(`/api/v1/users/?${query}`)).data.results.map((u: { id: string }) => u.id);
    expect(await list("email=VERA@example.COM")).toEqual([viewer.publicId]);
    expect(await list("username=vera")).toEqual([viewer.publicId]);
    expect(await list("username=ver")).toEqual([]);
    expect(await list("roles=0")).toEqual([org.user.publicId]);
    expect(await list("roles=2&roles=3")).toEqual([viewer.publicId, none.publicId]);
    expect(await list("roles=1")).toEqual([]);
    const bad = await org.api.get("/api/v1/users/?roles=1&roles=7");
    expect(bad.status).toBe(400);
    expect(bad.data).toEqual({ roles: ["Select a valid choice. 7 is not one of the available choices."] });
  });

  it("answers the short shape with short=true", async () => {
    const org = await freshOrganization();
    const res = await org.api.get("/api/v1/users/?short=true");
    expect(Object.keys(res.data.results[0])).toEqual(SHORT_KEYS);
    expect(Object.keys((await org.api.get("/api/v1/users/?short=false")).data.results[0])).toEqual(USER_KEYS);
  });
});

describe("GET /api/v1/users/{id}/ and /users/current/", () => {
  it("returns one user, and the token's user for current", async () => {
    const org = await freshOrganization();
    const other = await addMember(org.organization.id, "other", "viewer");
    const one = await org.api.get(`/api/v1/users/${other.publicId}/`);
    expect(one.status).toBe(200);
    expect(one.data.username).toBe("other");
    const current = await org.api.get("/api/v1/users/current");
    expect(current.status).toBe(200);
    expect(current.data).toMatchObject({ id: org.user.publicId, role: "admin", teams: [] });
    expect((await t.api.get("/api/v1/users/current/")).data.username).toBe("admin");
  });

  it("hides other organizations' users (404) and needs user-settings:read", async () => {
    const org = await freshOrganization();
    expect((await t.api.get(`/api/v1/users/${org.user.publicId}/`)).status).toBe(404);
    const none = await createUserWithToken(t, { role: "none" });
    const denied = await clientFor(t.url, none.token).get("/api/v1/users/");
    expect(denied.status).toBe(403);
    expect(denied.data).toEqual({ detail: "You do not have permission to perform this action." });
    const rbac = await createUserWithToken(t, { permissions: ["grafana-oncall-app.user-settings:read"] });
    expect((await clientFor(t.url, rbac.token).get("/api/v1/users/current/")).status).toBe(200);
  });

  it("offers GET only", async () => {
    const res = await t.api.post("/api/v1/users/", { username: "x" });
    expect(res.status).toBe(405);
    expect(res.data).toEqual({ detail: 'Method "POST" not allowed.' });
  });
});

describe("GET /api/v1/teams/", () => {
  it("lists teams with OnCall's shape, filters by exact name, reads one", async () => {
    const org = await freshOrganization();
    const platform = await createTeam(t, "platform", org.organization.id);
    const web = await createTeam(t, "web", org.organization.id);
    const res = await org.api.get("/api/v1/teams/");
    expect(res.data).toMatchObject({ count: 2, page_size: 50 });
    expect(res.data.results).toEqual([
      { id: platform.publicId, grafana_id: platform.grafanaId, name: "platform", email: null, avatar_url: "" },
      { id: web.publicId, grafana_id: web.grafanaId, name: "web", email: null, avatar_url: "" },
    ]);
    expect((await org.api.get("/api/v1/teams/?name=web")).data.results.map((x: { id: string }) => x.id)).toEqual([web.publicId]);
    expect((await org.api.get("/api/v1/teams/?name=We")).data.results).toEqual([]);
    expect((await org.api.get(`/api/v1/teams/${web.publicId}/`)).data.name).toBe("web");
    expect((await t.api.get(`/api/v1/teams/${web.publicId}/`)).status).toBe(404);
  });
});

describe("GET /api/v1/organizations/{anything}/", () => {
  it("returns the token's organization whatever the id", async () => {
    const org = await freshOrganization();
    const res = await org.api.get("/api/v1/organizations/OWHATEVER/");
    expect(res.status).toBe(200);
    expect(res.data).toEqual({ id: org.organization.publicId });
    expect((await clientFor(t.url, ADMIN_TOKEN).get(`/api/v1/organizations/${org.organization.publicId}`)).data.id).not.toBe(org.organization.publicId);
  });

  it("needs other-settings:read", async () => {
    const rbac = await createUserWithToken(t, { permissions: ["grafana-oncall-app.user-settings:read"] });
    expect((await clientFor(t.url, rbac.token).get("/api/v1/organizations/x/")).status).toBe(403);
  });
});
