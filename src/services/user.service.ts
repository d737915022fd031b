import { type EntityManager, In, IsNull, Raw, type FindOptionsWhere } from "typeorm";
import { DetailError, FieldErrors, NotFoundError, ValidationError } from "../errors";
import { ApiToken, type Organization, PersonalNotificationWebhook, User, Webhook } from "../schema/entities";
import type { Role } from "../schema/entities/user.entity";
import { type Actor, assertCan } from "./actor";
import type { AppContext } from "../context";
import type { ListWindow } from "./escalation/list-window";
import type { Services } from ".";
import { type BindingView, bindPersonalWebhook, findBindings } from "./users/personal-webhook";
import { type KeptGrafanaIds, publicIdFor } from "./kept-ids";
import { orderingOf } from "./paging/cursor";
import { pageByCursor, type Connection, type CursorRequest } from "./paging/cursor-page";
import { idsForIn } from "../db/sql";
import { ADMIN_ONLY_FIELDS, grafanaIdFor, nextGrafanaId, parseUserInput, type UserInput } from "./users/user-input";

export type { UserInput } from "./users/user-input";
export type { BindingView } from "./users/personal-webhook";

export interface UserFilters {
  email?: string;
  username?: string;
  /** OnCall's numeric role codes as sent: `0` admin, `1` editor, `2` viewer, `3` none. */
  roles?: string[];
  /** The same by name (GraphQL's enum). */
  roleNames?: Role[];
}

const ROLE_CODES: Record<string, Role> = { "0": "admin", "1": "editor", "2": "viewer", "3": "none" };

/** Users (domain-api.md §9) and their personal notification webhook; API tokens are TokenService's. */
export class UserService {
  constructor(
    private readonly ctx: AppContext,
    private readonly services: Services,
  ) {}

  /** Creation order; every user comes with their teams. */
  async list(actor: Actor, filters: UserFilters, window: ListWindow): Promise<{ total: number; items: User[] }> {
    assertCan(actor, "user-settings:read");
    const where = listWhere(actor, filters);
    const repo = this.ctx.dataSource.getRepository(User);
    const total = await repo.countBy(where);
    const { offset, limit } = window(total);
    const items = await repo.find({ where, relations: { teams: true }, order: { createdAt: "ASC", id: "ASC" }, skip: offset, take: limit });
    return { total, items };
  }

  /** The same list by keyset cursor (GraphQL), in creation (= id) or username order, with teams. */
  async listByCursor(actor: Actor, filters: UserFilters, request: CursorRequest, order: UserOrder): Promise<Connection<User>> {
    assertCan(actor, "user-settings:read");
    const query = this.ctx.dataSource.getRepository(User).createQueryBuilder("u").leftJoinAndSelect("u.teams", "t").where(listWhere(actor, filters));
    const ordering = order.field === "username"
      ? orderingOf<User>("u", order.descending, { property: "username", type: "string", of: (u) => u.username })
      : orderingOf<User>("u", order.descending);
    return pageByCursor(query, ordering, request);
  }

  /** Users by internal id, with teams (an API token's user); one query. */
  async byIds(actor: Actor, ids: readonly number[]): Promise<Map<number, User>> {
    assertCan(actor, "user-settings:read");
    if (ids.length === 0) return new Map();
    const users = await this.ctx.dataSource.getRepository(User).find({
      where: { organizationId: actor.organization.id, id: In(idsForIn(ids)) }, relations: { teams: true },
    });
    return new Map(users.map((u) => [u.id, u]));
  }

  /** Public ids of users by internal id (no permission needed: ids only). */
  async publicIds(ids: readonly number[]): Promise<Map<number, string>> {
    if (ids.length === 0) return new Map();
    const users = await this.ctx.dataSource.getRepository(User).find({ select: { id: true, publicId: true }, where: { id: In(idsForIn(ids)) } });
    return new Map(users.map((u) => [u.id, u.publicId]));
  }

  async get(actor: Actor, publicId: string): Promise<User> {
    assertCan(actor, "user-settings:read");
    return this.load(this.ctx.dataSource.manager, actor, publicId);
  }

  /** The token's own user (`/users/current/`). */
  async current(actor: Actor): Promise<User> {
    assertCan(actor, "user-settings:read");
    return this.load(this.ctx.dataSource.manager, actor, actor.user.publicId);
  }

  /** `GET /api/v1/organizations/{anything}/`: always the token's organization (domain-api.md §11). */
  organization(actor: Actor): Organization {
    assertCan(actor, "other-settings:read");
    return actor.organization;
  }

  /** `kept`: the ids of a user imported from OnCall (kept-ids.ts). */
  async create(actor: Actor, input: UserInput, kept?: KeptGrafanaIds): Promise<User> {
    assertCan(actor, "user-settings:admin");
    return this.ctx.dataSource.transaction(async (em) => {
      const changes = await parseUserInput(em, actor.organization.id, input, null);
      const user = em.getRepository(User).create({
        publicId: await publicIdFor(em, User, "user", kept?.publicId), organizationId: actor.organization.id,
        grafanaId: await grafanaIdFor(em, User, actor.organization.id, kept?.grafanaId),
        email: "", role: "viewer", permissions: null, timezone: null, isActive: true, teams: [],
        ...changes,
      });
      return em.getRepository(User).save(user);
    });
  }

