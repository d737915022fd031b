import { IsNull } from "typeorm";
import { DetailError, FieldErrors, NotFoundError } from "../errors";
import { ApiToken, User } from "../schema/entities";
import { assertCan, type Actor } from "./actor";
import type { AppContext } from "../context";
import type { Services } from ".";
import { orderingOf } from "./paging/cursor";
import { mapConnection, pageByCursor, type Connection, type CursorRequest } from "./paging/cursor-page";

/** An API token as operators see it: never its secret (only a hash is stored anyway). */
export interface ApiTokenView {
  id: string;
  name: string;
  userId: number;
  userPublicId: string;
  createdAt: Date;
  /** Set once revoked: the token answers 401 from then on. */
  revokedAt: Date | null;
}

export interface ApiTokenFilters {
  /** A user's public id. */
  userId?: string;
  /** Revoked tokens are listed too unless this is false. */
  includeRevoked?: boolean;
}

/** At most this many live API tokens per user (domain-api.md §2). */
const MAX_LIVE_TOKENS = 5;
const NAME_MAX = 200;

/** API tokens (domain-api.md §2): listed, created (secret shown once) and revoked. GraphQL and the CLI share it. */
export class TokenService {
  constructor(
    private readonly ctx: AppContext,
    private readonly services: Services,
  ) {}

  /** The organization's tokens in creation order. */
  async list(actor: Actor, filters: ApiTokenFilters, request: CursorRequest): Promise<Connection<ApiTokenView>> {
    assertCan(actor, "api-keys:read");
    const query = this.repo().createQueryBuilder("k").where("k.organizationId = :org", { org: actor.organization.id });
    if (filters.userId !== undefined) {
      const user = await this.ctx.dataSource.getRepository(User).findOneBy({ organizationId: actor.organization.id, publicId: filters.userId });
      query.andWhere("k.userId = :user", { user: user?.id ?? -1 });
    }
    if (filters.includeRevoked === false) query.andWhere("k.revokedAt IS NULL");
    return mapConnection(await pageByCursor(query, orderingOf<ApiToken>("k", false), request), (tokens) => this.views(tokens));
  }

  /** Issues an OnCall-style token for the user; the secret is returned this once only. */
  async create(actor: Actor, userPublicId: string, name: string): Promise<{ token: ApiTokenView; secret: string }> {
    assertCan(actor, "api-keys:write");
    const user = await this.ctx.dataSource.getRepository(User).findOneBy({ organizationId: actor.organization.id, publicId: userPublicId });
    if (!user) throw new NotFoundError();
    const errors = new FieldErrors();
    if (name.trim() === "") errors.add("name", "This field may not be blank.");
    if (name.length > NAME_MAX) errors.add("name", `Ensure this field has no more than ${NAME_MAX} characters.`);
    errors.throwIfAny();
    const live = await this.repo().countBy({ userId: user.id, revokedAt: IsNull() });
    if (live >= MAX_LIVE_TOKENS) throw new DetailError(400, `Max token count (${MAX_LIVE_TOKENS}) for this user reached.`);
    const { id, secret } = await this.services.auth.issue(user, name.trim());
    return { token: (await this.views([await this.repo().findOneByOrFail({ id })]))[0], secret };
  }

  /** Revoked at once: authentication reads the row on every request. Revoking twice keeps the first time. */
  async revoke(actor: Actor, id: string): Promise<ApiTokenView> {
    assertCan(actor, "api-keys:write");
    const numeric = Number(id);
    const token = Number.isSafeInteger(numeric) ? await this.repo().findOneBy({ id: numeric, organizationId: actor.organization.id }) : null;
    if (!token) throw new NotFoundError();
    if (!token.revokedAt) {
      token.revokedAt = new Date();
      await this.repo().update({ id: token.id, revokedAt: IsNull() }, { revokedAt: token.revokedAt });
    }
    return (await this.views([token]))[0];
  }

  private async views(tokens: ApiToken[]): Promise<ApiTokenView[]> {
    const users = await this.services.users.publicIds(tokens.map((t) => t.userId));
    return tokens.map((t) => ({
      id: String(t.id), name: t.name, userId: t.userId, userPublicId: users.get(t.userId) ?? "", createdAt: t.createdAt, revokedAt: t.revokedAt,
    }));
  }

  private repo() {
    return this.ctx.dataSource.getRepository(ApiToken);
  }
}
