import { In, IsNull, type FindOptionsWhere, type SelectQueryBuilder } from "typeorm";
import { dbNowSql, dialectOf, isUniqueViolation, type DialectKind } from "../db/dialect";
import { idsForIn, runStatement } from "../db/sql";
import { requeueSkippedWhilePaused } from "./deliveries/requeue";
import { generateSigningSecret } from "../attempts/signing";
import { skipPendingDeliveries } from "../events/skip-deliveries";
import { NotFoundError, ValidationError } from "../errors";
import { Webhook, WebhookResponse } from "../schema/entities";
import { STATUS_TRIGGERS, Trigger } from "../schema/trigger-types";
import { assertCan, type Actor } from "./actor";
import { type KeptWebhookIds, publicIdFor } from "./kept-ids";
import type { AppContext } from "../context";
import type { Services } from ".";
import { orderingOf, type NamedOrder } from "./paging/cursor";
import { mapConnection, pageByCursor, type Connection, type CursorRequest } from "./paging/cursor-page";
import { WEBHOOKS_DIALECT, type InputDialect } from "./webhooks/dialects";
import { EDITABLE_PRESET, MESSAGES, type WebhookInput, type WriteMode } from "./webhooks/fields";
import { organizationLookups, teamPublicIds } from "./webhooks/lookups";
import { readWebhookInput, type WebhookChanges } from "./webhooks/read-input";
import { responseViews, toWebhookView, windowFor, type PageWindow, type Paged, type WebhookResponseView, type WebhookView } from "./webhooks/view";

/** The client's fields, or a function reading them: REST reads the body only after the permission and 404 checks. */
export type InputSource = WebhookInput | (() => WebhookInput);

export interface WebhookFilters {
  /** Exact, case-sensitive name. */
  name?: string;
  /** Team public id; `"null"` = webhooks without a team. */
  teamId?: string;
  /** `/webhooks` hides webhooks of connected integrations, `/actions` shows them. */
  includeConnectedIntegrations?: boolean;
}

/** Outgoing webhooks (webhooks-api.md, actions-api.md): shared by REST `/webhooks`, `/actions` and GraphQL. */
export class WebhookService {
  constructor(
    private readonly ctx: AppContext,
    private readonly services: Services,
  ) {}

  /** A webhook of the caller's organization, or 404. No permission check: callers check their own. */
  async findForActor(actor: Actor, publicId: string, options: { includeDeleted?: boolean } = {}): Promise<Webhook> {
    const where: FindOptionsWhere<Webhook> = { organizationId: actor.organization.id, publicId };
    if (!options.includeDeleted) where.deletedAt = IsNull();
    const webhook = typeof publicId === "string" ? await this.repo().findOneBy(where) : null;
    if (!webhook) throw new NotFoundError();
    return webhook;
  }

  async get(actor: Actor, publicId: string): Promise<WebhookView> {
    assertCan(actor, "outgoing-webhooks:read");
    return this.view(await this.findForActor(actor, publicId));
  }

  /** Non-deleted webhooks of the organization in creation order. */
  async list(actor: Actor, filters: WebhookFilters, page: PageWindow, dialect: InputDialect = WEBHOOKS_DIALECT): Promise<Paged<WebhookView>> {
    assertCan(actor, "outgoing-webhooks:read");
    const query = await this.listQuery(actor, filters, dialect);
    const total = await query.getCount();
    const { offset, limit } = windowFor(page, total);
    const rows = await query.orderBy("w.id", "ASC").skip(offset).take(limit).getMany();
    return { total, items: await this.views(rows) };
  }

