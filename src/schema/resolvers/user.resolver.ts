import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import type { GraphQLContext } from "../context";
import { ConnectionArgs, definedFields, nameOrder, NameOrderInput, toConnection, userOrder, UserOrderInput } from "./connection.types";
import {
  ContextScalar, PersonalNotificationWebhookObject, roleNames, sentFields, TeamConnection, TeamFilterInput, TeamInputType, TeamObject,
  teamObject, UserConnection, UserFilterInput, UserInputType, UserObject, userObject,
} from "./user.types";

/** Users, teams and personal notification webhooks (domain-api.md §9–10; delivery.md §2). */
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

  @Query(() => UserConnection, { description: "Creation order unless orderBy says otherwise" })
  async users(
    @Args() page: ConnectionArgs,
    @Ctx() { actor, services }: GraphQLContext,
    @Arg("filter", () => UserFilterInput, { nullable: true }) filter?: UserFilterInput | null,
    @Arg("orderBy", () => UserOrderInput, { nullable: true }) orderBy?: UserOrderInput | null,
  ) {
    const { roles, ...rest } = definedFields(filter);
    return toConnection(await services.users.listByCursor(actor, { ...rest, roleNames: roleNames(roles) }, page, userOrder(orderBy)), userObject);
  }

  @FieldResolver(() => PersonalNotificationWebhookObject, { nullable: true, description: "Seen by the user and by admins (context: owner only)" })
  async personalNotificationWebhook(@Root() user: UserObject, @Ctx() { loaders }: GraphQLContext): Promise<PersonalNotificationWebhookObject | null> {
    const binding = await loaders.personalNotificationWebhook.load(user.entity);
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

  @Query(() => TeamConnection, { description: "Creation order unless orderBy says otherwise" })
  async teams(
    @Args() page: ConnectionArgs,
    @Ctx() { actor, services }: GraphQLContext,
    @Arg("filter", () => TeamFilterInput, { nullable: true }) filter?: TeamFilterInput | null,
    @Arg("orderBy", () => NameOrderInput, { nullable: true }) orderBy?: NameOrderInput | null,
  ) {
    return toConnection(await services.teams.listByCursor(actor, definedFields(filter), page, nameOrder(orderBy)), teamObject);
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
