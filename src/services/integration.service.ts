import { In, IsNull, Not, type EntityManager, type FindOptionsWhere } from "typeorm";
import { idsForIn, runStatement } from "../db/sql";
import { HydratedRows } from "../db/entity-rows";
import { DetailError, FieldErrors, NotFoundError, ValidationError } from "../errors";
import { Integration, Route, Team } from "../schema/entities";
import { assertCan, type Actor } from "./actor";
import type { AppContext } from "../context";
import { orderingOf, type NamedOrder } from "./paging/cursor";
import { mapConnection, pageByCursor, type Connection, type CursorRequest } from "./paging/cursor-page";
import type { Services } from ".";
import { applyTemplatesInput, completeTemplates, type SyntaxCheck } from "./integrations/integration-templates";
import { integrationInput, parseIntegrationFields, rejectMessagingChannels, type IntegrationInput } from "./integrations/integration-input";
import { INTEGRATION_TYPE_TITLES, parseIntegrationType, smileCode } from "./integrations/integration-types";
import { inboundTokenFor, type KeptIntegrationIds, publicIdFor } from "./kept-ids";
import { buildIntegrationViews, type IntegrationView } from "./integrations/integration-view";

export type { IntegrationInput } from "./integrations/integration-input";
export type { IntegrationView } from "./integrations/integration-view";

/** Called with the number of matching rows; answers which slice to load (REST page numbers, GraphQL offsets). */
export type PageWindow = (total: number) => { offset: number; limit: number };

export interface IntegrationFilters {
  name?: string;
  /** A team public id, or "null" for "no team". */
  teamId?: string;
}

const BY_TOKEN_SQL = `SELECT * FROM integration WHERE token = :token AND deleted_at IS NULL`;
const DEFAULT_ROUTE_SQL = `SELECT * FROM route WHERE integration_id = :integration AND is_default = :yes ORDER BY id LIMIT 1`;

/** Alert sources (domain-api.md §4): CRUD with OnCall's validation; deletion is soft. */
export class IntegrationService {
  private readonly integrationRows = new HydratedRows(Integration);
  private readonly routeRows = new HydratedRows(Route);

  constructor(
    private readonly ctx: AppContext,
    private readonly services: Services,
  ) {}

  async list(actor: Actor, filters: IntegrationFilters, window: PageWindow): Promise<{ total: number; items: IntegrationView[] }> {
    assertCan(actor, "integrations:read");
    const where = await this.listWhere(actor, filters);
    const repo = this.ctx.dataSource.getRepository(Integration);
    const total = await repo.count({ where });
    const { offset, limit } = window(total);
    const rows = await repo.find({ where, order: { createdAt: "ASC", id: "ASC" }, skip: offset, take: limit });
    return { total, items: await buildIntegrationViews(this.ctx.dataSource.manager, this.ctx.config, rows) };
  }

  /** The same list by keyset cursor (GraphQL), in creation (= id) or name order. */
  async listByCursor(actor: Actor, filters: IntegrationFilters, request: CursorRequest, order: NamedOrder): Promise<Connection<IntegrationView>> {
    assertCan(actor, "integrations:read");
    const where = await this.listWhere(actor, filters);
    const query = this.ctx.dataSource.getRepository(Integration).createQueryBuilder("i").where(where);
    const ordering = order.field === "name"
      ? orderingOf<Integration>("i", order.descending, { property: "name", type: "string", of: (i) => i.name })
      : orderingOf<Integration>("i", order.descending);
    return mapConnection(await pageByCursor(query, ordering, request), (rows) => buildIntegrationViews(this.ctx.dataSource.manager, this.ctx.config, rows));
  }

  /** Integrations by internal id, deleted ones included (their alert groups stay); one query per related table. */
  async byIds(actor: Actor, ids: readonly number[]): Promise<Map<number, IntegrationView>> {
    assertCan(actor, "integrations:read");
    if (ids.length === 0) return new Map();
    const rows = await this.ctx.dataSource.getRepository(Integration).findBy({ organizationId: actor.organization.id, id: In(idsForIn(ids)) });
    const views = await buildIntegrationViews(this.ctx.dataSource.manager, this.ctx.config, rows);
    return new Map(rows.map((row, i) => [row.id, views[i]]));
  }

  async get(actor: Actor, publicId: string): Promise<IntegrationView> {
    assertCan(actor, "integrations:read");
    return this.view(this.ctx.dataSource.manager, await this.find(this.ctx.dataSource.manager, actor, publicId));
  }

  /**
   * `body`: the request's JSON (an IntegrationInput object; anything else is OnCall's 400).
   * `kept`: the ids and inbound token of an integration imported from OnCall (kept-ids.ts).
   */
  async create(actor: Actor, body: unknown, kept?: KeptIntegrationIds): Promise<IntegrationView> {
    assertCan(actor, "integrations:write");
    const input = integrationInput(body);
    const errors = new FieldErrors();
    if (input.type === undefined) errors.add("type", "This field is required.");
    const type = input.type === undefined ? null : parseIntegrationType(input.type);
    const { changes, templates } = await this.validate(actor, input, null, errors);
    return this.ctx.dataSource.transaction(async (em) => {
      // OnCall numbers the default name by every integration the organization ever had, deleted ones included.
      const everCreated = await em.getRepository(Integration).countBy({ organizationId: actor.organization.id });
      const integration = em.getRepository(Integration).create({
        publicId: await publicIdFor(em, Integration, "integration", kept?.publicId),
        organizationId: actor.organization.id,
        teamId: changes.teamId ?? null,
        name: changes.name ?? `${INTEGRATION_TYPE_TITLES[type!]} ${smileCode(everCreated)}`,
        descriptionShort: changes.descriptionShort ?? null,
        type: type!,
        token: await inboundTokenFor(em, kept?.token),
        templates,
        deletedAt: null,
      });
      await this.assertNameFree(em, actor, integration);
      await em.getRepository(Integration).save(integration);
      await em.getRepository(Route).insert({
        publicId: await publicIdFor(em, Route, "route", kept?.routePublicId),
        integrationId: integration.id,
        escalationChainId: changes.escalationChainId ?? null,
        isDefault: true,
      });
      return this.view(em, integration);
    });
  }

