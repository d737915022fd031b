import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import type { GraphQLContext } from "../context";
import { ConnectionArgs, definedFields, toConnection } from "./connection.types";
import { ApiTokenConnection, ApiTokenFilterInput, apiTokenObject, ApiTokenObject, CreateApiTokenPayload } from "./token.types";
import { UserObject, userObject } from "./user.types";

/** API tokens (domain-api.md §2): listed without secrets, created (secret shown once), revoked at once. */
@Resolver(() => ApiTokenObject)
export class TokenResolver {
  @Query(() => ApiTokenConnection, { description: "The organization's tokens in creation order (api-keys:read)" })
  async apiTokens(
    @Args() page: ConnectionArgs,
    @Ctx() { actor, services }: GraphQLContext,
    @Arg("filter", () => ApiTokenFilterInput, { nullable: true }) filter?: ApiTokenFilterInput | null,
  ) {
    return toConnection(await services.tokens.list(actor, definedFields(filter), page), apiTokenObject);
  }

  @FieldResolver(() => UserObject, { nullable: true })
  async user(@Root() token: ApiTokenObject, @Ctx() { loaders }: GraphQLContext): Promise<UserObject | null> {
    const user = await loaders.user.load(token.userRowId);
    return user && userObject(user);
  }

  @Mutation(() => CreateApiTokenPayload, { description: "A new API token for the user (at most 5 live per user)" })
  async createApiToken(
    @Arg("userId", () => ID) userId: string,
    @Arg("name", () => String) name: string,
    @Ctx() { actor, services }: GraphQLContext,
  ): Promise<CreateApiTokenPayload> {
    const { token, secret } = await services.tokens.create(actor, userId, name);
    return { apiToken: apiTokenObject(token), token: secret };
  }

  @Mutation(() => ApiTokenObject, { description: "The token answers 401 from the next request on" })
  async revokeApiToken(@Arg("id", () => ID) id: string, @Ctx() { actor, services }: GraphQLContext): Promise<ApiTokenObject> {
    return apiTokenObject(await services.tokens.revoke(actor, id));
  }
}
