import { type EntityManager, In } from "typeorm";
import { FieldErrors } from "../../errors";
import { Team, User } from "../../schema/entities";
import type { Role } from "../../schema/entities/user.entity";
import { PERMISSION_MIN_ROLE } from "../permissions";

/** What GraphQL may send to create or change a user; absent keys are unchanged. */
export interface UserInput {
  username?: string | null;
  email?: string | null;
  role?: string | null;
  /** OnCall RBAC mode: exactly these permissions; null = the role's. */
  permissions?: string[] | null;
  /** Team public ids; the user's memberships become exactly these. */
  teams?: string[] | null;
  timezone?: string | null;
  isActive?: boolean | null;
}

export interface UserChanges {
  username?: string;
  email?: string;
  role?: Role;
  permissions?: string[] | null;
  teams?: Team[];
  timezone?: string | null;
  isActive?: boolean;
}

/** Fields only user-settings:admin may change (a user may edit the rest of their own profile). */
export const ADMIN_ONLY_FIELDS: readonly (keyof UserInput)[] = ["role", "permissions", "teams", "isActive"];

const ROLES: readonly Role[] = ["admin", "editor", "viewer", "none"];
const MAX_LENGTH = 300;
const PREFIXES = ["grafana-oncall-app.", "grafana-irm-app."];

export function isValidTimezone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

function isKnownPermission(name: string): boolean {
  const bare = PREFIXES.reduce((n, p) => (n.startsWith(p) ? n.slice(p.length) : n), name);
  return bare in PERMISSION_MIN_ROLE;
}

/** Validates every given field and reports all field errors together. `existing` is null on create. */
export async function parseUserInput(
  em: EntityManager, organizationId: number, input: UserInput, existing: User | null,
): Promise<UserChanges> {
  const errors = new FieldErrors();
  const out: UserChanges = {};
  const text = (field: "username" | "email", value: string | null | undefined, required: boolean) => {
    if (value === undefined) {
      if (required) errors.add(field, "This field is required.");
      return undefined;
    }
    if (value === null) return void errors.add(field, "This field may not be null.");
    const trimmed = value.trim();
    if (required && trimmed === "") return void errors.add(field, "This field may not be blank.");
    if (trimmed.length > MAX_LENGTH) return void errors.add(field, `Ensure this field has no more than ${MAX_LENGTH} characters.`);
    return trimmed;
  };

  out.username = text("username", input.username, existing === null || input.username !== undefined);
  if (out.username !== undefined) {
    const query = em.getRepository(User).createQueryBuilder("u")
      .where("u.organizationId = :organizationId AND LOWER(u.username) = LOWER(:username)", { organizationId, username: out.username });
    if (existing) query.andWhere("u.id <> :id", { id: existing.id });
    const clash = await query.getCount();
    if (clash > 0) errors.add("username", "A user with that username already exists.");
  }
  out.email = text("email", input.email, false);
  if (out.email && !/^[^\s@]+@[^\s@]+$/.test(out.email)) errors.add("email", "Enter a valid email address.");

  if (input.role !== undefined) {
    if (input.role === null) errors.add("role", "This field may not be null.");
    else if (!(ROLES as readonly string[]).includes(input.role)) errors.add("role", `"${input.role}" is not a valid choice.`);
    else out.role = input.role as Role;
  }
  if (input.permissions !== undefined) {
    const unknown = (input.permissions ?? []).filter((p) => !isKnownPermission(p));
    if (unknown.length > 0) errors.add("permissions", `Unknown permission: ${unknown.join(", ")}.`);
    else out.permissions = input.permissions === null ? null : [...new Set(input.permissions)];
  }
  if (input.teams !== undefined) {
    const wanted = [...new Set(input.teams ?? [])];
    const teams = wanted.length ? await em.getRepository(Team).findBy({ organizationId, publicId: In(wanted) }) : [];
    if (teams.length !== wanted.length) errors.add("teams", "Object does not exist");
    else out.teams = teams;
  }
  if (input.timezone !== undefined) {
    if (input.timezone !== null && !isValidTimezone(input.timezone)) errors.add("timezone", `"${input.timezone}" is not a valid time zone.`);
    else out.timezone = input.timezone;
  }
  if (input.isActive !== undefined) {
    if (input.isActive === null) errors.add("isActive", "This field may not be null.");
    else out.isActive = input.isActive;
  }
  errors.throwIfAny();
  // Only what was given: absent fields stay unchanged when assigned onto an existing user.
  return Object.fromEntries(Object.entries(out).filter(([, value]) => value !== undefined)) as UserChanges;
}

/** Numeric Grafana ids are unique per organization: the next free one. */
export async function nextGrafanaId(em: EntityManager, entity: typeof User | typeof Team, organizationId: number): Promise<number> {
  const max = await em.getRepository(entity as typeof User).maximum("grafanaId", { organizationId });
  return (max ?? 0) + 1;
}

/** `wanted` (an imported object's Grafana id) when it is free in the organization, else the next free one. */
export async function grafanaIdFor(em: EntityManager, entity: typeof User | typeof Team, organizationId: number, wanted?: number): Promise<number> {
  if (wanted !== undefined && Number.isInteger(wanted) && wanted > 0) {
    const taken = await em.getRepository(entity as typeof User).existsBy({ organizationId, grafanaId: wanted });
    if (!taken) return wanted;
  }
  return nextGrafanaId(em, entity, organizationId);
}
