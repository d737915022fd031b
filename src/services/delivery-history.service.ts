import { In, type SelectQueryBuilder } from "typeorm";
import { idsForIn, runStatement } from "../db/sql";
import { NotFoundError } from "../errors";
import { Delivery, Integration, WebhookResponse } from "../schema/entities";
import type { DeliveryStatus } from "../schema/entities/delivery.entity";
import { assertCan, type Actor } from "./actor";
import type { AppContext } from "../context";
import type { Services } from ".";
import { attemptViews, deliveryViews, type AttemptView, type DeliveryView } from "./deliveries/views";
import { orderingOf } from "./paging/cursor";
import { mapConnection, pageByCursor, type Connection, type CursorRequest } from "./paging/cursor-page";

/** Public ids as GraphQL sends them; every filter is optional. */
export interface DeliveryFilters {
  webhookId?: string;
  alertGroupId?: string;
  integrationId?: string;
  status?: DeliveryStatus;
  /** Created at or after. */
  createdAfter?: Date;
  /** Created strictly before. */
  createdBefore?: Date;
}

/** The same for attempts; the time range applies to the attempt's record timestamp. */
export interface AttemptFilters {
  webhookId?: string;
  alertGroupId?: string;
  deliveryId?: string;
  createdAfter?: Date;
  createdBefore?: Date;
}

/** An attempt (or a skip, `attempt: null`) the live feed heard of, by internal ids. */
export interface RecordedOutcomeKey {
  deliveryId: number;
  attempt: number | null;
}

/** What a live subscriber sees of it: the delivery as it is now, and the attempt's record. */
export interface RecordedOutcome {
  delivery: DeliveryView;
  attempt: AttemptView | null;
}

/** The delivery history of the organization: deliveries and attempts, paged by cursor, and their batch reads. */
export class DeliveryHistoryService {
  constructor(
    private readonly ctx: AppContext,
    private readonly services: Services,
  ) {}

  /** Every webhook's deliveries, or one webhook's, newest first by default. Attempts are loaded apart (`attemptsOf`). */
  async deliveries(actor: Actor, filters: DeliveryFilters, request: CursorRequest, newestFirst = true): Promise<Connection<DeliveryView>> {
    assertCan(actor, "outgoing-webhooks:read");
    const query = this.repo(Delivery).createQueryBuilder("d").where("d.organizationId = :org", { org: actor.organization.id });
    if (filters.webhookId !== undefined) query.andWhere("d.webhookId = :webhook", { webhook: await this.webhookRowId(actor, filters.webhookId) });
    if (filters.alertGroupId !== undefined) query.andWhere("d.alertGroupId = :group", { group: await this.groupRowId(actor, filters.alertGroupId) });
    if (filters.integrationId !== undefined) {
      query.andWhere(`d.alertGroupId IN (SELECT g.id FROM alert_group g WHERE g.integration_id = :integration)`, {
        integration: await this.integrationRowId(actor, filters.integrationId),
      });
    }
    if (filters.status !== undefined) query.andWhere("d.status = :status", { status: filters.status });
    inTimeRange(query, "d.createdAt", filters);
    const ordering = orderingOf<Delivery>("d", newestFirst, { property: "createdAt", type: "date", of: (d) => d.createdAt });
    return mapConnection(await pageByCursor(query, ordering, request), (rows) => deliveryViews(this.ctx.dataSource.manager, rows));
  }

  /** Attempt records of the organization, newest first by default. */
  async attempts(actor: Actor, filters: AttemptFilters, request: CursorRequest, newestFirst = true): Promise<Connection<AttemptView>> {
    assertCan(actor, "outgoing-webhooks:read");
    const query = this.repo(WebhookResponse).createQueryBuilder("r").where("r.organizationId = :org", { org: actor.organization.id });
    if (filters.webhookId !== undefined) query.andWhere("r.webhookId = :webhook", { webhook: await this.webhookRowId(actor, filters.webhookId) });
    if (filters.alertGroupId !== undefined) query.andWhere("r.alertGroupId = :group", { group: await this.groupRowId(actor, filters.alertGroupId) });
    if (filters.deliveryId !== undefined) {
      const delivery = await this.repo(Delivery).findOneBy({ organizationId: actor.organization.id, publicId: filters.deliveryId });
      if (!delivery) throw new NotFoundError();
      query.andWhere("r.deliveryId = :delivery", { delivery: delivery.id });
    }
    inTimeRange(query, "r.timestamp", filters);
    const ordering = orderingOf<WebhookResponse>("r", newestFirst, { property: "timestamp", type: "date", of: (r) => r.timestamp });
    return mapConnection(await pageByCursor(query, ordering, request), (rows) => attemptViews(this.ctx.dataSource.manager, rows));
  }

  /** The attempts of several deliveries (internal ids), oldest first each; one query for the records. */
  async attemptsOf(actor: Actor, deliveryIds: readonly number[]): Promise<Map<number, AttemptView[]>> {
    assertCan(actor, "outgoing-webhooks:read");
    if (deliveryIds.length === 0) return new Map();
    const records = await this.repo(WebhookResponse).find({
      where: { organizationId: actor.organization.id, deliveryId: In(idsForIn(deliveryIds)) },
      order: { attempt: "ASC", id: "ASC" },
    });
    const views = await attemptViews(this.ctx.dataSource.manager, records);
    const out = new Map<number, AttemptView[]>();
    records.forEach((r, i) => out.set(r.deliveryId!, [...(out.get(r.deliveryId!) ?? []), views[i]]));
    return out;
  }

