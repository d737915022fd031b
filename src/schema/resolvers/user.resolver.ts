import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import type { GraphQLContext } from "../context";
import {
  ContextScalar, PersonalNotificationWebhookObject, sentFields, TeamInputType, TeamObject, teamObject, TeamPage,
  UserInputType, UserObject, userObject, UserPage,
} from "./user.types";
import { pageRequest } from "./webhook.types";

/** Users, teams, API tokens and personal notification webhooks (domain-api.md §2, §9–10; delivery.md §2). */
@Resolver(() => UserObject)
export class UserResolver {
  @Query(() => UserObject)
  async user(@Arg("id", () => ID) id: string, @Ctx() { actor, services }: GraphQLContext): Promise<UserObject> {
    return userObject(await services.users.get(actor, id));
  }

  @Query(() => UserObject, { description: "The token's own user" })
  async currentUser(@Ctx() { actor, services }: GraphQLContext): Promise<UserObject> {
    return userObject(await services.users.current(actor));
  }

  @Query(() => UserPage, { description: "Creation order; email and username match case-insensitively" })
  async users(
    @Ctx() { actor, services }: GraphQLContext,
    @Arg("email", () => String, { nullable: true }) email?: string | null,
    @Arg("username", () => String, { nullable: true }) username?: string | null,
    @Arg("roles", () => [String], { nullable: true, description: "OnCall codes: 0 admin, 1 editor, 2 viewer, 3 none" }) roles?: string[] | null,
    @Arg("page", () => Int, { nullable: true }) page?: number | null,
    @Arg("perpage", () => Int, { nullable: true }) perpage?: number | null,
  ): Promise<UserPage> {
    const { window, info } = pageRequest(page, perpage);
    const filters = { email: email ?? undefined, username: username ?? undefined, roles: roles ?? undefined };
    const { total, items } = await services.users.list(actor, filters, window);
    return { totalCount: total, ...info, nodes: items.map(userObject) };
  }

  @FieldResolver(() => PersonalNotificationWebhookObject, { nullable: true, description: "Seen by the user and by admins (context: owner only)" })
  async personalNotificationWebhook(@Root() user: UserObject, @Ctx() { actor, services }: GraphQLContext): Promise<PersonalNotificationWebhookObject | null> {
    const binding = await services.users.personalNotificationWebhook(actor, user.entity);
    return binding && { webhookId: binding.webhookPublicId, context: binding.context };
  }

  @Mutation(() => UserObject)
  async createUser(@Arg("input", () => UserInputType) input: UserInputType, @Ctx() { actor, services }: GraphQLContext): Promise<UserObject> {
    return userObject(await services.users.create(actor, sentFields(input)));
  }

  @Mutation(() => UserObject)
  async updateUser(
    @Arg("id", () => ID) id: string,
    @Arg("input", () => UserInputType) input: UserInputType,
    @Ctx() { actor, services }: GraphQLContext,
  ): Promise<UserObject> {
    return userObject(await services.users.update(actor, id, sentFields(input)));
  }

  @Mutation(() => Boolean)
  async deleteUser(@Arg("id", () => ID) id: string, @Ctx() { actor, services }: GraphQLContext): Promise<boolean> {
    await services.users.delete(actor, id);
    return true;
  }

  @Mutation(() => String, { description: "A new API token for the user, shown only this once (at most 5 live per user)" })
  createApiToken(
    @Arg("userId", () => ID) userId: string,
    @Arg("name", () => String) name: string,
    @Ctx() { actor, services }: GraphQLContext,
  ): Promise<string> {
    return services.users.createApiToken(actor, userId, name);
  }

  @Mutation(() => PersonalNotificationWebhookObject, { description: "Binds a `personal notification` webhook; replaces any previous binding" })
  async setPersonalNotificationWebhook(
    @Arg("userId", () => ID) userId: string,
    @Ctx() { actor, services }: GraphQLContext,
    @Arg("webhookId", () => ID, { nullable: true }) webhookId?: string | null,
    @Arg("context", () => ContextScalar, { nullable: true, description: "A JSON object or null" }) context?: unknown,
  ): Promise<PersonalNotificationWebhookObject> {
    const binding = await services.users.setPersonalNotificationWebhook(actor, userId, webhookId, context);
    return { webhookId: binding.webhookPublicId, context: binding.context };
  }

  @Mutation(() => Boolean)
  async clearPersonalNotificationWebhook(@Arg("userId", () => ID) userId: string, @Ctx() { actor, services }: GraphQLContext): Promise<boolean> {
    await services.users.clearPersonalNotificationWebhook(actor, userId);
    return true;
  }

  @Query(() => TeamObject)
  async team(@Arg("id", () => ID) id: string, @Ctx() { actor, services }: GraphQLContext): Promise<TeamObject> {
    return teamObject(await services.teams.get(actor, id));
  }

  @Query(() => TeamPage)
  async teams(
    @Ctx() { actor, services }: GraphQLContext,
    @Arg("name", () => String, { nullable: true }) name?: string | null,
    @Arg("page", () => Int, { nullable: true }) page?: number | null,
    @Arg("perpage", () => Int, { nullable: true }) perpage?: number | null,
  ): Promise<TeamPage> {
    const { window, info } = pageRequest(page, perpage);
    const { total, items } = await services.teams.list(actor, { name: name ?? undefined }, window);
    return { totalCount: total, ...info, nodes: items.map(teamObject) };
  }

  @Mutation(() => TeamObject)
  async createTeam(@Arg("input", () => TeamInputType) input: TeamInputType, @Ctx() { actor, services }: GraphQLContext): Promise<TeamObject> {
    return teamObject(await services.teams.create(actor, sentFields(input)));
  }

  @Mutation(() => TeamObject)
  async updateTeam(
    @Arg("id", () => ID) id: string,
    @Arg("input", () => TeamInputType) input: TeamInputType,
    @Ctx() { actor, services }: GraphQLContext,
  ): Promise<TeamObject> {
    return teamObject(await services.teams.update(actor, id, sentFields(input)));
  }

  @Mutation(() => Boolean, { description: "What belonged to the team becomes team-less" })
  async deleteTeam(@Arg("id", () => ID) id: string, @Ctx() { actor, services }: GraphQLContext): Promise<boolean> {
    await services.teams.delete(actor, id);
    return true;
  }
}
