import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from "type-graphql";
import type { GraphQLContext } from "../context";
import {
  chainObject, EscalationChainInput, EscalationChainObject, EscalationChainPage, EscalationPolicyInput,
  EscalationPolicyObject, EscalationPolicyPage, policyObject, restBody,
} from "./escalation.types";
import { pageRequest } from "./webhook.types";

/** Escalation chains and policies over GraphQL: the same services and validation as REST (domain-api.md §7–8). */
@Resolver()
export class EscalationResolver {
  @Query(() => EscalationChainObject)
  async escalationChain(@Arg("id", () => ID) id: string, @Ctx() { actor, services }: GraphQLContext): Promise<EscalationChainObject> {
    return chainObject(await services.escalation.chains.get(actor, id));
  }

  @Query(() => EscalationChainPage, { description: 'Creation order; `teamId: "null"` = chains without a team' })
  async escalationChains(
    @Ctx() { actor, services }: GraphQLContext,
    @Arg("name", () => String, { nullable: true }) name?: string | null,
    @Arg("teamId", () => ID, { nullable: true }) teamId?: string | null,
    @Arg("page", () => Int, { nullable: true }) page?: number | null,
    @Arg("perpage", () => Int, { nullable: true }) perpage?: number | null,
  ): Promise<EscalationChainPage> {
    const { window, info } = pageRequest(page, perpage);
    const filters = { name: name ?? undefined, teamId: teamId ?? undefined };
    const { total, items } = await services.escalation.chains.list(actor, filters, window);
    return { totalCount: total, ...info, nodes: items.map(chainObject) };
  }

  @Mutation(() => EscalationChainObject)
  async createEscalationChain(
    @Arg("input", () => EscalationChainInput) input: EscalationChainInput,
    @Ctx() { actor, services }: GraphQLContext,
  ): Promise<EscalationChainObject> {
    return chainObject(await services.escalation.chains.create(actor, restBody(input)));
  }

  @Mutation(() => EscalationChainObject, { description: "Fields left out are unchanged" })
  async updateEscalationChain(
    @Arg("id", () => ID) id: string,
    @Arg("input", () => EscalationChainInput) input: EscalationChainInput,
    @Ctx() { actor, services }: GraphQLContext,
  ): Promise<EscalationChainObject> {
    return chainObject(await services.escalation.chains.update(actor, id, restBody(input), false));
  }

  @Mutation(() => Boolean, { description: "Also deletes its policies; routes using it lose their chain" })
  async deleteEscalationChain(@Arg("id", () => ID) id: string, @Ctx() { actor, services }: GraphQLContext): Promise<boolean> {
    await services.escalation.chains.delete(actor, id);
    return true;
  }

  @Query(() => EscalationPolicyObject)
  async escalationPolicy(@Arg("id", () => ID) id: string, @Ctx() { actor, services }: GraphQLContext): Promise<EscalationPolicyObject> {
    return policyObject(await services.escalation.policies.get(actor, id));
  }

  @Query(() => EscalationPolicyPage, { description: "By chain (creation order), then position" })
  async escalationPolicies(
    @Ctx() { actor, services }: GraphQLContext,
    @Arg("escalationChainId", () => ID, { nullable: true }) escalationChainId?: string | null,
    @Arg("page", () => Int, { nullable: true }) page?: number | null,
    @Arg("perpage", () => Int, { nullable: true }) perpage?: number | null,
  ): Promise<EscalationPolicyPage> {
    const { window, info } = pageRequest(page, perpage);
    const { total, items } = await services.escalation.policies.list(actor, { escalationChainId: escalationChainId ?? undefined }, window);
    return { totalCount: total, ...info, nodes: items.map(policyObject) };
  }

  @Mutation(() => EscalationPolicyObject)
  async createEscalationPolicy(
    @Arg("input", () => EscalationPolicyInput) input: EscalationPolicyInput,
    @Ctx() { actor, services }: GraphQLContext,
  ): Promise<EscalationPolicyObject> {
    return policyObject(await services.escalation.policies.create(actor, restBody(input)));
  }

  @Mutation(() => EscalationPolicyObject, { description: "Fields left out are unchanged; a new type clears the old type's fields" })
  async updateEscalationPolicy(
    @Arg("id", () => ID) id: string,
    @Arg("input", () => EscalationPolicyInput) input: EscalationPolicyInput,
    @Ctx() { actor, services }: GraphQLContext,
  ): Promise<EscalationPolicyObject> {
    return policyObject(await services.escalation.policies.update(actor, id, restBody(input)));
  }

  @Mutation(() => Boolean)
  async deleteEscalationPolicy(@Arg("id", () => ID) id: string, @Ctx() { actor, services }: GraphQLContext): Promise<boolean> {
    await services.escalation.policies.delete(actor, id);
    return true;
  }
}
