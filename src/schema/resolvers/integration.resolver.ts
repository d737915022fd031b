import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import type { GraphQLContext } from "../context";
import { ConnectionArgs, definedFields, nameOrder, NameOrderInput, toConnection } from "./connection.types";
import {
  IntegrationConnection, IntegrationFilterInput, integrationInput, IntegrationInputType, integrationObject, IntegrationObject,
} from "./integration.types";
import { TeamObject, teamObject } from "./user.types";

/** Integrations over GraphQL: the same IntegrationService and rules as REST `/api/v1/integrations/`. */
@Resolver(() => IntegrationObject)
export class IntegrationResolver {
  @Query(() => IntegrationObject)
  async integration(@Arg("id", () => ID) id: string, @Ctx() { actor, services }: GraphQLContext): Promise<IntegrationObject> {
    return integrationObject(await services.integrations.get(actor, id));
  }

  @Query(() => IntegrationConnection, { description: "Creation order unless orderBy says otherwise" })
  async integrations(
    @Args() page: ConnectionArgs,
    @Ctx() { actor, services }: GraphQLContext,
    @Arg("filter", () => IntegrationFilterInput, { nullable: true }) filter?: IntegrationFilterInput | null,
    @Arg("orderBy", () => NameOrderInput, { nullable: true }) orderBy?: NameOrderInput | null,
  ) {
    const filters = definedFields(filter);
    const found = await services.integrations.listByCursor(actor, { ...filters, teamId: filters.teamId || undefined }, page, nameOrder(orderBy));
    return toConnection(found, integrationObject);
  }

  @FieldResolver(() => TeamObject, { nullable: true })
  async team(@Root() integration: IntegrationObject, @Ctx() { loaders }: GraphQLContext): Promise<TeamObject | null> {
    if (integration.teamRowId === null) return null;
    const team = await loaders.team.load(integration.teamRowId);
    return team && teamObject(team);
  }

  @Mutation(() => IntegrationObject)
  async createIntegration(@Arg("input", () => IntegrationInputType) input: IntegrationInputType, @Ctx() { actor, services }: GraphQLContext): Promise<IntegrationObject> {
    return integrationObject(await services.integrations.create(actor, integrationInput(input)));
  }

  @Mutation(() => IntegrationObject, { description: "Fields left out are unchanged" })
  async updateIntegration(
    @Arg("id", () => ID) id: string,
    @Arg("input", () => IntegrationInputType) input: IntegrationInputType,
    @Ctx() { actor, services }: GraphQLContext,
  ): Promise<IntegrationObject> {
    return integrationObject(await services.integrations.update(actor, id, integrationInput(input)));
  }

  @Mutation(() => Boolean, { description: "Soft delete: the link stops accepting alerts; its alert groups stay" })
  async deleteIntegration(@Arg("id", () => ID) id: string, @Ctx() { actor, services }: GraphQLContext): Promise<boolean> {
    await services.integrations.delete(actor, id);
    return true;
  }
}