  /** The latest attempt of each webhook (internal ids): one index step per webhook, in one statement. */
  async lastAttempts(actor: Actor, webhookIds: readonly number[]): Promise<Map<number, AttemptView>> {
    assertCan(actor, "outgoing-webhooks:read");
    if (webhookIds.length === 0) return new Map();
    const { rows } = await runStatement<{ last: number | null }>(
      this.ctx.dataSource,
      `SELECT (SELECT MAX(r.id) FROM webhook_response r WHERE r.webhook_id = w.id) AS last
       FROM webhook w WHERE w.organization_id = :org AND w.id IN (:...ids)`,
      { org: actor.organization.id, ids: [...new Set(webhookIds)] },
    );
    const lastIds = rows.map((r) => r.last).filter((id): id is number => id !== null).map(Number);
    const records = lastIds.length ? await this.repo(WebhookResponse).findBy({ id: In(idsForIn(lastIds)) }) : [];
    const views = await attemptViews(this.ctx.dataSource.manager, records);
    return new Map(records.map((r, i) => [r.webhookId!, views[i]]));
  }

  /** Deliveries by internal id; one query per related table. */
  async deliveriesByIds(actor: Actor, ids: readonly number[]): Promise<Map<number, DeliveryView>> {
    assertCan(actor, "outgoing-webhooks:read");
    if (ids.length === 0) return new Map();
    const rows = await this.repo(Delivery).findBy({ organizationId: actor.organization.id, id: In(idsForIn(ids)) });
    const views = await deliveryViews(this.ctx.dataSource.manager, rows);
    return new Map(rows.map((row, i) => [row.id, views[i]]));
  }

  /**
   * What a live subscription may watch: the organization's deliveries, or one webhook's (deleted ones too). Checked
   * as the `deliveries` query checks: same permission, and an unknown or foreign webhook id is NOT_FOUND.
   */
  async watchScope(actor: Actor, webhookId?: string | null): Promise<{ organizationId: number; webhookRowId: number | null }> {
    assertCan(actor, "outgoing-webhooks:read");
    const webhookRowId = webhookId == null ? null : await this.webhookRowId(actor, webhookId);
    return { organizationId: actor.organization.id, webhookRowId };
  }

  /**
   * The deliveries and records of outcomes the live feed heard of, one per key in the same order; only the
   * actor's organization. A fixed number of queries per call, whatever the number of keys. null where the
   * delivery or record is gone (retention, a deleted alert group) or belongs to another organization.
   */
  async recordedOutcomes(actor: Actor, keys: readonly RecordedOutcomeKey[]): Promise<(RecordedOutcome | null)[]> {
    const deliveryIds = [...new Set(keys.map((k) => k.deliveryId))];
    const deliveries = await this.deliveriesByIds(actor, deliveryIds);
    const attempted = new Set(keys.filter((k) => k.attempt !== null).map((k) => k.deliveryId));
    const withAttempt = deliveryIds.filter((id) => deliveries.has(id) && attempted.has(id));
    const records = withAttempt.length
      ? await this.repo(WebhookResponse).find({
          where: { organizationId: actor.organization.id, deliveryId: In(idsForIn(withAttempt)) },
          order: { id: "ASC" },
        })
      : [];
    const views = await attemptViews(this.ctx.dataSource.manager, records);
    // The latest record of each (delivery, attempt): a crash can leave an attempt number recorded twice.
    const byKey = new Map(records.map((r, i) => [`${r.deliveryId}:${r.attempt}`, views[i]]));
    return keys.map((key) => {
      const delivery = deliveries.get(key.deliveryId);
      const attempt = key.attempt === null ? null : byKey.get(`${key.deliveryId}:${key.attempt}`);
      return delivery && attempt !== undefined ? { delivery, attempt } : null;
    });
  }

  private async webhookRowId(actor: Actor, publicId: string): Promise<number> {
    return (await this.services.webhooks.findForActor(actor, publicId, { includeDeleted: true })).id;
  }

  private async groupRowId(actor: Actor, publicId: string): Promise<number> {
    return (await this.services.alertGroups.findForActor(actor, publicId)).id;
  }

  private async integrationRowId(actor: Actor, publicId: string): Promise<number> {
    const integration = await this.repo(Integration).findOneBy({ organizationId: actor.organization.id, publicId });
    if (!integration) throw new NotFoundError();
    return integration.id;
  }

  private repo<T extends object>(entity: new () => T) {
    return this.ctx.dataSource.getRepository(entity);
  }
}

function inTimeRange<T extends object>(query: SelectQueryBuilder<T>, column: string, range: { createdAfter?: Date; createdBefore?: Date }): void {
  if (range.createdAfter) query.andWhere(`${column} >= :createdAfter`, { createdAfter: range.createdAfter });
  if (range.createdBefore) query.andWhere(`${column} < :createdBefore`, { createdBefore: range.createdBefore });
}
