import { PermissionError } from "../errors";
import type { Organization } from "../schema/entities/organization.entity";
import type { User } from "../schema/entities/user.entity";
import type { Permission } from "./permissions";

/** Who is calling: every service method takes it first and scopes every query by its organization. */
export interface Actor {
  organization: Organization;
  user: User;
  permissions: ReadonlySet<Permission>;
}

export function assertCan(actor: Actor, permission: Permission): void {
  if (!actor.permissions.has(permission)) throw new PermissionError();
}