  /** PUT and PATCH alike: only the given keys change (domain-api.md §4 has no field required on PUT). */
  async update(actor: Actor, publicId: string, body: unknown): Promise<IntegrationView> {
    assertCan(actor, "integrations:write");
    const current = await this.find(this.ctx.dataSource.manager, actor, publicId);
    const input = integrationInput(body);
    const { changes, templates } = await this.validate(actor, input, current, new FieldErrors());
    return this.ctx.dataSource.transaction(async (em) => {
      const integration = await this.find(em, actor, publicId);
      integration.templates = templates;
      if (changes.name !== undefined) integration.name = changes.name;
      if (changes.descriptionShort !== undefined) integration.descriptionShort = changes.descriptionShort;
      if (changes.teamId !== undefined) integration.teamId = changes.teamId;
      await this.assertNameFree(em, actor, integration);
      await em.getRepository(Integration).save(integration);
      if (changes.escalationChainId !== undefined) {
        await em.getRepository(Route).update({ integrationId: integration.id, isDefault: true }, { escalationChainId: changes.escalationChainId });
      }
      return this.view(em, integration);
    });
  }

  /**
   * Field errors first (reported together), then the template and messaging checks (OnCall's `detail` 400s).
   * Done before the write transaction opens: compiling templates must not hold the database.
   */
  private async validate(actor: Actor, input: IntegrationInput, current: Integration | null, errors: FieldErrors) {
    const changes = await parseIntegrationFields(this.ctx.dataSource.manager, actor, input, errors);
    errors.throwIfAny();
    const base = completeTemplates(current?.templates ?? null);
    const templates = changes.templates ? await applyTemplatesInput(base, changes.templates, this.syntaxCheck) : base;
    rejectMessagingChannels(input.default_route);
    return { changes, templates };
  }

  /** Soft delete: the link answers 403 from now on, the token is never reused, alert groups stay listable. */
  async delete(actor: Actor, publicId: string): Promise<void> {
    assertCan(actor, "integrations:write");
    await this.ctx.dataSource.transaction(async (em) => {
      const integration = await this.find(em, actor, publicId);
      await em.getRepository(Integration).update(integration.id, { deletedAt: new Date() });
    });
  }

  /**
   * The inbound path's token → its live integration (deleted ones are as unknown as a wrong token). Every inbound
   * POST starts here: one prepared statement, no query builder; the entity is shared, read-only.
   */
  async findByToken(token: string): Promise<Integration | null> {
    const { rows } = await runStatement(this.ctx.dataSource, BY_TOKEN_SQL, { token });
    return rows.length ? this.integrationRows.hydrate(this.ctx.dataSource, token, rows[0]) : null;
  }

  /** The route an inbound alert takes (shared entity, read-only). */
  async defaultRoute(em: EntityManager, integrationId: number): Promise<Route> {
    const { rows } = await runStatement(em, DEFAULT_ROUTE_SQL, { integration: integrationId, yes: true });
    if (!rows.length) throw new Error(`integration ${integrationId} has no default route`);
    return this.routeRows.hydrate(em, integrationId, rows[0]);
  }

  private async find(em: EntityManager, actor: Actor, publicId: string): Promise<Integration> {
    const integration = await em.getRepository(Integration).findOneBy({
      organizationId: actor.organization.id,
      publicId,
      deletedAt: IsNull(),
    });
    if (!integration) throw new NotFoundError();
    return integration;
  }

  private async view(em: EntityManager, integration: Integration): Promise<IntegrationView> {
    const [view] = await buildIntegrationViews(em, this.ctx.config, [integration]);
    return view;
  }

  /** Templates are compiled on save, never run (domain-api.md §4). */
  private readonly syntaxCheck: SyntaxCheck = (source) => this.ctx.renderer.checkSyntax(source);

  /** No-team counts as a team: the name is unique among live integrations of the same team. */
  private async assertNameFree(em: EntityManager, actor: Actor, integration: Integration): Promise<void> {
    const clash = await em.getRepository(Integration).findOneBy({
      organizationId: actor.organization.id,
      name: integration.name,
      teamId: integration.teamId === null ? IsNull() : integration.teamId,
      deletedAt: IsNull(),
      ...(integration.id ? { id: Not(integration.id) } : {}),
    });
    if (clash) throw new DetailError(400, "An integration with this name already exists for this team");
  }

  private async listWhere(actor: Actor, filters: IntegrationFilters): Promise<FindOptionsWhere<Integration>> {
    const where: FindOptionsWhere<Integration> = { organizationId: actor.organization.id, deletedAt: IsNull() };
    if (filters.name !== undefined) where.name = filters.name;
    if (filters.teamId !== undefined) where.teamId = await this.teamFilter(actor, filters.teamId);
    return where;
  }

  private async teamFilter(actor: Actor, teamId: string) {
    if (teamId === "null") return IsNull();
    const team = await this.ctx.dataSource.getRepository(Team).findOneBy({ organizationId: actor.organization.id, publicId: teamId });
    if (!team) {
      throw new ValidationError({ team_id: ["Select a valid choice. That choice is not one of the available choices."] });
    }
    return team.id;
  }
}
