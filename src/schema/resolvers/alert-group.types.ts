import { DateTimeISOResolver, JSONResolver } from "graphql-scalars";
import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import type { AlertGroupFilters, AlertGroupView, AlertView } from "../../services/alert-group.service";
import { ConnectionOf, definedFields } from "./connection.types";
import { AlertGroupStateEnum } from "./enums";

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
  @Field(() => AlertGroupStateEnum) state!: AlertGroupStateEnum;
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
  /** For the nested integration; not exposed. */
  integrationRowId!: number;
}

export function alertGroupObject(view: AlertGroupView): AlertGroupObject {
  const { group } = view;
  return {
    id: group.publicId,
    integrationId: view.integrationPublicId,
    teamId: view.teamPublicId,
    routeId: view.routePublicId,
    alertsCount: group.alertsCount,
    state: view.state as AlertGroupStateEnum,
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
    integrationRowId: group.integrationId,
  };
}

/** The REST list filters (domain-api.md §5.1) with a time range instead of `started_at`. */
@InputType("AlertGroupFilter")
export class AlertGroupFilterInput {
  @Field(() => ID, { nullable: true }) id?: string | null;
  @Field(() => ID, { nullable: true }) integrationId?: string | null;
  @Field(() => ID, { nullable: true }) routeId?: string | null;
  @Field(() => ID, { nullable: true, description: 'A team id, or "null" for no team' }) teamId?: string | null;
  @Field(() => AlertGroupStateEnum, { nullable: true }) state?: AlertGroupStateEnum | null;
  @Field(() => DateTimeISOResolver, { nullable: true, description: "Created at or after" }) createdAfter?: Date | null;
  @Field(() => DateTimeISOResolver, { nullable: true, description: "Created strictly before" }) createdBefore?: Date | null;
  @Field(() => [String], { nullable: true, description: "key:value items (outhook keeps no labels: any pair matches nothing)" }) labels?: string[] | null;
}

/** The service speaks REST's state names, where firing is `new`. */
export function alertGroupFilters(input: AlertGroupFilterInput | null | undefined): AlertGroupFilters {
  const { state, ...rest } = definedFields(input);
  return { ...rest, ...(state && { state: state === AlertGroupStateEnum.FIRING ? "new" : state }) };
}

@InputType("AlertFilter")
export class AlertFilterInput {
  @Field(() => ID, { nullable: true }) id?: string | null;
  @Field(() => ID, { nullable: true }) alertGroupId?: string | null;
  @Field(() => String, { nullable: true, description: "Case-insensitive substring of the payload's JSON text" }) search?: string | null;
}

@ObjectType("AlertGroupConnection")
export class AlertGroupConnection extends ConnectionOf(AlertGroupObject, "AlertGroup") {}

@ObjectType("AlertConnection")
export class AlertConnection extends ConnectionOf(AlertObject, "Alert") {}
