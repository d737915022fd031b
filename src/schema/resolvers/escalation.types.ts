import { JSONResolver } from "graphql-scalars";
import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import type { ChainView, PolicyView } from "../../services/escalation/views";
import { IMPORTANT_TYPES } from "../../services/escalation/step-types";
import { ConnectionOf } from "./connection.types";

@ObjectType("EscalationChain")
export class EscalationChainObject {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field(() => ID, { nullable: true }) teamId!: string | null;
}

/** Fields that do not belong to the policy's type are null (REST leaves them out). */
@ObjectType("EscalationPolicy")
export class EscalationPolicyObject {
  @Field(() => ID) id!: string;
  @Field(() => ID) escalationChainId!: string;
  @Field(() => Int, { description: "Ordering key: gaps allowed" }) position!: number;
  @Field({ description: "OnCall step type, e.g. `notify_persons`" }) type!: string;
  @Field(() => Boolean, { nullable: true, description: "Notify types only" }) important!: boolean | null;
  @Field(() => Int, { nullable: true, description: "Seconds (wait)" }) duration!: number | null;
  @Field(() => [ID], { nullable: true }) personsToNotify!: string[] | null;
  @Field(() => [ID], { nullable: true }) personsToNotifyNextEachTime!: string[] | null;
  @Field(() => ID, { nullable: true }) teamToNotify!: string | null;
  @Field(() => ID, { nullable: true }) actionToTrigger!: string | null;
  @Field(() => String, { nullable: true, description: "`HH:MM:SSZ`" }) notifyIfTimeFrom!: string | null;
  @Field(() => String, { nullable: true, description: "`HH:MM:SSZ`" }) notifyIfTimeTo!: string | null;
  @Field(() => Int, { nullable: true }) numAlertsInWindow!: number | null;
  @Field(() => Int, { nullable: true }) numMinutesInWindow!: number | null;
}

@InputType("EscalationChainInput")
export class EscalationChainInput {
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => ID, { nullable: true, description: 'A team id, or null / "null" for none' }) teamId?: string | null;
}

/**
 * Every field optional and loosely typed (JSON where REST accepts several forms): the service applies the same
 * validation table as REST; field errors come back under these camelCase names.
 */
@InputType("EscalationPolicyInput")
export class EscalationPolicyInput {
  @Field(() => ID, { nullable: true, description: "Create only; a policy never moves to another chain" }) escalationChainId?: string | null;
  @Field(() => String, { nullable: true }) type?: string | null;
  @Field(() => JSONResolver, { nullable: true, description: "-1 = the end" }) position?: unknown;
  @Field(() => JSONResolver, { nullable: true }) important?: unknown;
  @Field(() => JSONResolver, { nullable: true, description: "Seconds, 60 … 86400" }) duration?: unknown;
  @Field(() => [ID], { nullable: true }) personsToNotify?: string[] | null;
  @Field(() => [ID], { nullable: true }) personsToNotifyNextEachTime?: string[] | null;
  @Field(() => ID, { nullable: true }) teamToNotify?: string | null;
  @Field(() => ID, { nullable: true }) actionToTrigger?: string | null;
  @Field(() => ID, { nullable: true }) notifyOnCallFromSchedule?: string | null;
  @Field(() => ID, { nullable: true }) groupToNotify?: string | null;
  @Field(() => String, { nullable: true }) notifyIfTimeFrom?: string | null;
  @Field(() => String, { nullable: true }) notifyIfTimeTo?: string | null;
  @Field(() => JSONResolver, { nullable: true }) numAlertsInWindow?: unknown;
  @Field(() => JSONResolver, { nullable: true }) numMinutesInWindow?: unknown;
}

@InputType("EscalationChainFilter")
export class EscalationChainFilterInput {
  @Field(() => String, { nullable: true, description: "Exact name" }) name?: string | null;
  @Field(() => ID, { nullable: true, description: 'A team id, or "null" for chains without a team' }) teamId?: string | null;
}

@InputType("EscalationPolicyFilter")
export class EscalationPolicyFilterInput {
  @Field(() => ID, { nullable: true }) escalationChainId?: string | null;
}

@ObjectType("EscalationChainConnection")
export class EscalationChainConnection extends ConnectionOf(EscalationChainObject, "EscalationChain") {}

@ObjectType("EscalationPolicyConnection")
export class EscalationPolicyConnection extends ConnectionOf(EscalationPolicyObject, "EscalationPolicy") {}

const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** The fields the client sent, under the REST names the service validates (absent ones left out). */
export function restBody(input: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined).map(([k, v]) => [snake(k), v]));
}

export function chainObject(view: ChainView): EscalationChainObject {
  return { id: view.chain.publicId, name: view.chain.name, teamId: view.teamPublicId };
}

export function policyObject(view: PolicyView): EscalationPolicyObject {
  const { policy } = view;
  const is = (...types: string[]) => types.includes(policy.type);
  return {
    id: policy.publicId,
    escalationChainId: view.chainPublicId,
    position: policy.position,
    type: policy.type,
    important: IMPORTANT_TYPES.has(policy.type) ? policy.important : null,
    duration: is("wait") ? policy.duration : null,
    personsToNotify: is("notify_persons") ? view.personsToNotify : null,
    personsToNotifyNextEachTime: is("notify_person_next_each_time") ? view.personsToNotifyNextEachTime : null,
    teamToNotify: is("notify_team_members") ? view.teamToNotify : null,
    actionToTrigger: is("trigger_webhook") ? view.actionToTrigger : null,
    notifyIfTimeFrom: is("notify_if_time_from_to") ? policy.notifyIfTimeFrom : null,
    notifyIfTimeTo: is("notify_if_time_from_to") ? policy.notifyIfTimeTo : null,
    numAlertsInWindow: is("notify_if_num_alerts_in_window") ? policy.numAlertsInWindow : null,
    numMinutesInWindow: is("notify_if_num_alerts_in_window") ? policy.numMinutesInWindow : null,
  };
}
