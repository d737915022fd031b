import { PageOf } from "./page.types";
import { DateTimeISOResolver, JSONResolver } from "graphql-scalars";
import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import type { AlertGroupFilters, AlertGroupView, AlertView } from "../../services/alert-group.service";

@ObjectType("Alert")
export class AlertObject {
  @Field(() => ID) id!: string;
  @Field(() => ID) alertGroupId!: string;
  @Field(() => DateTimeISOResolver) createdAt!: Date;
  @Field(() => JSONResolver, { description: "The raw inbound payload as stored; {} after wipe" }) payload!: unknown;
}

export function alertObject(view: AlertView): AlertObject {
  return { id: view.alert.publicId, alertGroupId: view.alertGroupPublicId, createdAt: view.alert.createdAt, payload: view.alert.payload };
}

/** The REST alert-group object under camelCase names (domain-api.md §5), plus `silencedUntil`. */
@ObjectType("AlertGroup")
export class AlertGroupObject {
  @Field(() => ID) id!: string;
  @Field(() => ID) integrationId!: string;
  @Field(() => ID, { nullable: true, description: "The integration's team" }) teamId!: string | null;
  @Field(() => ID, { nullable: true }) routeId!: string | null;
  @Field(() => Int) alertsCount!: number;
  @Field({ description: "firing, acknowledged, resolved or silenced" }) state!: string;
  @Field(() => DateTimeISOResolver) createdAt!: Date;
  @Field(() => DateTimeISOResolver, { nullable: true }) resolvedAt!: Date | null;
  @Field(() => ID, { nullable: true, description: "null when resolved by the source, an escalation step or wipe" }) resolvedBy!: string | null;
  @Field(() => DateTimeISOResolver, { nullable: true }) acknowledgedAt!: Date | null;
  @Field(() => ID, { nullable: true, description: "null when acknowledged by the source" }) acknowledgedBy!: string | null;
  @Field(() => DateTimeISOResolver, { nullable: true }) silencedAt!: Date | null;
  @Field(() => DateTimeISOResolver, { nullable: true, description: "null while silenced = forever" }) silencedUntil!: Date | null;
  @Field(() => String, { nullable: true }) title!: string | null;
  @Field({ description: "<BASE_URL>/alert-groups/<id>" }) webLink!: string;
  @Field(() => AlertObject, { nullable: true }) lastAlert!: AlertObject | null;
}

export function alertGroupObject(view: AlertGroupView): AlertGroupObject {
  const { group } = view;
  return {
    id: group.publicId,
    integrationId: view.integrationPublicId,
    teamId: view.teamPublicId,
    routeId: view.routePublicId,
    alertsCount: group.alertsCount,
    state: view.state,
    createdAt: group.createdAt,
    resolvedAt: group.resolvedAt,
    resolvedBy: view.resolvedByPublicId,
    acknowledgedAt: group.acknowledgedAt,
    acknowledgedBy: view.acknowledgedByPublicId,
    silencedAt: group.silencedAt,
    silencedUntil: group.silencedUntil,
    title: group.title,
    webLink: view.webLink,
    lastAlert: view.lastAlert ? alertObject(view.lastAlert) : null,
  };
}

/** The REST list filters (domain-api.md §5.1), same values and errors. */
@InputType("AlertGroupFilter")
export class AlertGroupFilterInput {
  @Field(() => ID, { nullable: true }) id?: string | null;
  @Field(() => ID, { nullable: true }) integrationId?: string | null;
  @Field(() => ID, { nullable: true }) routeId?: string | null;
  @Field(() => ID, { nullable: true, description: 'A team id, or "null" for no team' }) teamId?: string | null;
  @Field(() => String, { nullable: true, description: "new (= firing), acknowledged, resolved or silenced" }) state?: string | null;
  @Field(() => String, { nullable: true, description: "<start>_<end>, each YYYY-MM-DDTHH:MM:SS (UTC)" }) startedAt?: string | null;
  @Field(() => [String], { nullable: true, description: "key:value items" }) labels?: string[] | null;
}

export function alertGroupFilters(input: AlertGroupFilterInput | null | undefined): AlertGroupFilters {
  const out: AlertGroupFilters = {};
  for (const [key, value] of Object.entries(input ?? {})) if (value !== null && value !== undefined) (out as Record<string, unknown>)[key] = value;
  return out;
}

@ObjectType("AlertGroupPage")
export class AlertGroupPage extends PageOf(AlertGroupObject) {}

@ObjectType("AlertPage")
export class AlertPage extends PageOf(AlertObject) {}
