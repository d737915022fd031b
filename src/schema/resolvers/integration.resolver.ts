import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from "type-graphql";
import type { GraphQLContext } from "../context";
import { integrationInput, IntegrationInputType, integrationObject, IntegrationObject, IntegrationPage } from "./integration.types";
import { pageRequest } from "./webhook.types";

/** Integrations over GraphQL: the same IntegrationService and rules as REST `/api/v1/integrations/`. */
@Resolver(() => IntegrationObject)
export class IntegrationResolver {
  @Query(() => IntegrationObject)
  async integration(@Arg("id", () => ID) id: string, @Ctx() { actor, services }: GraphQLContext): Promise<IntegrationObject> {
    return integrationObject(await services.integrations.get(actor, id));
  }

  @Query(() => IntegrationPage, { description: 'Creation order; `teamId: "null"` = integrations without a team' })
  async integrations(
    @Ctx() { actor, services }: GraphQLContext,
    @Arg("name", () => String, { nullable: true }) name?: string | null,
    @Arg("teamId", () => ID, { nullable: true }) teamId?: string | null,
    @Arg("page", () => Int, { nullable: true }) page?: number | null,
    @Arg("perpage", () => Int, { nullable: true }) perpage?: number | null,
  ): Promise<IntegrationPage> {
    const { window, info } = pageRequest(page, perpage);
    const { total, items } = await services.integrations.list(actor, { name: name ?? undefined, teamId: teamId || undefined }, window);
    return { totalCount: total, ...info, nodes: items.map(integrationObject) };
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
