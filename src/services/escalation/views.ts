import { type EntityManager, In } from "typeorm";
import { EscalationChain, EscalationPolicy, Team, User, Webhook } from "../../schema/entities";

/** A chain with the public ids its API shapes need. */
export interface ChainView {
  chain: EscalationChain;
  teamPublicId: string | null;
}

/** A policy with every internal reference translated to a public id (users that no longer exist dropped). */
export interface PolicyView {
  policy: EscalationPolicy;
  chainPublicId: string;
  personsToNotify: string[];
  personsToNotifyNextEachTime: string[];
  teamToNotify: string | null;
  actionToTrigger: string | null;
}

async function publicIds<T extends { id: number; publicId: string }>(
  em: EntityManager, entity: new () => T, ids: Iterable<number>,
): Promise<Map<number, string>> {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return new Map();
  const rows = await em.getRepository(entity).find({ select: { id: true, publicId: true } as never, where: { id: In(wanted) } as never });
  return new Map(rows.map((r) => [r.id, r.publicId]));
}

export async function chainViews(em: EntityManager, chains: EscalationChain[]): Promise<ChainView[]> {
  const teams = await publicIds(em, Team, chains.flatMap((c) => (c.teamId ? [c.teamId] : [])));
  return chains.map((chain) => ({ chain, teamPublicId: chain.teamId ? teams.get(chain.teamId) ?? null : null }));
}

export async function policyViews(em: EntityManager, policies: EscalationPolicy[]): Promise<PolicyView[]> {
  const [chains, users, teams, webhooks] = await Promise.all([
    publicIds(em, EscalationChain, policies.map((p) => p.escalationChainId)),
    publicIds(em, User, policies.flatMap((p) => [...(p.personsToNotify ?? []), ...(p.personsToNotifyNextEachTime ?? [])])),
    publicIds(em, Team, policies.flatMap((p) => (p.teamToNotifyId ? [p.teamToNotifyId] : []))),
    publicIds(em, Webhook, policies.flatMap((p) => (p.actionToTriggerId ? [p.actionToTriggerId] : []))),
  ]);
  const userIds = (ids: number[] | null) => (ids ?? []).flatMap((id) => (users.has(id) ? [users.get(id)!] : []));
  return policies.map((policy) => ({
    policy,
    chainPublicId: chains.get(policy.escalationChainId) ?? "",
    personsToNotify: userIds(policy.personsToNotify),
    personsToNotifyNextEachTime: userIds(policy.personsToNotifyNextEachTime),
    teamToNotify: policy.teamToNotifyId ? teams.get(policy.teamToNotifyId) ?? null : null,
    actionToTrigger: policy.actionToTriggerId ? webhooks.get(policy.actionToTriggerId) ?? null : null,
  }));
}
