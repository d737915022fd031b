import { Arg, Args, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import type { GraphQLContext } from "../context";
import { ConnectionArgs, definedFields, nameOrder, NameOrderInput, toConnection } from "./connection.types";
import {
  chainObject, EscalationChainConnection, EscalationChainFilterInput, EscalationChainInput, EscalationChainObject,
  EscalationPolicyConnection, EscalationPolicyFilterInput, EscalationPolicyInput, EscalationPolicyObject, policyObject, restBody,
} from "./escalation.types";

/** Escalation chains and policies over GraphQL: the same services and validation as REST (domain-api.md §7–8). */
@Resolver()
export class EscalationResolver {
  @Query(() => EscalationChainObject)
  async escalationChain(@Arg("id", () => ID) id: string, @Ctx() { actor, services }: GraphQLContext): Promise<EscalationChainObject> {
    return chainObject(await services.escalation.chains.get(actor, id));
  }

  @Query(() => EscalationChainConnection, { description: "Creation order unless orderBy says otherwise" })
  async escalationChains(
    @Args() page: ConnectionArgs,
    @Ctx() { actor, services }: GraphQLContext,
    @Arg("filter", () => EscalationChainFilterInput, { nullable: true }) filter?: EscalationChainFilterInput | null,
    @Arg("orderBy", () => NameOrderInput, { nullable: true }) orderBy?: NameOrderInput | null,
  ) {
    return toConnection(await services.escalation.chains.listByCursor(actor, definedFields(filter), page, nameOrder(orderBy)), chainObject);
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

  @Query(() => EscalationPolicyConnection, { description: "By chain (creation order), then position" })
  async escalationPolicies(
    @Args() page: ConnectionArgs,
    @Ctx() { actor, services }: GraphQLContext,
    @Arg("filter", () => EscalationPolicyFilterInput, { nullable: true }) filter?: EscalationPolicyFilterInput | null,
  ) {
    return toConnection(await services.escalation.policies.listByCursor(actor, definedFields(filter), page), policyObject);
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
