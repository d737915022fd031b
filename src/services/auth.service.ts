import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { DataSource } from "typeorm";
import { AuthenticationError, PermissionError } from "../errors";
import { ApiToken, Organization, User } from "../schema/entities";
import { newPublicId } from "../schema/public-id";
import type { Actor } from "./actor";
import { permissionsOf } from "./permissions";

const hash = (token: string) => createHash("sha256").update(token, "utf8").digest("hex");

/** API tokens: stored hashed, looked up by their first 8 characters (domain-api.md §2). */
export class AuthService {
  constructor(private readonly dataSource: DataSource) {}

  /** `Authorization: <token>` or `Authorization: Bearer <token>`. */
  async authenticate(header: string | undefined): Promise<Actor> {
    const token = header?.trim().replace(/^Bearer\s+/i, "").trim();
    if (!token) throw new AuthenticationError();
    const candidates = await this.dataSource.getRepository(ApiToken).find({ where: { tokenPrefix: token.slice(0, 8) } });
    const wanted = Buffer.from(hash(token), "hex");
    const match = candidates.find((c) => !c.revokedAt && timingSafeEqual(Buffer.from(c.tokenHash, "hex"), wanted));
    if (!match) throw new AuthenticationError();
    const [user, organization] = await Promise.all([
      this.dataSource.getRepository(User).findOne({ where: { id: match.userId }, relations: { teams: true } }),
      this.dataSource.getRepository(Organization).findOneBy({ id: match.organizationId }),
    ]);
    if (!user || !organization) throw new AuthenticationError();
    if (!user.isActive) throw new PermissionError("Only active users are allowed to perform this action.");
    return { organization, user, permissions: permissionsOf(user) };
  }

  /** Stores `token` (or a new OnCall-style 64-hex token) for the user; returns the plain token once. */
  async issueToken(user: User, name: string, token = randomBytes(32).toString("hex")): Promise<string> {
    return (await this.issue(user, name, token)).secret;
  }

  /** The same, with the stored row's id. */
  async issue(user: User, name: string, token = randomBytes(32).toString("hex")): Promise<{ id: number; secret: string }> {
    const result = await this.dataSource.getRepository(ApiToken).insert({
      organizationId: user.organizationId,
      userId: user.id,
      name,
      tokenPrefix: token.slice(0, 8),
      tokenHash: hash(token),
    });
    return { id: Number(result.identifiers[0].id), secret: token };
  }

  /** BOOTSTRAP_API_TOKEN: make sure an organization and an admin token with exactly this value exist (idempotent). */
  async bootstrap(token: string): Promise<void> {
    const tokens = await this.dataSource.getRepository(ApiToken).find({ where: { tokenPrefix: token.slice(0, 8) } });
    if (tokens.some((t) => !t.revokedAt && t.tokenHash === hash(token))) return;
    await this.dataSource.transaction(async (em) => {
      let organization = await em.getRepository(Organization).findOne({ where: {}, order: { id: "ASC" } });
      if (!organization) {
        organization = await em.getRepository(Organization).save({ publicId: newPublicId("organization"), name: "outhook" });
      }
      let admin = await em.getRepository(User).findOne({ where: { organizationId: organization.id, username: "admin" } });
      if (!admin) {
        const grafanaId = ((await em.getRepository(User).maximum("grafanaId", { organizationId: organization.id })) ?? 0) + 1;
        admin = await em.getRepository(User).save({
          publicId: newPublicId("user"), organizationId: organization.id, grafanaId, username: "admin",
          email: "admin@localhost", role: "admin", permissions: null, timezone: "UTC", isActive: true,
        });
      }
      await em.getRepository(ApiToken).insert({
        organizationId: organization.id, userId: admin.id, name: "bootstrap",
        tokenPrefix: token.slice(0, 8), tokenHash: hash(token),
      });
    });
  }
}
