import { WebhookResponseObject } from "./webhook.types";
import { PageOf } from "./page.types";
import { DateTimeISOResolver, JSONResolver } from "graphql-scalars";
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import type { TemplateField } from "../../attempts/render-field";
import type { AttemptView, DeliveryView } from "../../services/deliveries/views";
import type { TemplatePreviewResult } from "../../services/deliveries/preview";
import type { TestSendResult } from "../../services/deliveries/test-send";

/** GraphQL names are fixed by the contract; the values are the webhook field names. */
export enum TemplateFieldEnum {
  URL = "url",
  HEADERS = "headers",
  DATA = "data",
  TRIGGER_TEMPLATE = "trigger_template",
}
registerEnumType(TemplateFieldEnum, { name: "TemplateField" });

export enum TemplateFailureKind {
  ERROR = "ERROR",
  WARNING = "WARNING",
}
registerEnumType(TemplateFailureKind, { name: "TemplateFailureKind" });

@InputType("TemplatePreviewInput")
export class TemplatePreviewInput {
  @Field(() => TemplateFieldEnum) field!: TemplateField;
  @Field(() => String) template!: string;
  @Field(() => JSONResolver, { nullable: true, description: "A full event payload, as a delivery would see it" }) eventData?: unknown;
  @Field(() => ID, { nullable: true, description: "Build the payload from this alert group instead" }) alertGroupId?: string | null;
}

@ObjectType("TemplateFailure")
export class TemplateFailureObject {
  @Field(() => TemplateFailureKind) kind!: TemplateFailureKind;
  @Field(() => String, { description: "`Template Error: …` or `Template Warning: …`" }) message!: string;
  @Field(() => String, { description: "The text a delivery would record, e.g. `Data - Template Warning: …`" }) record!: string;
}

@ObjectType("TemplatePreview")
export class TemplatePreviewObject implements TemplatePreviewResult {
  @Field(() => String, { nullable: true }) output!: string | null;
  @Field(() => Boolean, { nullable: true, description: "Only for TRIGGER_TEMPLATE" }) triggered!: boolean | null;
  @Field(() => TemplateFailureObject, { nullable: true }) error!: TemplateFailureObject | null;
}

/** One HTTP try: its response record (the same fields as `/responses`). */
@ObjectType("DeliveryAttempt")
export class DeliveryAttemptObject extends WebhookResponseObject implements AttemptView {
  @Field(() => ID, { description: "Pass to `redeliver(attemptId:)`" }) id!: string;
  @Field(() => String, { description: "The trigger stored with the record" }) triggerType!: AttemptView["triggerType"];
}

/** One webhook × one event; its id is the Standard Webhooks `webhook-id` of every attempt. */
@ObjectType("Delivery")
export class DeliveryObject implements DeliveryView {
  @Field(() => ID) id!: string;
  @Field(() => ID) webhookId!: string;
  @Field(() => ID) alertGroupId!: string;
  @Field(() => String, { description: "Trigger name of the originating event" }) eventType!: DeliveryView["eventType"];
  @Field(() => String, { description: "pending, in_flight, succeeded, failed or skipped" }) status!: DeliveryView["status"];
  @Field(() => String, { nullable: true, description: "Why nothing was sent (integration filter, trigger template result, …)" })
  skipReason!: string | null;
  @Field(() => Int) attemptCount!: number;
  @Field(() => DateTimeISOResolver, { nullable: true, description: "When pending: when the next attempt is due" }) nextAttemptAt!: Date | null;
  @Field(() => DateTimeISOResolver) createdAt!: Date;
  @Field(() => DateTimeISOResolver, { nullable: true }) finishedAt!: Date | null;
  @Field(() => [DeliveryAttemptObject], { description: "Oldest first" }) attempts!: DeliveryAttemptObject[];
}

@ObjectType("DeliveryPage")
export class DeliveryPage extends PageOf(DeliveryObject) {}

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
  @Field(() => String) eventData!: string;
}
