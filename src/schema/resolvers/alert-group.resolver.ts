import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import type { AlertGroupView } from "../../services/alert-group.service";
import type { GraphQLContext } from "../context";
import {
  AlertConnection, AlertFilterInput, alertGroupFilters, AlertGroupConnection, AlertGroupFilterInput, alertGroupObject, AlertGroupObject,
  alertObject,
} from "./alert-group.types";
import { ConnectionArgs, definedFields, newestFirst, TimeOrderInput, toConnection } from "./connection.types";
import { AlertGroupDeleteMode } from "./enums";
import { IntegrationObject, integrationObject } from "./integration.types";

const object = async (view: Promise<AlertGroupView>) => alertGroupObject(await view);

/** Alert groups over GraphQL: the same AlertGroupService, rules and messages as REST `/api/v1/alert_groups/`. */
@Resolver(() => AlertGroupObject)
export class AlertGroupResolver {
  @Query(() => AlertGroupObject)
  alertGroup(@Arg("id", () => ID) id: string, @Ctx() { actor, services }: GraphQLContext): Promise<AlertGroupObject> {
    return object(services.alertGroups.get(actor, id));
  }

  @Query(() => AlertGroupConnection, { description: "Newest first unless orderBy says otherwise" })
  async alertGroups(
    @Args() page: ConnectionArgs,
    @Ctx() { actor, services }: GraphQLContext,
    @Arg("filter", () => AlertGroupFilterInput, { nullable: true }) filter?: AlertGroupFilterInput | null,
    @Arg("orderBy", () => TimeOrderInput, { nullable: true }) orderBy?: TimeOrderInput | null,
  ) {
    return toConnection(await services.alertGroups.listByCursor(actor, alertGroupFilters(filter), page, newestFirst(orderBy)), alertGroupObject);
  }

  @Query(() => AlertConnection, { description: "Newest first unless orderBy says otherwise" })
  async alerts(
    @Args() page: ConnectionArgs,
    @Ctx() { actor, services }: GraphQLContext,
    @Arg("filter", () => AlertFilterInput, { nullable: true }) filter?: AlertFilterInput | null,
    @Arg("orderBy", () => TimeOrderInput, { nullable: true }) orderBy?: TimeOrderInput | null,
  ) {
    return toConnection(await services.alertGroups.listAlertsByCursor(actor, definedFields(filter), page, newestFirst(orderBy)), alertObject);
  }

  @FieldResolver(() => IntegrationObject, { nullable: true, description: "Deleted integrations too" })
  async integration(@Root() group: AlertGroupObject, @Ctx() { loaders }: GraphQLContext): Promise<IntegrationObject | null> {
    const view = await loaders.integration.load(group.integrationRowId);
    return view && integrationObject(view);
  }

  @Mutation(() => AlertGroupObject)
  acknowledgeAlertGroup(@Arg("id", () => ID) id: string, @Ctx() { actor, services }: GraphQLContext): Promise<AlertGroupObject> {
    return object(services.alertGroups.acknowledge(actor, id));
  }

  @Mutation(() => AlertGroupObject)
  unacknowledgeAlertGroup(@Arg("id", () => ID) id: string, @Ctx() { actor, services }: GraphQLContext): Promise<AlertGroupObject> {
    return object(services.alertGroups.unacknowledge(actor, id));
  }

  @Mutation(() => AlertGroupObject)
  resolveAlertGroup(@Arg("id", () => ID) id: string, @Ctx() { actor, services }: GraphQLContext): Promise<AlertGroupObject> {
    return object(services.alertGroups.resolve(actor, id));
  }

  @Mutation(() => AlertGroupObject)
  unresolveAlertGroup(@Arg("id", () => ID) id: string, @Ctx() { actor, services }: GraphQLContext): Promise<AlertGroupObject> {
    return object(services.alertGroups.unresolve(actor, id));
  }

  @Mutation(() => AlertGroupObject, { description: "delay: seconds; -1 or 0 = forever" })
  silenceAlertGroup(
    @Arg("id", () => ID) id: string,
    @Arg("delay", () => Int) delay: number,
    @Ctx() { actor, services }: GraphQLContext,
  ): Promise<AlertGroupObject> {
    return object(services.alertGroups.silence(actor, id, delay));
  }

  @Mutation(() => AlertGroupObject)
  unsilenceAlertGroup(@Arg("id", () => ID) id: string, @Ctx() { actor, services }: GraphQLContext): Promise<AlertGroupObject> {
    return object(services.alertGroups.unsilence(actor, id));
  }

  @Mutation(() => Boolean, { description: "Neither mode fires a webhook" })
  async deleteAlertGroup(
    @Arg("id", () => ID) id: string,
    @Ctx() { actor, services }: GraphQLContext,
    @Arg("mode", () => AlertGroupDeleteMode, { defaultValue: AlertGroupDeleteMode.WIPE }) mode: AlertGroupDeleteMode,
  ): Promise<boolean> {
    await services.alertGroups.remove(actor, id, { mode });
    return true;
  }
}
