import { In, type EntityManager, type FindOptionsWhere } from "typeorm";
import { idsForIn } from "../db/sql";
import { isUniqueViolation } from "../db/dialect";
import { FieldErrors, NotFoundError, ValidationError } from "../errors";
import { Team } from "../schema/entities";
import { type Actor, assertCan } from "./actor";
import type { AppContext } from "../context";
import type { ListWindow } from "./escalation/list-window";
import { orderingOf, type NamedOrder } from "./paging/cursor";
import { pageByCursor, type Connection, type CursorRequest } from "./paging/cursor-page";
import type { Services } from ".";
import { type KeptGrafanaIds, publicIdFor } from "./kept-ids";
import { grafanaIdFor } from "./users/user-input";

/** What GraphQL may send to create or change a team; absent keys are unchanged. */
export interface TeamInput {
  name?: string | null;
  email?: string | null;
  avatarUrl?: string | null;
}

const NAME_TAKEN = "A team with this name already exists.";
const MAX_LENGTH = 300;

/** Teams (domain-api.md §10): read over REST, managed over GraphQL (user-settings:admin). */
export class TeamService {
  constructor(
    private readonly ctx: AppContext,
    private readonly services: Services,
  ) {}

  async list(actor: Actor, filters: { name?: string }, window: ListWindow): Promise<{ total: number; items: Team[] }> {
    assertCan(actor, "user-settings:read");
    const where: FindOptionsWhere<Team> = { organizationId: actor.organization.id };
    if (filters.name !== undefined) where.name = filters.name;
    const repo = this.ctx.dataSource.getRepository(Team);
    const total = await repo.countBy(where);
    const { offset, limit } = window(total);
    return { total, items: await repo.find({ where, order: { createdAt: "ASC", id: "ASC" }, skip: offset, take: limit }) };
  }

  /** The same list by keyset cursor (GraphQL), in creation (= id) or name order. */
  async listByCursor(actor: Actor, filters: { name?: string }, request: CursorRequest, order: NamedOrder): Promise<Connection<Team>> {
    assertCan(actor, "user-settings:read");
    const query = this.ctx.dataSource.getRepository(Team).createQueryBuilder("t").where("t.organizationId = :org", { org: actor.organization.id });
    if (filters.name !== undefined) query.andWhere("t.name = :name", { name: filters.name });
    const ordering = order.field === "name"
      ? orderingOf<Team>("t", order.descending, { property: "name", type: "string", of: (t) => t.name })
      : orderingOf<Team>("t", order.descending);
    return pageByCursor(query, ordering, request);
  }

  /** Teams by internal id (a webhook's or an integration's team); one query. */
  async byIds(actor: Actor, ids: readonly number[]): Promise<Map<number, Team>> {
    assertCan(actor, "user-settings:read");
    if (ids.length === 0) return new Map();
    const teams = await this.ctx.dataSource.getRepository(Team).findBy({ organizationId: actor.organization.id, id: In(idsForIn(ids)) });
    return new Map(teams.map((t) => [t.id, t]));
  }

  async get(actor: Actor, publicId: string): Promise<Team> {
    assertCan(actor, "user-settings:read");
    return this.load(this.ctx.dataSource.manager, actor, publicId);
  }

  /** `kept`: the ids of a team imported from OnCall (kept-ids.ts). */
  async create(actor: Actor, input: TeamInput, kept?: KeptGrafanaIds): Promise<Team> {
    assertCan(actor, "user-settings:admin");
    return this.ctx.dataSource.transaction(async (em) => {
      const changes = parseTeamInput(input, true);
      const team = em.getRepository(Team).create({
        publicId: await publicIdFor(em, Team, "team", kept?.publicId), organizationId: actor.organization.id,
        grafanaId: await grafanaIdFor(em, Team, actor.organization.id, kept?.grafanaId), email: null, avatarUrl: "", ...changes,
      });
      return saveUnique(em, team);
    });
  }

  async update(actor: Actor, publicId: string, input: TeamInput): Promise<Team> {
    assertCan(actor, "user-settings:admin");
    return this.ctx.dataSource.transaction(async (em) => {
      const team = await this.load(em, actor, publicId);
      Object.assign(team, parseTeamInput(input, false));
      return saveUnique(em, team);
    });
  }

  /**
   * What belonged to the team becomes team-less (as in OnCall): integrations, webhooks, chains and policies'
   * team_to_notify are set to null, memberships go with the team (foreign keys).
   */
  async delete(actor: Actor, publicId: string): Promise<void> {
    assertCan(actor, "user-settings:admin");
    await this.ctx.dataSource.transaction(async (em) => {
      const team = await this.load(em, actor, publicId);
      await em.getRepository(Team).delete({ id: team.id });
    });
  }

  private async load(em: EntityManager, actor: Actor, publicId: string): Promise<Team> {
    const team = await em.getRepository(Team).findOneBy({ organizationId: actor.organization.id, publicId });
    if (!team) throw new NotFoundError();
    return team;
  }
}

function parseTeamInput(input: TeamInput, creating: boolean): Partial<Team> {
  const errors = new FieldErrors();
  const out: Partial<Team> = {};
  if (input.name === undefined) {
    if (creating) errors.add("name", "This field is required.");
  } else if (input.name === null) errors.add("name", "This field may not be null.");
  else if (input.name.trim() === "") errors.add("name", "This field may not be blank.");
  else if (input.name.trim().length > MAX_LENGTH) errors.add("name", `Ensure this field has no more than ${MAX_LENGTH} characters.`);
  else out.name = input.name.trim();
  if (input.email !== undefined) {
    const email = input.email?.trim() || null;
    if (email && !/^[^\s@]+@[^\s@]+$/.test(email)) errors.add("email", "Enter a valid email address.");
    else out.email = email;
  }
  if (input.avatarUrl !== undefined) out.avatarUrl = input.avatarUrl ?? "";
  errors.throwIfAny();
  return out;
}

async function saveUnique(em: EntityManager, team: Team): Promise<Team> {
  const clash = await em.getRepository(Team).findOneBy({ organizationId: team.organizationId, name: team.name });
  if (clash && clash.id !== team.id) throw new ValidationError({ name: [NAME_TAKEN] });
  try {
    return await em.getRepository(Team).save(team);
  } catch (error) {
    if (isUniqueViolation(error)) throw new ValidationError({ name: [NAME_TAKEN] });
    throw error;
  }
}
