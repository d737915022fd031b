import { Field, ID, ObjectType } from "type-graphql";
import type { LiveDeliveryEvent } from "../../live/delivery-feed";
import { DeliveryAttemptObject, attemptObject, deliveryObject, DeliveryObject } from "./delivery.types";
import { DeliveryOutcomeEnum } from "./enums";

/** One committed attempt (or a skip) as the live feed sends it. */
@ObjectType("DeliveryEvent")
export class DeliveryEventObject {
  @Field(() => DeliveryOutcomeEnum, { description: "What this attempt did to its delivery" }) outcome!: DeliveryOutcomeEnum;
  @Field(() => ID) webhookId!: string;
  @Field(() => DeliveryObject, { description: "The delivery as read when the event was sent (a later attempt may have moved it on)" })
  delivery!: DeliveryObject;
  @Field(() => DeliveryAttemptObject, { nullable: true, description: "The attempt's record; null when SKIPPED" })
  attempt!: DeliveryAttemptObject | null;
}

export function deliveryEventObject(event: LiveDeliveryEvent): DeliveryEventObject {
  return {
    outcome: event.outcome as DeliveryOutcomeEnum,
    webhookId: event.delivery.webhookId,
    delivery: deliveryObject(event.delivery),
    attempt: event.attempt && attemptObject(event.attempt),
  };
}
