import { DateTimeISOResolver, JSONObjectResolver } from "graphql-scalars";
import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import type { IntegrationInput, IntegrationView } from "../../services/integration.service";
import { ConnectionOf } from "./connection.types";

@ObjectType("IntegrationRoute", { description: "The integration's one (default) route; its id is its alert groups' routeId" })
export class IntegrationRouteObject {
  @Field(() => ID) id!: string;
  @Field(() => ID, { nullable: true, description: "null = new alert groups do not escalate" }) escalationChainId!: string | null;
}

/** The REST integration object under camelCase names (domain-api.md §4). */
@ObjectType("Integration")
export class IntegrationObject {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field(() => String, { nullable: true }) descriptionShort!: string | null;
  @Field(() => ID, { nullable: true }) teamId!: string | null;
  @Field({ description: "Inbound URL monitoring systems post alerts to" }) link!: string;
  @Field({ description: "alertmanager, grafana_alerting, grafana, webhook or formatted_webhook" }) type!: string;
  @Field(() => IntegrationRouteObject) defaultRoute!: IntegrationRouteObject;
  @Field(() => JSONObjectResolver, { description: "OnCall's templates object; null leaves = the type's default" })
  templates!: Record<string, unknown>;
  @Field(() => String, { nullable: true }) heartbeatLink!: string | null;
  @Field(() => DateTimeISOResolver) createdAt!: Date;
  /** For the nested team; not exposed. */
  teamRowId!: number | null;
}

export function integrationObject(view: IntegrationView): IntegrationObject {
  return {
    id: view.integration.publicId,
    name: view.integration.name,
    descriptionShort: view.integration.descriptionShort,
    teamId: view.teamPublicId,
    link: view.link,
    type: view.integration.type,
    defaultRoute: { id: view.route.publicId, escalationChainId: view.escalationChainPublicId },
    templates: view.templates,
    heartbeatLink: view.heartbeatLink,
    createdAt: view.integration.createdAt,
    teamRowId: view.integration.teamId,
  };
}

@InputType("IntegrationRouteInput")
export class IntegrationRouteInput {
  @Field(() => ID, { nullable: true, description: "null = no escalation" }) escalationChainId?: string | null;
}

/** Every field optional and nullable: the service reports what is missing or invalid, with REST's rules. */
@InputType("IntegrationInput")
export class IntegrationInputType {
  @Field(() => String, { nullable: true, description: "Required on create; ignored on update" }) type?: string | null;
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => String, { nullable: true }) descriptionShort?: string | null;
  @Field(() => ID, { nullable: true, description: 'null or "null" = no team' }) teamId?: string | null;
  @Field(() => IntegrationRouteInput, { nullable: true }) defaultRoute?: IntegrationRouteInput | null;
  @Field(() => JSONObjectResolver, { nullable: true, description: "Only the given keys change; null resets to the default" })
  templates?: Record<string, unknown> | null;
}

/** GraphQL input → the service's OnCall-named input; absent fields stay absent. */
export function integrationInput(input: IntegrationInputType): IntegrationInput {
  const out: IntegrationInput = {};
  if (input.type !== undefined) out.type = input.type;
  if (input.name !== undefined) out.name = input.name;
  if (input.descriptionShort !== undefined) out.description_short = input.descriptionShort;
  if (input.teamId !== undefined) out.team_id = input.teamId;
  if (input.defaultRoute !== undefined) {
    out.default_route = input.defaultRoute === null ? null : { ...(input.defaultRoute.escalationChainId !== undefined && { escalation_chain_id: input.defaultRoute.escalationChainId }) };
  }
  if (input.templates !== undefined) out.templates = input.templates;
  return out;
}

@InputType("IntegrationFilter")
export class IntegrationFilterInput {
  @Field(() => String, { nullable: true, description: "Exact name" }) name?: string | null;
  @Field(() => ID, { nullable: true, description: 'A team id, or "null" for integrations without a team' }) teamId?: string | null;
}

@ObjectType("IntegrationConnection")
export class IntegrationConnection extends ConnectionOf(IntegrationObject, "Integration") {}
