import type { EntityManager, SelectQueryBuilder } from "typeorm";
import { NotFoundError } from "../../errors";
import { EscalationChain, EscalationPolicy } from "../../schema/entities";
import type { EscalationStepType } from "../../schema/entities/escalation-policy.entity";
import { type Actor, assertCan } from "../actor";
import { type KeptIds, publicIdFor } from "../kept-ids";
import type { AppContext } from "../../context";
import type { ListWindow } from "./list-window";
import type { Ordering } from "../paging/cursor";
import { mapConnection, pageByCursor, type Connection, type CursorRequest } from "../paging/cursor-page";
import { type PolicyDraft, parsePolicyInput } from "./policy-input";
import { endPosition, movePolicy } from "./policy-position";
import { IMPORTANT_TYPES } from "./step-types";
import { type PolicyView, policyViews } from "./views";

/** Escalation policies (domain-api.md §8). */
export class EscalationPolicyCrud {
  constructor(private readonly ctx: AppContext) {}

  /** Ordered by chain (creation order), then position. An unknown chain id yields an empty list. */
  async list(actor: Actor, filters: { escalationChainId?: string }, window: ListWindow): Promise<{ total: number; items: PolicyView[] }> {
    assertCan(actor, "escalation-chains:read");
    const em = this.ctx.dataSource.manager;
    const query = this.listQuery(em, actor, filters);
    const total = await query.getCount();
    const { offset, limit } = window(total);
    const policies = await query
      .orderBy("c.createdAt", "ASC").addOrderBy("c.id", "ASC").addOrderBy("p.position", "ASC").addOrderBy("p.id", "ASC")
      .offset(offset).limit(limit).getMany();
    return { total, items: await policyViews(em, policies) };
  }

  /** The same list by keyset cursor (GraphQL): by chain (chains are numbered in creation order), then position. */
  async listByCursor(actor: Actor, filters: { escalationChainId?: string }, request: CursorRequest): Promise<Connection<PolicyView>> {
    assertCan(actor, "escalation-chains:read");
    const em = this.ctx.dataSource.manager;
    const ordering: Ordering<EscalationPolicy> = {
      name: "chain-position",
      keys: [
        { column: "p.escalationChainId", type: "number", descending: false, of: (p) => p.escalationChainId },
        { column: "p.position", type: "number", descending: false, of: (p) => p.position },
        { column: "p.id", type: "number", descending: false, of: (p) => p.id },
      ],
    };
    return mapConnection(await pageByCursor(this.listQuery(em, actor, filters), ordering, request), (policies) => policyViews(em, policies));
  }

  private listQuery(em: EntityManager, actor: Actor, filters: { escalationChainId?: string }): SelectQueryBuilder<EscalationPolicy> {
    const query = em.getRepository(EscalationPolicy).createQueryBuilder("p")
      .innerJoin(EscalationChain, "c", "c.id = p.escalationChainId")
      .where("c.organizationId = :org", { org: actor.organization.id });
    if (filters.escalationChainId !== undefined) query.andWhere("c.publicId = :chain", { chain: filters.escalationChainId });
    return query;
  }

  async get(actor: Actor, publicId: string): Promise<PolicyView> {
    assertCan(actor, "escalation-chains:read");
    const em = this.ctx.dataSource.manager;
    return (await policyViews(em, [await this.load(em, actor, publicId)]))[0];
  }

  /** Created at the end of its chain, then moved to `position` if one was given. `kept`: an imported policy's id. */
  async create(actor: Actor, raw: Record<string, unknown>, kept?: KeptIds): Promise<PolicyView> {
    assertCan(actor, "escalation-chains:write");
    return this.ctx.dataSource.transaction(async (em) => {
      const draft = await parsePolicyInput(em, actor.organization.id, raw, null);
      const repo = em.getRepository(EscalationPolicy);
      const policy = repo.create({
        publicId: await publicIdFor(em, EscalationPolicy, "escalationPolicy", kept?.publicId),
        escalationChainId: draft.escalationChainId!,
        position: await endPosition(em, draft.escalationChainId!),
        ...emptyTypeFields(),
        type: draft.type!,
      });
      applyTypeFields(policy, draft);
      await repo.save(policy);
      if (draft.position !== undefined) await movePolicy(em, policy, draft.position, { created: true, swap: draft.manualOrder ?? false });
      return (await policyViews(em, [policy]))[0];
    });
  }

  /** PUT and PATCH alike: the chain never changes; a new type clears the fields of the old one. */
  async update(actor: Actor, publicId: string, raw: Record<string, unknown>): Promise<PolicyView> {
    assertCan(actor, "escalation-chains:write");
    return this.ctx.dataSource.transaction(async (em) => {
      const policy = await this.load(em, actor, publicId);
      const draft = await parsePolicyInput(em, actor.organization.id, raw, policy);
      if (draft.position !== undefined) await movePolicy(em, policy, draft.position, { created: false, swap: draft.manualOrder ?? false });
      if (draft.type !== undefined && draft.type !== policy.type) Object.assign(policy, emptyTypeFields(), { type: draft.type });
      applyTypeFields(policy, draft);
      await em.getRepository(EscalationPolicy).save(policy);
      return (await policyViews(em, [policy]))[0];
    });
  }

  /** Positions of the others are not renumbered (gaps are kept). */
  async delete(actor: Actor, publicId: string): Promise<void> {
    assertCan(actor, "escalation-chains:write");
    await this.ctx.dataSource.transaction(async (em) => {
      const policy = await this.load(em, actor, publicId);
      await em.getRepository(EscalationPolicy).delete({ id: policy.id });
    });
  }

  private async load(em: EntityManager, actor: Actor, publicId: string): Promise<EscalationPolicy> {
    const policy = await em.getRepository(EscalationPolicy).createQueryBuilder("p")
      .innerJoin(EscalationChain, "c", "c.id = p.escalationChainId")
      .where("p.publicId = :publicId AND c.organizationId = :org", { publicId, org: actor.organization.id })
      .getOne();
    if (!policy) throw new NotFoundError();
    return policy;
  }
}

function emptyTypeFields(): Partial<EscalationPolicy> {
  return {
    important: false, duration: null, personsToNotify: null, personsToNotifyNextEachTime: null, lastNotifiedUserId: null,
    teamToNotifyId: null, actionToTriggerId: null, notifyIfTimeFrom: null, notifyIfTimeTo: null,
    numAlertsInWindow: null, numMinutesInWindow: null,
  };
}

/** Copies the validated type fields; the parser only produced those that belong to the effective type. */
function applyTypeFields(policy: EscalationPolicy, draft: PolicyDraft): void {
  const type: EscalationStepType = policy.type;
  if (draft.important !== undefined && IMPORTANT_TYPES.has(type)) policy.important = draft.important;
  const keys = [
    "duration", "personsToNotify", "personsToNotifyNextEachTime", "teamToNotifyId", "actionToTriggerId",
    "notifyIfTimeFrom", "notifyIfTimeTo", "numAlertsInWindow", "numMinutesInWindow",
  ] as const;
  for (const key of keys) if (draft[key] !== undefined) (policy as unknown as Record<string, unknown>)[key] = draft[key];
}
