import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from "type-graphql";
import type { AlertGroupView } from "../../services/alert-group.service";
import type { GraphQLContext } from "../context";
import {
  alertGroupFilters, AlertGroupFilterInput, alertGroupObject, AlertGroupObject, AlertGroupPage, alertObject, AlertPage,
} from "./alert-group.types";
import { pageRequest } from "./webhook.types";

const object = async (view: Promise<AlertGroupView>) => alertGroupObject(await view);

/** Alert groups over GraphQL: the same AlertGroupService, rules and messages as REST `/api/v1/alert_groups/`. */
@Resolver(() => AlertGroupObject)
export class AlertGroupResolver {
  @Query(() => AlertGroupObject)
  alertGroup(@Arg("id", () => ID) id: string, @Ctx() { actor, services }: GraphQLContext): Promise<AlertGroupObject> {
    return object(services.alertGroups.get(actor, id));
  }

  @Query(() => AlertGroupPage, { description: "Newest first" })
  async alertGroups(
    @Ctx() { actor, services }: GraphQLContext,
    @Arg("filter", () => AlertGroupFilterInput, { nullable: true }) filter?: AlertGroupFilterInput | null,
    @Arg("page", () => Int, { nullable: true }) page?: number | null,
    @Arg("perpage", () => Int, { nullable: true }) perpage?: number | null,
  ): Promise<AlertGroupPage> {
    const { window, info } = pageRequest(page, perpage);
    const { total, items } = await services.alertGroups.list(actor, alertGroupFilters(filter), window);
    return { totalCount: total, ...info, nodes: items.map(alertGroupObject) };
  }

  @Query(() => AlertPage, { description: "Newest first; search = case-insensitive substring of the payload's JSON text" })
  async alerts(
    @Ctx() { actor, services }: GraphQLContext,
    @Arg("id", () => ID, { nullable: true }) id?: string | null,
    @Arg("alertGroupId", () => ID, { nullable: true }) alertGroupId?: string | null,
    @Arg("search", () => String, { nullable: true }) search?: string | null,
    @Arg("page", () => Int, { nullable: true }) page?: number | null,
    @Arg("perpage", () => Int, { nullable: true }) perpage?: number | null,
  ): Promise<AlertPage> {
    const { window, info } = pageRequest(page, perpage);
    const filters = { id: id ?? undefined, alertGroupId: alertGroupId ?? undefined, search: search ?? undefined };
    const { total, items } = await services.alertGroups.listAlerts(actor, filters, window);
    return { totalCount: total, ...info, nodes: items.map(alertObject) };
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

  @Mutation(() => Boolean, { description: 'mode "wipe" (default: resolved, payloads emptied) or "delete"; neither fires a webhook' })
  async deleteAlertGroup(
    @Arg("id", () => ID) id: string,
    @Ctx() { actor, services }: GraphQLContext,
    @Arg("mode", () => String, { nullable: true }) mode?: string | null,
  ): Promise<boolean> {
    await services.alertGroups.remove(actor, id, mode == null ? undefined : { mode });
    return true;
  }
}
