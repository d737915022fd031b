import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from "type-graphql";
import type { DeliveryStatus } from "../entities/delivery.entity";
import type { GraphQLContext } from "../context";
import { exactJsonOf } from "../graphql-body";
import {
  DeliveryObject, DeliveryPage, TemplatePreviewInput, TemplatePreviewObject, TestDeliveryObject,
} from "./delivery.types";
import { pageRequest } from "./webhook.types";

/** Deliveries and their attempts, manual runs, test sends and template previews: one service call each. */
@Resolver()
export class DeliveryResolver {
  @Query(() => TemplatePreviewObject, { description: "Renders one template field exactly as a delivery would" })
  previewTemplate(@Arg("input", () => TemplatePreviewInput) input: TemplatePreviewInput, @Ctx() { actor, services }: GraphQLContext) {
    return services.deliveries.previewTemplate(actor, { ...input, eventData: exactJsonOf(input.eventData) ?? input.eventData });
  }

  @Query(() => DeliveryPage, { description: "Deliveries of a webhook, newest first, each with its attempts" })
  async deliveries(
    @Arg("webhookId", () => ID) webhookId: string,
    @Ctx() { actor, services }: GraphQLContext,
    @Arg("alertGroupId", () => ID, { nullable: true }) alertGroupId?: string | null,
    @Arg("status", () => String, { nullable: true }) status?: string | null,
    @Arg("page", () => Int, { nullable: true }) page?: number | null,
    @Arg("perpage", () => Int, { nullable: true }) perpage?: number | null,
  ): Promise<DeliveryPage> {
    const { window, info } = pageRequest(page, perpage);
    const filters = { alertGroupId: alertGroupId ?? undefined, status: (status ?? undefined) as DeliveryStatus | undefined };
    const { total, items } = await services.deliveries.list(actor, webhookId, filters, window);
    return { totalCount: total, ...info, nodes: items };
  }

  @Query(() => DeliveryObject)
  delivery(@Arg("id", () => ID) id: string, @Ctx() { actor, services }: GraphQLContext) {
    return services.deliveries.get(actor, id);
  }

  @Mutation(() => DeliveryObject, { description: "Queues an `escalation` webhook for an alert group, as the caller" })
  triggerWebhook(
    @Arg("webhookId", () => ID) webhookId: string,
    @Arg("alertGroupId", () => ID, { nullable: true }) alertGroupId: string | null,
    @Ctx() { actor, services }: GraphQLContext,
  ) {
    return services.deliveries.trigger(actor, webhookId, alertGroupId);
  }

  @Mutation(() => DeliveryObject, { description: "A new attempt of a finished delivery, with the same webhook-id" })
  redeliver(
    @Ctx() { actor, services }: GraphQLContext,
    @Arg("attemptId", () => ID, { nullable: true }) attemptId?: string | null,
    @Arg("deliveryId", () => ID, { nullable: true }) deliveryId?: string | null,
  ) {
    return services.deliveries.redeliver(actor, { attemptId, deliveryId });
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