  /** The same list by keyset cursor (GraphQL), in creation or name order. */
  async listByCursor(actor: Actor, filters: WebhookFilters, request: CursorRequest, order: NamedOrder, dialect: InputDialect): Promise<Connection<WebhookView>> {
    assertCan(actor, "outgoing-webhooks:read");
    const query = await this.listQuery(actor, filters, dialect);
    const ordering = order.field === "name"
      ? orderingOf<Webhook>("w", order.descending, { property: "name", type: "string", of: (w) => w.name })
      : orderingOf<Webhook>("w", order.descending);
    return mapConnection(await pageByCursor(query, ordering, request), (rows) => this.views(rows));
  }

  /** Webhooks by internal id, deleted ones included (a delivery's webhook stays readable); one query. */
  async byIds(actor: Actor, ids: readonly number[]): Promise<Map<number, WebhookView>> {
    assertCan(actor, "outgoing-webhooks:read");
    if (ids.length === 0) return new Map();
    const rows = await this.repo().findBy({ organizationId: actor.organization.id, id: In(idsForIn(ids)) });
    const views = await this.views(rows);
    return new Map(rows.map((row, i) => [row.id, views[i]]));
  }

  /** `kept`: the id and UI preset of a webhook imported from OnCall (kept-ids.ts). */
  async create(actor: Actor, input: InputSource, dialect: InputDialect = WEBHOOKS_DIALECT, kept?: KeptWebhookIds): Promise<WebhookView> {
    assertCan(actor, "outgoing-webhooks:write");
    const changes = await this.read(actor, input, "create", dialect, null);
    await this.assertNameFree(actor, changes.name!, null);
    const webhook = this.repo().create({
      ...changes,
      publicId: await publicIdFor(this.ctx.dataSource.manager, Webhook, "webhook", kept?.publicId),
      organizationId: actor.organization.id,
      ownerUserId: kept ? null : actor.user.id, // OnCall's API does not reveal an imported webhook's owner
      preset: kept?.preset ?? null,
      isLegacy: false,
      isFromConnectedIntegration: false,
      signingSecret: null,
      deletedAt: null,
    });
    return this.view(await this.save(webhook));
  }

  /**
   * PUT: absent team and integration_filter are reset, other absent fields kept (OnCall). `imported`: OnCall's
   * version of an imported webhook; its preset's owner (OnCall's UI) changed it, so the preset lock lets it in.
   */
  replace(actor: Actor, publicId: string, input: InputSource, dialect: InputDialect = WEBHOOKS_DIALECT, imported?: KeptWebhookIds): Promise<WebhookView> {
    return this.update(actor, publicId, input, "replace", dialect, imported);
  }

  /** PATCH: every absent field is unchanged, integration_filter included (ruling). */
  patch(actor: Actor, publicId: string, input: InputSource, dialect: InputDialect = WEBHOOKS_DIALECT): Promise<WebhookView> {
    return this.update(actor, publicId, input, "patch", dialect);
  }

  /** Soft delete; the rename frees the name for a new webhook. Past records stay, waiting deliveries end. */
  async delete(actor: Actor, publicId: string): Promise<void> {
    assertCan(actor, "outgoing-webhooks:write");
    const webhook = await this.findForActor(actor, publicId);
    const prefix = [...webhook.name].slice(0, 78).join("");
    await this.ctx.dataSource.transaction(async (em) => {
      await em.getRepository(Webhook).update({ id: webhook.id }, { name: `${prefix}_deleted_${webhook.publicId}`, deletedAt: new Date() });
      await skipPendingDeliveries(em, webhook.id);
    });
  }

  /**
   * Delivery records of the webhook under its current trigger type, newest first; a `status change`
   * webhook also lists the records of the six status triggers it fired on (ruling).
   */
  async responses(actor: Actor, publicId: string, page: PageWindow): Promise<Paged<WebhookResponseView>> {
    const query = await this.responsesQuery(actor, publicId);
    const total = await query.getCount();
    const { offset, limit } = windowFor(page, total);
    const rows = await query.orderBy("r.timestamp", "DESC").addOrderBy("r.id", "DESC").skip(offset).take(limit).getMany();
    return { total, items: await responseViews(this.ctx.dataSource.manager, rows) };
  }

