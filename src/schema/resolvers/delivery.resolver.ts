import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import type { GraphQLContext } from "../context";
import { exactJsonOf } from "../graphql-body";
import { alertGroupObject, AlertGroupObject } from "./alert-group.types";
import { ConnectionArgs, definedFields, newestFirst, TimeOrderInput, toConnection } from "./connection.types";
import {
  attemptObject, AttemptFilterInput, DeliveryAttemptConnection, DeliveryAttemptObject, DeliveryConnection, DeliveryFilterInput,
  deliveryObject, DeliveryObject, TestDeliveryObject,
} from "./delivery.types";
import { TemplatePreviewInput, TemplatePreviewObject } from "./preview.types";
import { webhookObject, WebhookObject } from "./webhook.types";

/** Deliveries and their attempts, manual runs, test sends and template previews: one service call each. */
@Resolver(() => DeliveryObject)
export class DeliveryResolver {
  @Query(() => TemplatePreviewObject, { description: "Renders one template field exactly as a delivery would" })
  previewTemplate(@Arg("input", () => TemplatePreviewInput) input: TemplatePreviewInput, @Ctx() { actor, services }: GraphQLContext) {
    return services.deliveries.previewTemplate(actor, { ...input, eventData: exactJsonOf(input.eventData) ?? input.eventData });
  }

  @Query(() => DeliveryConnection, { description: "The organization's deliveries (every webhook unless filtered), newest first by default" })
  async deliveries(
    @Args() page: ConnectionArgs,
    @Ctx() { actor, services }: GraphQLContext,
    @Arg("filter", () => DeliveryFilterInput, { nullable: true }) filter?: DeliveryFilterInput | null,
    @Arg("orderBy", () => TimeOrderInput, { nullable: true }) orderBy?: TimeOrderInput | null,
  ) {
    return toConnection(await services.deliveryHistory.deliveries(actor, definedFields(filter), page, newestFirst(orderBy)), deliveryObject);
  }

  @Query(() => DeliveryObject)
  async delivery(@Arg("id", () => ID) id: string, @Ctx() { actor, services }: GraphQLContext): Promise<DeliveryObject> {
    return deliveryObject(await services.deliveries.get(actor, id));
  }

  @Query(() => DeliveryAttemptConnection, { name: "attempts", description: "The organization's attempt records, newest first by default" })
  async listAttempts(
    @Args() page: ConnectionArgs,
    @Ctx() { actor, services }: GraphQLContext,
    @Arg("filter", () => AttemptFilterInput, { nullable: true }) filter?: AttemptFilterInput | null,
    @Arg("orderBy", () => TimeOrderInput, { nullable: true }) orderBy?: TimeOrderInput | null,
  ) {
    return toConnection(await services.deliveryHistory.attempts(actor, definedFields(filter), page, newestFirst(orderBy)), attemptObject);
  }

  @FieldResolver(() => [DeliveryAttemptObject], { description: "Oldest first; loaded only when selected" })
  async attempts(@Root() delivery: DeliveryObject, @Ctx() { loaders }: GraphQLContext): Promise<DeliveryAttemptObject[]> {
    return (await loaders.attemptsOfDelivery.load(delivery.rowIds.id)).map(attemptObject);
  }

  @FieldResolver(() => WebhookObject, { nullable: true, description: "Deleted webhooks too" })
  async webhook(@Root() delivery: DeliveryObject, @Ctx() { loaders }: GraphQLContext): Promise<WebhookObject | null> {
    const view = await loaders.webhook.load(delivery.rowIds.webhookId);
    return view && webhookObject(view);
  }

  @FieldResolver(() => AlertGroupObject, { nullable: true, description: "null once the group is deleted" })
  async alertGroup(@Root() delivery: DeliveryObject, @Ctx() { loaders }: GraphQLContext): Promise<AlertGroupObject | null> {
    const view = await loaders.alertGroup.load(delivery.rowIds.alertGroupId);
    return view && alertGroupObject(view);
  }

  @Mutation(() => DeliveryObject, { description: "Queues an `escalation` webhook for an alert group, as the caller" })
  async triggerWebhook(
    @Arg("webhookId", () => ID) webhookId: string,
    @Arg("alertGroupId", () => ID, { nullable: true }) alertGroupId: string | null,
    @Ctx() { actor, services }: GraphQLContext,
  ): Promise<DeliveryObject> {
    return deliveryObject(await services.deliveries.trigger(actor, webhookId, alertGroupId));
  }

  @Mutation(() => DeliveryObject, { description: "A new attempt of a finished delivery, with the same webhook-id" })
  async redeliver(
    @Ctx() { actor, services }: GraphQLContext,
    @Arg("attemptId", () => ID, { nullable: true }) attemptId?: string | null,
    @Arg("deliveryId", () => ID, { nullable: true }) deliveryId?: string | null,
  ): Promise<DeliveryObject> {
    return deliveryObject(await services.deliveries.redeliver(actor, { attemptId, deliveryId }));
  }

  @Mutation(() => TestDeliveryObject, { description: "Sends the webhook's request now (sample payload without a group); not stored" })
  sendTestEvent(
    @Arg("webhookId", () => ID) webhookId: string,
    @Ctx() { actor, services }: GraphQLContext,
    @Arg("alertGroupId", () => ID, { nullable: true }) alertGroupId?: string | null,
  ) {
    return services.deliveries.sendTest(actor, webhookId, alertGroupId);
  }
}
