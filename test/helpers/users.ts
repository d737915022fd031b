import { Organization, Team, User } from "../../src/schema/entities";
import type { Role } from "../../src/schema/entities/user.entity";
import { newPublicId } from "../../src/schema/public-id";
import type { TestServer } from "./server";

let counter = 0;

/** A user with a token, in the bootstrap organization or in a new one (tenant-isolation tests). */
export async function createUserWithToken(
  t: TestServer,
  options: { role?: Role; permissions?: string[] | null; newOrganization?: boolean; isActive?: boolean; username?: string } = {},
): Promise<{ user: User; token: string; organization: Organization }> {
  const ds = t.server.dataSource;
  const organization = options.newOrganization
    ? await ds.getRepository(Organization).save({ publicId: newPublicId("organization"), name: `org-${++counter}` })
    : (await ds.getRepository(Organization).findOne({ where: {}, order: { id: "ASC" } }))!;
  const grafanaId = ((await ds.getRepository(User).maximum("grafanaId", { organizationId: organization.id })) ?? 0) + 1;
  const username = options.username ?? `user${++counter}`;
  const user = await ds.getRepository(User).save({
    publicId: newPublicId("user"), organizationId: organization.id, grafanaId, username,
    email: `${username}@example.com`, role: options.role ?? "admin", permissions: options.permissions ?? null,
    timezone: "UTC", isActive: options.isActive ?? true,
  });
  const token = await t.server.services.auth.issueToken(user, "test");
  return { user, token, organization };
}

export async function createTeam(t: TestServer, name: string, organizationId?: number): Promise<Team> {
  const ds = t.server.dataSource;
  const orgId = organizationId ?? (await ds.getRepository(Organization).findOne({ where: {}, order: { id: "ASC" } }))!.id;
  const grafanaId = ((await ds.getRepository(Team).maximum("grafanaId", { organizationId: orgId })) ?? 0) + 1;
  return ds.getRepository(Team).save({ publicId: newPublicId("team"), organizationId: orgId, grafanaId, name, email: null, avatarUrl: "" });
}