  /** The same records by keyset cursor (GraphQL), newest first; each is one attempt. */
  async responsesByCursor(actor: Actor, publicId: string, request: CursorRequest): Promise<Connection<WebhookResponseView>> {
    const query = await this.responsesQuery(actor, publicId);
    const ordering = orderingOf<WebhookResponse>("r", true, { property: "timestamp", type: "date", of: (r) => r.timestamp });
    return mapConnection(await pageByCursor(query, ordering, request), (rows) => responseViews(this.ctx.dataSource.manager, rows));
  }

  /** Stores a new Standard Webhooks secret and returns it; it is never shown again. */
  async rotateSigningSecret(actor: Actor, publicId: string): Promise<string> {
    assertCan(actor, "outgoing-webhooks:write");
    const webhook = await this.findForActor(actor, publicId);
    const secret = generateSigningSecret();
    await this.repo().update({ id: webhook.id }, { signingSecret: secret });
    return secret;
  }

  /**
   * Resumes a paused webhook: its deliveries are attempted again, and its failures before now no longer count
   * toward a pause. `redeliverSkipped`: the deliveries skipped because of this pause are queued again (the
   * redeliver rule, same webhook-id), in the transaction that resumes; one the engine read as paused before this
   * commit and settles after it is handed back to pending rather than skipped (delivery/outbox/settle.ts).
   */
  async resume(actor: Actor, publicId: string, options: { redeliverSkipped?: boolean } = {}): Promise<WebhookView> {
    assertCan(actor, "outgoing-webhooks:write");
    const webhook = await this.findForActor(actor, publicId);
    const pausedAt = webhook.pausedAt;
    if (!pausedAt) return this.view(webhook);
    const kind = dialectOf(this.ctx.dataSource);
    const { resumed, redelivered } = await this.ctx.dataSource.transaction(async (em) => {
      const { affected } = await runStatement(em, RESUME_SQL[kind], { id: webhook.id });
      const redelivered = affected && options.redeliverSkipped ? await requeueSkippedWhilePaused(em, webhook.id, pausedAt) : 0;
      return { resumed: affected > 0, redelivered };
    });
    if (resumed) {
      this.ctx.log.info("webhook resumed", { webhook: webhook.publicId, redelivered });
      if (redelivered) this.ctx.wakeDelivery();
    }
    return this.view(await this.findForActor(actor, publicId));
  }

  async removeSigningSecret(actor: Actor, publicId: string): Promise<WebhookView> {
    assertCan(actor, "outgoing-webhooks:write");
    const webhook = await this.findForActor(actor, publicId);
    webhook.signingSecret = null;
    await this.repo().update({ id: webhook.id }, { signingSecret: null });
    return this.view(webhook);
  }

  private async update(
    actor: Actor, publicId: string, input: InputSource, mode: WriteMode, dialect: InputDialect, imported?: KeptWebhookIds,
  ): Promise<WebhookView> {
    assertCan(actor, "outgoing-webhooks:write");
    const webhook = await this.findForActor(actor, publicId);
    const changes = await this.read(actor, input, mode, dialect, webhook);
    if (changes.name !== undefined) await this.assertNameFree(actor, changes.name, webhook.id);
    // Checked only once every field passed, as OnCall's serializer does.
    const fromPresetOwner = imported?.publicId === webhook.publicId && imported.preset === webhook.preset;
    if (webhook.preset && webhook.preset !== EDITABLE_PRESET && !fromPresetOwner) throw nonFieldError(MESSAGES.preset);
    return this.view(await this.save(Object.assign(webhook, changes)));
  }

  private read(actor: Actor, input: InputSource, mode: WriteMode, dialect: InputDialect, current: Webhook | null): Promise<WebhookChanges> {
    const lookups = organizationLookups(this.ctx.dataSource, actor.organization.id, this.ctx.renderer);
    return readWebhookInput(typeof input === "function" ? input() : input, { mode, dialect, current, lookups });
  }

