import { DateTimeISOResolver } from "graphql-scalars";
import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import type { AttemptView, DeliveryView } from "../../services/deliveries/views";
import type { TestSendResult } from "../../services/deliveries/test-send";
import { ConnectionOf } from "./connection.types";
import { DeliveryStatusEnum, TriggerTypeEnum } from "./enums";
import { WebhookResponseObject } from "./webhook.types";

/** One HTTP try: its response record (the same fields as `/responses`), and whose attempt it was. */
@ObjectType("DeliveryAttempt")
export class DeliveryAttemptObject extends WebhookResponseObject {
  @Field(() => ID, { description: "Pass to `redeliver(attemptId:)`" }) id!: string;
  @Field(() => TriggerTypeEnum, { description: "The trigger stored with the record" }) triggerType!: TriggerTypeEnum;
  @Field(() => ID, { nullable: true }) deliveryId!: string | null;
  @Field(() => ID, { nullable: true }) webhookId!: string | null;
  @Field(() => ID, { nullable: true, description: "null once the alert group is deleted" }) alertGroupId!: string | null;
}

export function attemptObject(view: AttemptView): DeliveryAttemptObject {
  return { ...view, triggerType: view.triggerType as TriggerTypeEnum };
}

/** One webhook × one event; its id is the Standard Webhooks `webhook-id` of every attempt. */
@ObjectType("Delivery")
export class DeliveryObject {
  @Field(() => ID) id!: string;
  @Field(() => ID) webhookId!: string;
  @Field(() => ID) alertGroupId!: string;
  @Field(() => TriggerTypeEnum, { description: "Trigger of the originating event" }) eventType!: TriggerTypeEnum;
  @Field(() => DeliveryStatusEnum) status!: DeliveryStatusEnum;
  @Field(() => String, { nullable: true, description: "Why nothing was sent (integration filter, trigger template result, …)" })
  skipReason!: string | null;
  @Field(() => Int) attemptCount!: number;
  @Field(() => DateTimeISOResolver, { nullable: true, description: "When pending: when the next attempt is due" }) nextAttemptAt!: Date | null;
  @Field(() => DateTimeISOResolver) createdAt!: Date;
  @Field(() => DateTimeISOResolver, { nullable: true }) finishedAt!: Date | null;
  /** For the nested fields (attempts, webhook, alertGroup); not exposed. */
  rowIds!: DeliveryView["rowIds"];
}

export function deliveryObject(view: DeliveryView): DeliveryObject {
  return { ...view, eventType: view.eventType as TriggerTypeEnum, status: view.status as DeliveryStatusEnum };
}

@ObjectType("DeliveryConnection")
export class DeliveryConnection extends ConnectionOf(DeliveryObject, "Delivery") {}

@ObjectType("DeliveryAttemptConnection")
export class DeliveryAttemptConnection extends ConnectionOf(DeliveryAttemptObject, "DeliveryAttempt") {}

@InputType("DeliveryFilter")
export class DeliveryFilterInput {
  @Field(() => ID, { nullable: true }) webhookId?: string | null;
  @Field(() => ID, { nullable: true }) alertGroupId?: string | null;
  @Field(() => ID, { nullable: true, description: "Deliveries for alert groups of this integration" }) integrationId?: string | null;
  @Field(() => DeliveryStatusEnum, { nullable: true }) status?: DeliveryStatusEnum | null;
  @Field(() => DateTimeISOResolver, { nullable: true, description: "Created at or after" }) createdAfter?: Date | null;
  @Field(() => DateTimeISOResolver, { nullable: true, description: "Created strictly before" }) createdBefore?: Date | null;
}

@InputType("AttemptFilter")
export class AttemptFilterInput {
  @Field(() => ID, { nullable: true }) webhookId?: string | null;
  @Field(() => ID, { nullable: true }) alertGroupId?: string | null;
  @Field(() => ID, { nullable: true }) deliveryId?: string | null;
  @Field(() => DateTimeISOResolver, { nullable: true, description: "Recorded at or after" }) createdAfter?: Date | null;
  @Field(() => DateTimeISOResolver, { nullable: true, description: "Recorded strictly before" }) createdBefore?: Date | null;
}

/** The request a test send made and what came back; not stored. */
@ObjectType("TestDelivery")
export class TestDeliveryObject implements TestSendResult {
  @Field(() => ID, { description: "The webhook-id the request carried" }) messageId!: string;
  @Field(() => Boolean) triggered!: boolean;
  @Field(() => String, { nullable: true }) skipReason!: string | null;
  @Field(() => String, { nullable: true }) requestTrigger!: string | null;
  @Field(() => String, { nullable: true }) url!: string | null;
  @Field(() => String, { nullable: true }) requestHeaders!: string | null;
  @Field(() => String, { nullable: true }) requestData!: string | null;
  @Field(() => Int, { nullable: true }) statusCode!: number | null;
  @Field(() => String, { nullable: true }) content!: string | null;
  @Field(() => Int, { nullable: true }) durationMs!: number | null;
  @Field(() => String) eventData!: string;
}
