import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from "type-graphql";
import { GRAPHQL_DIALECT } from "../../services/webhooks/dialects";
import type { GraphQLContext } from "../context";
import {
  pageRequest,
  serviceInput,
  WebhookInputType,
  WebhookObject,
  WebhookPage,
  WebhookResponsePage,
} from "./webhook.types";

/** Outgoing webhooks over GraphQL: the same WebhookService and rules as REST `/api/v1/webhooks/`. */
@Resolver(() => WebhookObject)
export class WebhookResolver {
  @Query(() => WebhookObject)
  webhook(@Arg("id", () => ID) id: string, @Ctx() { actor, services }: GraphQLContext): Promise<WebhookObject> {
    return services.webhooks.get(actor, id);
  }

  @Query(() => WebhookPage, { description: "Creation order; `teamId: \"null\"` = webhooks without a team" })
  async webhooks(
    @Ctx() { actor, services }: GraphQLContext,
    @Arg("name", () => String, { nullable: true }) name?: string | null,
    @Arg("teamId", () => ID, { nullable: true }) teamId?: string | null,
    @Arg("page", () => Int, { nullable: true }) page?: number | null,
    @Arg("perpage", () => Int, { nullable: true }) perpage?: number | null,
  ): Promise<WebhookPage> {
    const { window, info } = pageRequest(page, perpage);
    const filters = { name: name ?? undefined, teamId: teamId || undefined };
    const { total, items } = await services.webhooks.list(actor, filters, window, GRAPHQL_DIALECT);
    return { totalCount: total, ...info, nodes: items };
  }

  @Query(() => WebhookResponsePage, { description: "Delivery attempts under the webhook's current trigger, newest first" })
  async webhookResponses(
    @Arg("id", () => ID) id: string,
    @Ctx() { actor, services }: GraphQLContext,
    @Arg("page", () => Int, { nullable: true }) page?: number | null,
    @Arg("perpage", () => Int, { nullable: true }) perpage?: number | null,
  ): Promise<WebhookResponsePage> {
    const { window, info } = pageRequest(page, perpage);
    const { total, items } = await services.webhooks.responses(actor, id, window);
    return { totalCount: total, ...info, nodes: items };
  }

  @Mutation(() => WebhookObject)
  createWebhook(@Arg("input", () => WebhookInputType) input: WebhookInputType, @Ctx() { actor, services }: GraphQLContext): Promise<WebhookObject> {
    return services.webhooks.create(actor, serviceInput(input), GRAPHQL_DIALECT);
  }

  @Mutation(() => WebhookObject, { description: "Fields left out are unchanged (PATCH semantics)" })
  updateWebhook(
    @Arg("id", () => ID) id: string,
    @Arg("input", () => WebhookInputType) input: WebhookInputType,
    @Ctx() { actor, services }: GraphQLContext,
  ): Promise<WebhookObject> {
    return services.webhooks.patch(actor, id, serviceInput(input), GRAPHQL_DIALECT);
  }

  @Mutation(() => Boolean)
  async deleteWebhook(@Arg("id", () => ID) id: string, @Ctx() { actor, services }: GraphQLContext): Promise<boolean> {
    await services.webhooks.delete(actor, id);
    return true;
  }

  @Mutation(() => String, { description: "A new Standard Webhooks secret (whsec_…), shown only this once" })
  rotateWebhookSigningSecret(@Arg("id", () => ID) id: string, @Ctx() { actor, services }: GraphQLContext): Promise<string> {
    return services.webhooks.rotateSigningSecret(actor, id);
  }

  @Mutation(() => WebhookObject, { description: "Requests of this webhook are no longer signed" })
  removeWebhookSigningSecret(@Arg("id", () => ID) id: string, @Ctx() { actor, services }: GraphQLContext): Promise<WebhookObject> {
    return services.webhooks.removeSigningSecret(actor, id);
  }
}
