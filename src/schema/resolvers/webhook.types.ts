import { DateTimeISOResolver } from "graphql-scalars";
import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import type { WebhookInput as ServiceWebhookInput } from "../../services/webhooks/fields";
import type { WebhookResponseView, WebhookView } from "../../services/webhooks/view";
import { ConnectionOf } from "./connection.types";
import { HttpMethodEnum, TriggerTypeEnum } from "./enums";

/** The REST webhook object under camelCase names, secrets masked the same way; `team` is `teamId` here. */
@ObjectType("Webhook")
export class WebhookObject {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field(() => Boolean, { nullable: true, description: "null counts as enabled" }) isWebhookEnabled!: boolean | null;
  @Field(() => ID, { nullable: true }) teamId!: string | null;
  @Field(() => String, { nullable: true }) data!: string | null;
  @Field(() => String, { nullable: true }) username!: string | null;
  @Field(() => String, { nullable: true, description: 'Masked as "****************" when one is stored' }) password!: string | null;
  @Field(() => String, { nullable: true, description: 'Masked as "****************" when one is stored' }) authorizationHeader!: string | null;
  @Field(() => String, { nullable: true }) triggerTemplate!: string | null;
  @Field(() => String, { nullable: true }) headers!: string | null;
  @Field() url!: string;
  @Field() forwardAll!: boolean;
  @Field(() => HttpMethodEnum) httpMethod!: HttpMethodEnum;
  @Field(() => TriggerTypeEnum) triggerType!: TriggerTypeEnum;
  @Field(() => [ID], { nullable: true, description: "Integration ids; null = every integration" }) integrationFilter!: string[] | null;
  @Field(() => String, { nullable: true }) preset!: string | null;
  @Field({ description: "Requests carry Standard Webhooks signatures" }) signed!: boolean;
  @Field(() => DateTimeISOResolver, { nullable: true, description: "When failing deliveries paused the webhook; null while it delivers (resumeWebhook resumes)" })
  pausedAt!: Date | null;
  @Field(() => String, { nullable: true, description: "Why it was paused; its deliveries are skipped with this reason" }) pauseReason!: string | null;
  /** For the nested fields (team, lastAttempt); not exposed. */
  rowIds!: WebhookView["rowIds"];
}

export function webhookObject(view: WebhookView): WebhookObject {
  const { team, triggerType, httpMethod, ...rest } = view;
  return { ...rest, teamId: team, triggerType: triggerType as TriggerTypeEnum, httpMethod: httpMethod as HttpMethodEnum };
}

/**
 * Every field optional and nullable: the service reports missing and invalid values as field errors
 * (BAD_USER_INPUT + `fields`), with the same rules as REST.
 */
@InputType("WebhookInput")
export class WebhookInputType {
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => Boolean, { nullable: true }) isWebhookEnabled?: boolean | null;
  @Field(() => ID, { nullable: true, description: "null = no team" }) teamId?: string | null;
  @Field(() => String, { nullable: true }) data?: string | null;
  @Field(() => String, { nullable: true }) username?: string | null;
  @Field(() => String, { nullable: true, description: 'Send "****************" to keep the stored one' }) password?: string | null;
  @Field(() => String, { nullable: true, description: 'Send "****************" to keep the stored one' }) authorizationHeader?: string | null;
  @Field(() => String, { nullable: true }) triggerTemplate?: string | null;
  @Field(() => String, { nullable: true }) headers?: string | null;
  @Field(() => String, { nullable: true }) url?: string | null;
  @Field(() => Boolean, { nullable: true }) forwardAll?: boolean | null;
  @Field(() => HttpMethodEnum, { nullable: true }) httpMethod?: HttpMethodEnum | null;
  @Field(() => TriggerTypeEnum, { nullable: true }) triggerType?: TriggerTypeEnum | null;
  @Field(() => [ID], { nullable: true, description: "Integration ids; null or [] = every integration" }) integrationFilter?: string[] | null;
}

/** The fields the client actually sent (type-graphql leaves absent ones undefined), under the service's names. */
export function serviceInput(input: WebhookInputType): ServiceWebhookInput {
  const { teamId, ...rest } = input;
  const sent: Record<string, unknown> = { ...rest, ...(teamId !== undefined && { team: teamId }) };
  return Object.fromEntries(Object.entries(sent).filter(([, value]) => value !== undefined));
}

@InputType("WebhookFilter")
export class WebhookFilterInput {
  @Field(() => String, { nullable: true, description: "Exact name" }) name?: string | null;
  @Field(() => ID, { nullable: true, description: 'A team id, or "null" for webhooks without a team' }) teamId?: string | null;
}

@ObjectType("WebhookConnection")
export class WebhookConnection extends ConnectionOf(WebhookObject, "Webhook") {}

/** One delivery attempt as `/responses` lists it (stored text, not nested JSON), plus its duration. */
@ObjectType("WebhookResponseRecord")
export class WebhookResponseObject implements WebhookResponseView {
  @Field(() => DateTimeISOResolver, { description: "When the record was written (after the request finished)" }) timestamp!: Date;
  @Field(() => String, { nullable: true }) url!: string | null;
  @Field(() => String, { nullable: true }) requestTrigger!: string | null;
  @Field(() => String, { nullable: true }) requestHeaders!: string | null;
  @Field(() => String, { nullable: true }) requestData!: string | null;
  @Field(() => Int, { nullable: true }) statusCode!: number | null;
  @Field(() => String, { nullable: true }) content!: string | null;
  @Field() eventData!: string;
  @Field(() => Int, { description: "1-based attempt number within its delivery" }) attempt!: number;
  @Field(() => Int, { nullable: true, description: "Milliseconds from the first URL check to the last response byte; null when nothing was sent" })
  durationMs!: number | null;
}

@ObjectType("WebhookResponseRecordConnection")
export class WebhookResponseConnection extends ConnectionOf(WebhookResponseObject, "WebhookResponseRecord") {}
