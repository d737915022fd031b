import { PageOf } from "./page.types";
import { DateTimeISOResolver } from "graphql-scalars";
import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import type { WebhookInput as ServiceWebhookInput } from "../../services/webhooks/fields";
import type { PageWindow, WebhookResponseView, WebhookView } from "../../services/webhooks/view";

/** The REST webhook object under camelCase names, secrets masked the same way. */
@ObjectType("Webhook")
export class WebhookObject implements WebhookView {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field(() => Boolean, { nullable: true }) isWebhookEnabled!: boolean | null;
  @Field(() => ID, { nullable: true, description: "Team id" }) team!: string | null;
  @Field(() => String, { nullable: true }) data!: string | null;
  @Field(() => String, { nullable: true }) username!: string | null;
  @Field(() => String, { nullable: true, description: 'Masked as "****************" when one is stored' }) password!: string | null;
  @Field(() => String, { nullable: true, description: 'Masked as "****************" when one is stored' }) authorizationHeader!: string | null;
  @Field(() => String, { nullable: true }) triggerTemplate!: string | null;
  @Field(() => String, { nullable: true }) headers!: string | null;
  @Field() url!: string;
  @Field() forwardAll!: boolean;
  @Field() httpMethod!: string;
  @Field(() => String, { description: "Public trigger name, e.g. `alert group created`" }) triggerType!: WebhookView["triggerType"];
  @Field(() => [ID], { nullable: true, description: "Integration ids; null = every integration" }) integrationFilter!: string[] | null;
  @Field(() => String, { nullable: true }) preset!: string | null;
  @Field({ description: "Requests carry Standard Webhooks signatures" }) signed!: boolean;
}

/**
 * Every field optional and nullable: the service reports missing and invalid values as field errors
 * (BAD_USER_INPUT + `fields`), with the same rules as REST.
 */
@InputType("WebhookInput")
export class WebhookInputType {
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => Boolean, { nullable: true }) isWebhookEnabled?: boolean | null;
  @Field(() => ID, { nullable: true }) team?: string | null;
  @Field(() => String, { nullable: true }) data?: string | null;
  @Field(() => String, { nullable: true }) username?: string | null;
  @Field(() => String, { nullable: true, description: 'Send "****************" to keep the stored one' }) password?: string | null;
  @Field(() => String, { nullable: true, description: 'Send "****************" to keep the stored one' }) authorizationHeader?: string | null;
  @Field(() => String, { nullable: true }) triggerTemplate?: string | null;
  @Field(() => String, { nullable: true }) headers?: string | null;
  @Field(() => String, { nullable: true }) url?: string | null;
  @Field(() => Boolean, { nullable: true }) forwardAll?: boolean | null;
  @Field(() => String, { nullable: true }) httpMethod?: string | null;
  @Field(() => String, { nullable: true }) triggerType?: string | null;
  @Field(() => [ID], { nullable: true }) integrationFilter?: string[] | null;
}

/** The fields the client actually sent (type-graphql leaves absent ones undefined). */
export function serviceInput(input: WebhookInputType): ServiceWebhookInput {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
}

@ObjectType("WebhookPage")
export class WebhookPage extends PageOf(WebhookObject) {}

/** One delivery attempt as `/responses` lists it (stored text, not nested JSON). */
@ObjectType("WebhookResponseRecord")
export class WebhookResponseObject implements WebhookResponseView {
  @Field(() => DateTimeISOResolver) timestamp!: Date;
  @Field(() => String, { nullable: true }) url!: string | null;
  @Field(() => String, { nullable: true }) requestTrigger!: string | null;
  @Field(() => String, { nullable: true }) requestHeaders!: string | null;
  @Field(() => String, { nullable: true }) requestData!: string | null;
  @Field(() => Int, { nullable: true }) statusCode!: number | null;
  @Field(() => String, { nullable: true }) content!: string | null;
  @Field() eventData!: string;
  @Field(() => Int, { description: "1-based attempt number within its delivery" }) attempt!: number;
}

@ObjectType("WebhookResponsePage")
export class WebhookResponsePage extends PageOf(WebhookResponseObject) {}

const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 100;

/** REST's page rules for GraphQL arguments: default 50, at most 100, a page beyond the last serves the last. */
export function pageRequest(page?: number | null, perpage?: number | null) {
  const size = perpage && perpage >= 1 ? Math.min(perpage, MAX_PAGE_SIZE) : DEFAULT_PAGE_SIZE;
  const info = { page: 1, perpage: size, totalPages: 1 };
  const window: PageWindow = (total) => {
    info.totalPages = Math.max(1, Math.ceil(total / size));
    info.page = Math.min(page && page >= 1 ? page : 1, info.totalPages);
    return { offset: (info.page - 1) * size, limit: size };
  };
  return { window, info };
}
