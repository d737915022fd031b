import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { GRAPHQL_DIALECT } from "../../services/webhooks/dialects";
import type { GraphQLContext } from "../context";
import { ConnectionArgs, definedFields, nameOrder, NameOrderInput, toConnection } from "./connection.types";
import { attemptObject, DeliveryAttemptObject } from "./delivery.types";
import { TeamObject, teamObject } from "./user.types";
import {
  serviceInput, WebhookConnection, WebhookFilterInput, WebhookInputType, webhookObject, WebhookObject, WebhookResponseConnection,
} from "./webhook.types";

/** Outgoing webhooks over GraphQL: the same WebhookService and rules as REST `/api/v1/webhooks/`. */
@Resolver(() => WebhookObject)
export class WebhookResolver {
  @Query(() => WebhookObject)
  async webhook(@Arg("id", () => ID) id: string, @Ctx() { actor, services }: GraphQLContext): Promise<WebhookObject> {
    return webhookObject(await services.webhooks.get(actor, id));
  }

  @Query(() => WebhookConnection, { description: "Creation order unless orderBy says otherwise" })
  async webhooks(
    @Args() page: ConnectionArgs,
    @Ctx() { actor, services }: GraphQLContext,
    @Arg("filter", () => WebhookFilterInput, { nullable: true }) filter?: WebhookFilterInput | null,
    @Arg("orderBy", () => NameOrderInput, { nullable: true }) orderBy?: NameOrderInput | null,
  ) {
    const filters = definedFields(filter);
    const found = await services.webhooks.listByCursor(actor, { ...filters, teamId: filters.teamId || undefined }, page, nameOrder(orderBy), GRAPHQL_DIALECT);
    return toConnection(found, webhookObject);
  }

  @Query(() => WebhookResponseConnection, { description: "`/responses`: attempt records under the webhook's current trigger, newest first" })
  async webhookResponses(@Arg("id", () => ID) id: string, @Args() page: ConnectionArgs, @Ctx() { actor, services }: GraphQLContext) {
    return toConnection(await services.webhooks.responsesByCursor(actor, id, page), (record) => record);
  }

  @FieldResolver(() => TeamObject, { nullable: true })
  async team(@Root() webhook: WebhookObject, @Ctx() { loaders }: GraphQLContext): Promise<TeamObject | null> {
    if (webhook.rowIds.teamId === null) return null;
    const team = await loaders.team.load(webhook.rowIds.teamId);
    return team && teamObject(team);
  }

  @FieldResolver(() => DeliveryAttemptObject, { nullable: true, description: "The latest attempt, whatever its trigger (OnCall's “last run”)" })
  async lastAttempt(@Root() webhook: WebhookObject, @Ctx() { loaders }: GraphQLContext): Promise<DeliveryAttemptObject | null> {
    const attempt = await loaders.lastAttemptOfWebhook.load(webhook.rowIds.id);
    return attempt && attemptObject(attempt);
  }

  @Mutation(() => WebhookObject)
  async createWebhook(@Arg("input", () => WebhookInputType) input: WebhookInputType, @Ctx() { actor, services }: GraphQLContext): Promise<WebhookObject> {
    return webhookObject(await services.webhooks.create(actor, serviceInput(input), GRAPHQL_DIALECT));
  }

  @Mutation(() => WebhookObject, { description: "Fields left out are unchanged (PATCH); send null to clear teamId or integrationFilter (PUT)" })
  async updateWebhook(
    @Arg("id", () => ID) id: string,
    @Arg("input", () => WebhookInputType) input: WebhookInputType,
    @Ctx() { actor, services }: GraphQLContext,
  ): Promise<WebhookObject> {
    return webhookObject(await services.webhooks.patch(actor, id, serviceInput(input), GRAPHQL_DIALECT));
  }

  @Mutation(() => Boolean)
  async deleteWebhook(@Arg("id", () => ID) id: string, @Ctx() { actor, services }: GraphQLContext): Promise<boolean> {
    await services.webhooks.delete(actor, id);
    return true;
  }

  @Mutation(() => WebhookObject, {
    description: "Resumes a paused webhook (a webhook that is not paused is returned as it is); redeliverSkipped queues again, with their same webhook-id, the deliveries skipped because of the pause",
  })
  async resumeWebhook(
    @Arg("id", () => ID) id: string,
    @Ctx() { actor, services }: GraphQLContext,
    @Arg("redeliverSkipped", () => Boolean, { nullable: true, defaultValue: false }) redeliverSkipped: boolean | null,
  ): Promise<WebhookObject> {
    return webhookObject(await services.webhooks.resume(actor, id, { redeliverSkipped: redeliverSkipped === true }));
  }

  @Mutation(() => String, { description: "A new Standard Webhooks secret (whsec_…), shown only this once" })
  rotateWebhookSigningSecret(@Arg("id", () => ID) id: string, @Ctx() { actor, services }: GraphQLContext): Promise<string> {
    return services.webhooks.rotateSigningSecret(actor, id);
  }

  @Mutation(() => WebhookObject, { description: "Requests of this webhook are no longer signed" })
  async removeWebhookSigningSecret(@Arg("id", () => ID) id: string, @Ctx() { actor, services }: GraphQLContext): Promise<WebhookObject> {
    return webhookObject(await services.webhooks.removeSigningSecret(actor, id));
  }
}
