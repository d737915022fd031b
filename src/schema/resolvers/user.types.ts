import { JSONObjectResolver, JSONResolver } from "graphql-scalars";
import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import type { Role } from "../entities/user.entity";
import type { Team, User } from "../entities";
import { ConnectionOf } from "./connection.types";
import { UserRoleEnum } from "./enums";

@ObjectType("Team")
export class TeamObject {
  @Field(() => ID) id!: string;
  @Field(() => Int) grafanaId!: number;
  @Field() name!: string;
  @Field(() => String, { nullable: true }) email!: string | null;
  @Field() avatarUrl!: string;
}

@ObjectType("User")
export class UserObject {
  @Field(() => ID) id!: string;
  @Field(() => Int) grafanaId!: number;
  @Field() email!: string;
  @Field() username!: string;
  @Field(() => UserRoleEnum) role!: UserRoleEnum;
  @Field(() => [String], { nullable: true, description: "Explicit RBAC permissions; null = the role's" }) permissions!: string[] | null;
  @Field(() => String, { nullable: true, description: "IANA name" }) timezone!: string | null;
  @Field() isActive!: boolean;
  @Field(() => [TeamObject]) teams!: TeamObject[];
  /** Kept for the field resolver (personal notification webhook); not exposed. */
  entity!: User;
}

@ObjectType("PersonalNotificationWebhook", { description: "A user's “notify by webhook” binding (delivery.md §2)" })
export class PersonalNotificationWebhookObject {
  @Field(() => ID) webhookId!: string;
  @Field(() => JSONObjectResolver, { nullable: true, description: "Visible to its owner only" }) context!: Record<string, unknown> | null;
}

@ObjectType("UserConnection")
export class UserConnection extends ConnectionOf(UserObject, "User") {}

@ObjectType("TeamConnection")
export class TeamConnection extends ConnectionOf(TeamObject, "Team") {}

@InputType("UserFilter")
export class UserFilterInput {
  @Field(() => String, { nullable: true, description: "Case-insensitive, exact" }) email?: string | null;
  @Field(() => String, { nullable: true, description: "Case-insensitive, exact" }) username?: string | null;
  @Field(() => [UserRoleEnum], { nullable: true, description: "Any of these roles" }) roles?: UserRoleEnum[] | null;
}

@InputType("TeamFilter")
export class TeamFilterInput {
  @Field(() => String, { nullable: true, description: "Exact name" }) name?: string | null;
}

@InputType("UserInput", { description: "Fields left out are unchanged" })
export class UserInputType {
  @Field(() => String, { nullable: true }) username?: string | null;
  @Field(() => String, { nullable: true }) email?: string | null;
  @Field(() => UserRoleEnum, { nullable: true }) role?: UserRoleEnum | null;
  @Field(() => [String], { nullable: true }) permissions?: string[] | null;
  @Field(() => [ID], { nullable: true, description: "Team ids: the memberships become exactly these" }) teams?: string[] | null;
  @Field(() => String, { nullable: true }) timezone?: string | null;
  @Field(() => Boolean, { nullable: true }) isActive?: boolean | null;
}

@InputType("TeamInput", { description: "Fields left out are unchanged" })
export class TeamInputType {
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => String, { nullable: true }) email?: string | null;
  @Field(() => String, { nullable: true }) avatarUrl?: string | null;
}

/** Any JSON: the service answers `Invalid context.` for anything but an object or null. */
export const ContextScalar = JSONResolver;

/** The fields the client sent (type-graphql leaves absent ones undefined). */
export function sentFields<T extends object>(input: T): Partial<T> {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) as Partial<T>;
}

export function roleNames(roles: UserRoleEnum[] | null | undefined): Role[] | undefined {
  return roles?.length ? roles.map((role) => role as Role) : undefined;
}

export function teamObject(team: Team): TeamObject {
  return { id: team.publicId, grafanaId: team.grafanaId, name: team.name, email: team.email, avatarUrl: team.avatarUrl };
}

export function userObject(user: User): UserObject {
  return {
    id: user.publicId, grafanaId: user.grafanaId, email: user.email, username: user.username, role: user.role as UserRoleEnum,
    permissions: user.permissions, timezone: user.timezone, isActive: user.isActive,
    teams: [...(user.teams ?? [])].sort((a, b) => a.id - b.id).map(teamObject),
    entity: user,
  };
}
