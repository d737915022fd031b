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
