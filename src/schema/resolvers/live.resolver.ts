import { Arg, ID, Resolver, Root, Subscription } from "type-graphql";
import { GraphQLError } from "graphql";
import type { LiveDeliveryEvent } from "../../live/delivery-feed";
import type { GraphQLContext } from "../context";
import { deliveryEventObject, DeliveryEventObject } from "./live.types";

@Resolver()
export class LiveResolver {
  @Subscription(() => DeliveryEventObject, {
    description:
      "Each attempt as it is recorded, by any instance, and each delivery skipped when it came up; one webhook's with `webhookId`. Over graphql-ws on /graphql",
    subscribe: async ({ args, context }) => {
      const { actor, live } = context as GraphQLContext;
      if (!live) throw new GraphQLError("Subscriptions are served over WebSocket (graphql-ws) on /graphql", { extensions: { code: "BAD_REQUEST" } });
      return live.subscribe(actor, (args as { webhookId?: string | null }).webhookId);
    },
  })
  deliveryEvents(
    @Root() event: LiveDeliveryEvent,
    @Arg("webhookId", () => ID, { nullable: true, description: "Only this webhook's deliveries" }) _webhookId?: string | null,
  ): DeliveryEventObject {
    return deliveryEventObject(event);
  }
}
