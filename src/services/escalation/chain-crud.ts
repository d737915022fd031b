import { type EntityManager, type FindOptionsWhere, IsNull } from "typeorm";
import { isUniqueViolation } from "../../db/dialect";
import { FieldErrors, NotFoundError, ValidationError } from "../../errors";
import { EscalationChain, Team } from "../../schema/entities";
import { type Actor, assertCan } from "../actor";
import { type KeptIds, publicIdFor } from "../kept-ids";
import type { AppContext } from "../../context";
import type { ListWindow } from "./list-window";
import { orderingOf, type NamedOrder } from "../paging/cursor";
import { mapConnection, pageByCursor, type Connection, type CursorRequest } from "../paging/cursor-page";
import { type ChainView, chainViews } from "./views";

export interface ChainFilters {
  name?: string;
  /** A team public id, or "null" for chains without a team. */
  teamId?: string;
}

const UNIQUE_NAME = "The fields organization, name must make a unique set.";
const NAME_MAX = 100;

/** Escalation chains (domain-api.md §7). */
export class EscalationChainCrud {
  constructor(private readonly ctx: AppContext) {}

  async list(actor: Actor, filters: ChainFilters, window: ListWindow): Promise<{ total: number; items: ChainView[] }> {
    assertCan(actor, "escalation-chains:read");
    const em = this.ctx.dataSource.manager;
    const where = await this.listWhere(em, actor, filters);
    const repo = em.getRepository(EscalationChain);
    const total = await repo.countBy(where);
    const { offset, limit } = window(total);
    const chains = await repo.find({ where, order: { createdAt: "ASC", id: "ASC" }, skip: offset, take: limit });
    return { total, items: await chainViews(em, chains) };
  }

  /** The same list by keyset cursor (GraphQL), in creation (= id) or name order. */
  async listByCursor(actor: Actor, filters: ChainFilters, request: CursorRequest, order: NamedOrder): Promise<Connection<ChainView>> {
    assertCan(actor, "escalation-chains:read");
    const em = this.ctx.dataSource.manager;
    const query = em.getRepository(EscalationChain).createQueryBuilder("c").where(await this.listWhere(em, actor, filters));
    const ordering = order.field === "name"
      ? orderingOf<EscalationChain>("c", order.descending, { property: "name", type: "string", of: (c) => c.name })
      : orderingOf<EscalationChain>("c", order.descending);
    return mapConnection(await pageByCursor(query, ordering, request), (chains) => chainViews(em, chains));
  }

  private async listWhere(em: EntityManager, actor: Actor, filters: ChainFilters): Promise<FindOptionsWhere<EscalationChain>> {
    const where: FindOptionsWhere<EscalationChain> = { organizationId: actor.organization.id };
    if (filters.name !== undefined) where.name = filters.name;
    if (filters.teamId !== undefined) where.teamId = await teamFilterValue(em, actor, filters.teamId);
    return where;
  }

  async get(actor: Actor, publicId: string): Promise<ChainView> {
    assertCan(actor, "escalation-chains:read");
    const em = this.ctx.dataSource.manager;
    return (await chainViews(em, [await this.load(em, actor, publicId)]))[0];
  }

  /** `kept`: the id of a chain imported from OnCall (kept-ids.ts). */
  async create(actor: Actor, raw: Record<string, unknown>, kept?: KeptIds): Promise<ChainView> {
    assertCan(actor, "escalation-chains:write");
    return this.ctx.dataSource.transaction(async (em) => {
      const input = await parseChainInput(em, actor, raw, true);
      const chain = em.getRepository(EscalationChain).create({
        publicId: await publicIdFor(em, EscalationChain, "escalationChain", kept?.publicId), organizationId: actor.organization.id,
        name: input.name!, teamId: input.teamId ?? null,
      });
      await saveUnique(em, chain);
      return (await chainViews(em, [chain]))[0];
    });
  }

  /** PUT and PATCH: `name` is required on PUT only (`requireName`). */
  async update(actor: Actor, publicId: string, raw: Record<string, unknown>, requireName: boolean): Promise<ChainView> {
    assertCan(actor, "escalation-chains:write");
    return this.ctx.dataSource.transaction(async (em) => {
      const chain = await this.load(em, actor, publicId);
      const input = await parseChainInput(em, actor, raw, requireName);
      if (input.name !== undefined) chain.name = input.name;
      if (input.teamId !== undefined) chain.teamId = input.teamId;
      await saveUnique(em, chain);
      return (await chainViews(em, [chain]))[0];
    });
  }

  /** Removes the chain; its policies go with it, routes lose it (foreign keys). Running escalations keep their snapshot. */
  async delete(actor: Actor, publicId: string): Promise<void> {
    assertCan(actor, "escalation-chains:write");
    await this.ctx.dataSource.transaction(async (em) => {
      const chain = await this.load(em, actor, publicId);
      await em.getRepository(EscalationChain).delete({ id: chain.id });
    });
  }

  private async load(em: EntityManager, actor: Actor, publicId: string): Promise<EscalationChain> {
    const chain = await em.getRepository(EscalationChain).findOneBy({ organizationId: actor.organization.id, publicId });
    if (!chain) throw new NotFoundError();
    return chain;
  }
}

async function parseChainInput(
  em: EntityManager, actor: Actor, raw: Record<string, unknown>, requireName: boolean,
): Promise<{ name?: string; teamId?: number | null }> {
  const errors = new FieldErrors();
  const out: { name?: string; teamId?: number | null } = {};
  if (raw.name === undefined) {
    if (requireName) errors.add("name", "This field is required.");
  } else if (raw.name === null) {
    errors.add("name", "This field may not be null.");
  } else if (typeof raw.name !== "string" && typeof raw.name !== "number") {
    errors.add("name", "Not a valid string.");
  } else {
    const name = String(raw.name).trim(); // DRF CharField trims whitespace
    if (name === "") errors.add("name", "This field may not be blank.");
    else if (name.length > NAME_MAX) errors.add("name", `Ensure this field has no more than ${NAME_MAX} characters.`);
    else out.name = name;
  }
  if (raw.team_id !== undefined) {
    if (raw.team_id === null || raw.team_id === "null") out.teamId = null;
    else {
      const team = typeof raw.team_id === "string"
        ? await em.getRepository(Team).findOneBy({ organizationId: actor.organization.id, publicId: raw.team_id })
        : null;
      if (team) out.teamId = team.id;
      else errors.add("team_id", "Object does not exist");
    }
  }
  errors.throwIfAny();
  return out;
}

/** Checked before writing for a clean 400, and again by the unique index for concurrent requests. */
async function saveUnique(em: EntityManager, chain: EscalationChain): Promise<void> {
  const clash = await em.getRepository(EscalationChain).findOneBy({ organizationId: chain.organizationId, name: chain.name });
  if (clash && clash.id !== chain.id) throw new ValidationError({ non_field_errors: [UNIQUE_NAME] });
  try {
    await em.getRepository(EscalationChain).save(chain);
  } catch (error) {
    if (isUniqueViolation(error)) throw new ValidationError({ non_field_errors: [UNIQUE_NAME] });
    throw error;
  }
}

/** `team_id` list filter: unknown team → 400 with Django's choice message. */
async function teamFilterValue(em: EntityManager, actor: Actor, teamId: string): Promise<number | ReturnType<typeof IsNull>> {
  if (teamId === "null") return IsNull();
  const team = await em.getRepository(Team).findOneBy({ organizationId: actor.organization.id, publicId: teamId });
  if (!team) throw new ValidationError({ team_id: ["Select a valid choice. That choice is not one of the available choices."] });
  return team.id;
}
