// `outhook token create | list | revoke`: the API-token service (its rules: name, 5 live tokens per user, revoking
// twice keeps the first time), as the operator of the organization concerned.
import type { DataSource } from "typeorm";
import { AppError } from "../errors";
import { ApiToken, Organization, User } from "../schema/entities";
import type { Services } from "../services";
import type { ApiTokenView } from "../services/token.service";
import { CliError } from "./cli-error";
import { cliContext, withServices } from "./context";
import { operatorOf } from "./operator";

export async function createToken(options: { user: string; name: string }): Promise<void> {
  const { view, secret, user } = await withServices(cliContext(), async (services, dataSource) => {
    const user = await findUser(dataSource, options.user);
    const actor = await operatorOf(dataSource, user.organizationId);
    const { token, secret } = await explained(services.tokens.create(actor, user.publicId, options.name));
    return { view: token, secret, user };
  });
  // The secret alone on stdout, so `TOKEN=$(outhook token create …)` works; what it is goes to stderr.
  process.stderr.write(`created token ${view.id} ("${view.name}") for ${user.publicId} (${user.username}); its secret is shown this once:\n`);
  process.stdout.write(`${secret}\n`);
}

export async function listTokens(options: { user?: string }): Promise<void> {
  const rows = await withServices(cliContext(), async (services, dataSource) => {
    const user = options.user === undefined ? null : await findUser(dataSource, options.user);
    const organizations = user
      ? [user.organizationId]
      : (await dataSource.getRepository(Organization).find({ select: { id: true }, order: { id: "ASC" } })).map((o) => o.id);
    const views: ApiTokenView[] = [];
    for (const organizationId of organizations) {
      if (!user && (await dataSource.getRepository(ApiToken).countBy({ organizationId })) === 0) continue;
      views.push(...(await allTokens(services, await operatorOf(dataSource, organizationId), user?.publicId)));
    }
    const usernames = new Map((await dataSource.getRepository(User).find({ select: { id: true, username: true } })).map((u) => [u.id, u.username]));
    return views.map((v) => [v.id, v.name, v.userPublicId, usernames.get(v.userId) ?? "", v.createdAt.toISOString(), v.revokedAt?.toISOString() ?? "-"]);
  });
  process.stdout.write(table(["ID", "NAME", "USER", "USERNAME", "CREATED", "REVOKED"], rows));
}

export async function revokeToken(id: string): Promise<void> {
  const view = await withServices(cliContext(), async (services, dataSource) => {
    const numeric = Number(id);
    const row = Number.isSafeInteger(numeric) ? await dataSource.getRepository(ApiToken).findOneBy({ id: numeric }) : null;
    if (!row) throw new CliError(`no API token ${id}`);
    return explained(services.tokens.revoke(await operatorOf(dataSource, row.organizationId), id));
  });
  process.stdout.write(`token ${view.id} ("${view.name}") of ${view.userPublicId} revoked at ${view.revokedAt!.toISOString()}\n`);
}

/** By public id, else by username (unique per organization, whatever the letter case). */
async function findUser(dataSource: DataSource, given: string): Promise<User> {
  const users = dataSource.getRepository(User);
  const byId = await users.findOneBy({ publicId: given });
  if (byId) return byId;
  const named = await users.createQueryBuilder("u").where("LOWER(u.username) = LOWER(:given)", { given }).getMany();
  if (named.length === 1) return named[0];
  if (named.length > 1) throw new CliError(`several organizations have a user named ${given}: give the user's id (${named.map((u) => u.publicId).join(", ")})`);
  throw new CliError(`no user ${given}`);
}

async function allTokens(services: Services, actor: Awaited<ReturnType<typeof operatorOf>>, userId?: string): Promise<ApiTokenView[]> {
  const out: ApiTokenView[] = [];
  for (let after: string | null = null; ; ) {
    const page = await services.tokens.list(actor, userId === undefined ? {} : { userId }, { first: 100, after });
    out.push(...page.edges.map((e) => e.node));
    if (!page.pageInfo.hasNextPage) return out;
    after = page.pageInfo.endCursor;
  }
}

/** A service refusal (a blank name, too many live tokens) as the command's own error. */
async function explained<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof AppError) throw new CliError(refusalText(error.body()));
    throw error;
  }
}

function refusalText(body: unknown): string {
  if (body && typeof body === "object" && "detail" in body) return String((body as { detail: unknown }).detail);
  if (body && typeof body === "object") {
    return Object.entries(body as Record<string, unknown>).map(([field, messages]) => `${field}: ${[messages].flat().join(" ")}`).join("; ");
  }
  return String(body);
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join("  ") + "\n";
  return [header, ...rows].map(line).join("");
}