  /** A user may edit their own profile (user-settings:write); roles, permissions, teams and others need admin. */
  async update(actor: Actor, publicId: string, input: UserInput): Promise<User> {
    if (!actor.permissions.has("user-settings:admin")) assertCan(actor, "user-settings:write");
    return this.ctx.dataSource.transaction(async (em) => {
      const user = await this.load(em, actor, publicId);
      const needsAdmin = user.id !== actor.user.id || ADMIN_ONLY_FIELDS.some((field) => input[field] !== undefined);
      if (needsAdmin) assertCan(actor, "user-settings:admin");
      Object.assign(user, await parseUserInput(em, actor.organization.id, input, user));
      return em.getRepository(User).save(user);
    });
  }

  /**
   * Removes the user; their tokens, binding and memberships go with them, webhooks they own lose their owner
   * (foreign keys). History that mentions them (events, notifications, acknowledged_by) keeps the id.
   */
  async delete(actor: Actor, publicId: string): Promise<void> {
    assertCan(actor, "user-settings:admin");
    await this.ctx.dataSource.transaction(async (em) => {
      const user = await this.load(em, actor, publicId);
      await em.getRepository(User).delete({ id: user.id });
    });
  }

  /** The user's personal notification webhook (delivery.md §2); null when none is bound. */
  async personalNotificationWebhook(actor: Actor, user: User): Promise<BindingView | null> {
    return (await this.personalNotificationWebhooks(actor, [user])).get(user.id) ?? null;
  }

  /** The same for a page of users in two queries; only bindings the caller may see are in the map. */
  async personalNotificationWebhooks(actor: Actor, users: readonly User[]): Promise<Map<number, BindingView>> {
    if (users.some((user) => user.organizationId !== actor.organization.id)) throw new NotFoundError();
    const visible = users.filter((user) => user.id === actor.user.id || actor.permissions.has("user-settings:admin"));
    const bindings = await findBindings(this.ctx.dataSource.manager, visible.map((user) => user.id));
    // The private context is its owner's only, admins included.
    for (const [userId, binding] of bindings) if (userId !== actor.user.id) bindings.set(userId, { ...binding, context: null });
    return bindings;
  }

  async setPersonalNotificationWebhook(actor: Actor, userPublicId: string, webhookPublicId: unknown, context: unknown): Promise<BindingView> {
    return this.ctx.dataSource.transaction(async (em) => {
      const user = await this.loadForSettings(em, actor, userPublicId);
      return bindPersonalWebhook(em, user, webhookPublicId, context);
    });
  }

  async clearPersonalNotificationWebhook(actor: Actor, userPublicId: string): Promise<void> {
    await this.ctx.dataSource.transaction(async (em) => {
      const user = await this.loadForSettings(em, actor, userPublicId);
      await em.getRepository(PersonalNotificationWebhook).delete({ userId: user.id });
    });
  }

  /** Own settings need user-settings:write, another user's user-settings:admin. */
  private async loadForSettings(em: EntityManager, actor: Actor, publicId: string): Promise<User> {
    if (!actor.permissions.has("user-settings:admin")) assertCan(actor, "user-settings:write");
    const user = await this.load(em, actor, publicId);
    if (user.id !== actor.user.id) assertCan(actor, "user-settings:admin");
    return user;
  }

  private async load(em: EntityManager, actor: Actor, publicId: string): Promise<User> {
    const user = await em.getRepository(User).findOne({ where: { organizationId: actor.organization.id, publicId }, relations: { teams: true } });
    if (!user) throw new NotFoundError();
    return user;
  }
}

export interface UserOrder {
  field: "createdAt" | "username";
  descending: boolean;
}

function listWhere(actor: Actor, filters: UserFilters): FindOptionsWhere<User> {
  const where: FindOptionsWhere<User> = { organizationId: actor.organization.id };
  // Case-insensitive exact matches; distinct parameter names because both may be given.
  if (filters.email !== undefined) where.email = Raw((column) => `LOWER(${column}) = LOWER(:email)`, { email: filters.email });
  if (filters.username !== undefined) where.username = Raw((column) => `LOWER(${column}) = LOWER(:username)`, { username: filters.username });
  const roles = (filters.roles ?? []).filter((code) => code !== ""); // an empty value filters nothing (django-filter)
  if (roles.length > 0) where.role = In(rolesOf(roles));
  if (filters.roleNames?.length) where.role = In(filters.roleNames);
  return where;
}

/** Unknown codes: Django's MultipleChoiceFilter message for the first bad value. */
function rolesOf(codes: string[]): Role[] {
  const bad = codes.find((code) => !(code in ROLE_CODES));
  if (bad !== undefined) throw new ValidationError({ roles: [`Select a valid choice. ${bad} is not one of the available choices.`] });
  return [...new Set(codes.map((code) => ROLE_CODES[code]))];
}