  /** Mirrors the unique (organization, name) index, which deletion keeps free by renaming. */
  private async assertNameFree(actor: Actor, name: string, selfId: number | null): Promise<void> {
    const clash = await this.repo().findOne({ select: { id: true }, where: { organizationId: actor.organization.id, name } });
    if (clash && clash.id !== selfId) throw nonFieldError(MESSAGES.nameTaken);
  }

  /** A concurrent save with the same name loses at the unique index: the same 400 as the check above. */
  private async save(webhook: Webhook): Promise<Webhook> {
    try {
      return await this.repo().save(webhook);
    } catch (error) {
      if (isUniqueViolation(error)) throw nonFieldError(MESSAGES.nameTaken);
      throw error;
    }
  }

  private async responsesQuery(actor: Actor, publicId: string): Promise<SelectQueryBuilder<WebhookResponse>> {
    assertCan(actor, "outgoing-webhooks:read");
    const webhook = await this.findForActor(actor, publicId);
    const triggers = webhook.triggerType === Trigger.statusChange ? [Trigger.statusChange, ...STATUS_TRIGGERS] : [webhook.triggerType];
    return this.ctx.dataSource.getRepository(WebhookResponse).createQueryBuilder("r")
      .where("r.organizationId = :org AND r.webhookId = :webhook", { org: actor.organization.id, webhook: webhook.id })
      .andWhere("r.triggerType IN (:...triggers)", { triggers });
  }

  private async listQuery(actor: Actor, filters: WebhookFilters, dialect: InputDialect): Promise<SelectQueryBuilder<Webhook>> {
    const query = this.repo().createQueryBuilder("w")
      .where("w.organizationId = :org AND w.deletedAt IS NULL", { org: actor.organization.id });
    if (!filters.includeConnectedIntegrations) query.andWhere("w.isFromConnectedIntegration = :connected", { connected: false });
    if (filters.name !== undefined) query.andWhere("w.name = :name", { name: filters.name });
    if (filters.teamId === "null") query.andWhere("w.teamId IS NULL");
    else if (filters.teamId) query.andWhere("w.teamId = :team", { team: await this.teamFilter(actor, filters.teamId, dialect) });
    return query;
  }

  private async teamFilter(actor: Actor, teamPublicId: string, dialect: InputDialect): Promise<number> {
    const lookups = organizationLookups(this.ctx.dataSource, actor.organization.id, this.ctx.renderer);
    const teamId = await lookups.teamId(teamPublicId);
    if (teamId === null) throw new ValidationError({ [dialect.teamFilterKey]: [MESSAGES.teamFilter] });
    return teamId;
  }

  private async view(webhook: Webhook): Promise<WebhookView> {
    return (await this.views([webhook]))[0];
  }

  private async views(webhooks: Webhook[]): Promise<WebhookView[]> {
    const teams = await teamPublicIds(this.ctx.dataSource, webhooks.map((w) => w.teamId));
    return webhooks.map((w) => toWebhookView(w, w.teamId === null ? null : (teams.get(w.teamId) ?? null)));
  }

  private repo() {
    return this.ctx.dataSource.getRepository(Webhook);
  }
}

// Raw: the pause columns are left out of entity saves (webhook.entity.ts). resumed_at by the database's clock,
// as the engine's finished_at, since the pause rule compares the two.
const resumeSql = (kind: DialectKind) =>
  `UPDATE webhook SET paused_at = NULL, pause_reason = NULL, resumed_at = ${dbNowSql(kind)} WHERE id = :id AND paused_at IS NOT NULL`;
const RESUME_SQL = { sqlite: resumeSql("sqlite"), postgres: resumeSql("postgres") };

const nonFieldError = (message: string) => new ValidationError({ non_field_errors: [message] });
