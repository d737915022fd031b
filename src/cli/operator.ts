import type { DataSource } from "typeorm";
import { Organization, User } from "../schema/entities";
import type { Actor } from "../services/actor";
import { PERMISSION_MIN_ROLE, type Permission } from "../services/permissions";
import { CliError } from "./cli-error";

const EVERY_PERMISSION = new Set(Object.keys(PERMISSION_MIN_ROLE) as Permission[]);

/**
 * Who a CLI command acts as: someone at the server's console may do anything, so every permission, in the
 * organization that owns what the command touches, as its first active admin (who appears as the acting
 * user in payloads, e.g. a test send's `user`).
 */
export async function operatorOf(dataSource: DataSource, organizationId: number): Promise<Actor> {
  const organization = await dataSource.getRepository(Organization).findOneByOrFail({ id: organizationId });
  const users = dataSource.getRepository(User);
  const user =
    (await users.findOne({ where: { organizationId, role: "admin", isActive: true }, order: { id: "ASC" }, relations: { teams: true } })) ??
    (await users.findOne({ where: { organizationId, isActive: true }, order: { id: "ASC" }, relations: { teams: true } }));
  if (!user) throw new CliError(`organization ${organization.publicId} has no active user to act as`);
  return { organization, user, permissions: EVERY_PERMISSION };
}
