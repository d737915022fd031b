import { type EntityManager, In, IsNull, Raw, type FindOptionsWhere } from "typeorm";
import { DetailError, FieldErrors, NotFoundError, ValidationError } from "../errors";
import { ApiToken, type Organization, PersonalNotificationWebhook, User } from "../schema/entities";
import type { Role } from "../schema/entities/user.entity";
import { type Actor, assertCan } from "./actor";
import type { AppContext } from "../context";
import type { ListWindow } from "./escalation/list-window";
import type { Services } from ".";
import { type BindingView, bindPersonalWebhook, findBinding } from "./users/personal-webhook";
import { type KeptGrafanaIds, publicIdFor } from "./kept-ids";
import { ADMIN_ONLY_FIELDS, grafanaIdFor, parseUserInput, type UserInput } from "./users/user-input";

export type { UserInput } from "./users/user-input";
export type { BindingView } from "./users/personal-webhook";

export interface UserFilters {
  email?: string;
  username?: string;
  /** OnCall's numeric role codes as sent: `0` admin, `1` editor, `2` viewer, `3` none. */
  roles?: string[];
}

const ROLE_CODES: Record<string, Role> = { "0": "admin", "1": "editor", "2": "viewer", "3": "none" };
/** At most this many live API tokens per user (domain-api.md §2). */
const MAX_LIVE_TOKENS = 5;
const TOKEN_NAME_MAX = 200;

/** Users (domain-api.md §9) and what hangs off them: API tokens and the personal notification webhook. */
export class UserService {
  constructor(
    private readonly ctx: AppContext,
    private readonly services: Services,
  ) {}

  /** Creation order; every user comes with their teams. */
  async list(actor: Actor, filters: UserFilters, window: ListWindow): Promise<{ total: number; items: User[] }> {
    assertCan(actor, "user-settings:read");
    const where: FindOptionsWhere<User> = { organizationId: actor.organization.id };
    // Case-insensitive exact matches; distinct parameter names because both may be given.
    if (filters.email !== undefined) where.email = Raw((column) => `LOWER(${column}) = LOWER(:email)`, { email: filters.email });
    if (filters.username !== undefined) where.username = Raw((column) => `LOWER(${column}) = LOWER(:username)`, { username: filters.username });
    const roles = (filters.roles ?? []).filter((code) => code !== ""); // an empty value filters nothing (django-filter)
    if (roles.length > 0) where.role = In(rolesOf(roles));
    const repo = this.ctx.dataSource.getRepository(User);
    const total = await repo.countBy(where);
    const { offset, limit } = window(total);
    const items = await repo.find({ where, relations: { teams: true }, order: { createdAt: "ASC", id: "ASC" }, skip: offset, take: limit });
    return { total, items };
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

  /** Issues an OnCall-style token for the user; the plain token is returned this once only. */
  async createApiToken(actor: Actor, userPublicId: string, name: string): Promise<string> {
    assertCan(actor, "api-keys:write");
    const user = await this.load(this.ctx.dataSource.manager, actor, userPublicId);
    const errors = new FieldErrors();
    if (name.trim() === "") errors.add("name", "This field may not be blank.");
    if (name.length > TOKEN_NAME_MAX) errors.add("name", `Ensure this field has no more than ${TOKEN_NAME_MAX} characters.`);
    errors.throwIfAny();
    const live = await this.ctx.dataSource.getRepository(ApiToken).countBy({ userId: user.id, revokedAt: IsNull() });
    if (live >= MAX_LIVE_TOKENS) throw new DetailError(400, `Max token count (${MAX_LIVE_TOKENS}) for this user reached.`);
    return this.services.auth.issueToken(user, name.trim());
  }

  /** The user's personal notification webhook (delivery.md §2); null when none is bound. */
  async personalNotificationWebhook(actor: Actor, user: User): Promise<BindingView | null> {
    if (user.organizationId !== actor.organization.id) throw new NotFoundError();
    if (user.id !== actor.user.id && !actor.permissions.has("user-settings:admin")) return null;
    const binding = await findBinding(this.ctx.dataSource.manager, user);
    // The private context is its owner's only, admins included.
    return binding && user.id !== actor.user.id ? { ...binding, context: null } : binding;
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

/** Unknown codes: Django's MultipleChoiceFilter message for the first bad value. */
function rolesOf(codes: string[]): Role[] {
  const bad = codes.find((code) => !(code in ROLE_CODES));
  if (bad !== undefined) throw new ValidationError({ roles: [`Select a valid choice. ${bad} is not one of the available choices.`] });
  return [...new Set(codes.map((code) => ROLE_CODES[code]))];
}
