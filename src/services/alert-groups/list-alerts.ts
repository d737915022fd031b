import type { EntityManager, SelectQueryBuilder } from "typeorm";
import { Alert, AlertGroup } from "../../schema/entities";
import type { Actor } from "../actor";
import type { PageWindow } from "../integration.service";
import type { AlertView } from "./alert-group-view";
import { orderingOf } from "../paging/cursor";
import { mapConnection, pageByCursor, type Connection, type CursorRequest } from "../paging/cursor-page";

/** Query parameters of `GET /api/v1/alerts/` (domain-api.md §6). */
export interface AlertFilters {
  id?: string;
  alertGroupId?: string;
  /** Case-insensitive substring of the payload's JSON text. */
  search?: string;
}

/** Newest first, scoped to the actor's organization. */
export async function listAlerts(em: EntityManager, actor: Actor, filters: AlertFilters, window: PageWindow): Promise<{ total: number; items: AlertView[] }> {
  const qb = alertsQuery(em, actor, filters);
  const total = await qb.getCount();
  const { offset, limit } = window(total);
  const alerts = await qb.orderBy("a.createdAt", "DESC").addOrderBy("a.id", "DESC").skip(offset).take(limit).getMany();
  return { total, items: await alertViews(em, alerts) };
}

/** The same list by keyset cursor (GraphQL). */
export async function listAlertsByCursor(
  em: EntityManager, actor: Actor, filters: AlertFilters, request: CursorRequest, newestFirst: boolean,
): Promise<Connection<AlertView>> {
  const ordering = orderingOf<Alert>("a", newestFirst, { property: "createdAt", type: "date", of: (a) => a.createdAt });
  return mapConnection(await pageByCursor(alertsQuery(em, actor, filters), ordering, request), (alerts) => alertViews(em, alerts));
}

function alertsQuery(em: EntityManager, actor: Actor, filters: AlertFilters): SelectQueryBuilder<Alert> {
  const qb = em.getRepository(Alert).createQueryBuilder("a").where("a.organizationId = :org", { org: actor.organization.id });
  if (filters.id !== undefined) qb.andWhere("a.publicId = :id", { id: filters.id });
  if (filters.alertGroupId !== undefined) {
    qb.andWhere("a.alertGroupId IN (SELECT g.id FROM alert_group g WHERE g.public_id = :groupId)", { groupId: filters.alertGroupId });
  }
  if (filters.search) {
    // Payloads are stored as JSON text on both databases, so LIKE searches that text; \ escapes the wildcards.
    const pattern = `%${filters.search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    qb.andWhere("LOWER(a.payload) LIKE :pattern ESCAPE '\\'", { pattern });
  }
  return qb;
}

async function alertViews(em: EntityManager, alerts: Alert[]): Promise<AlertView[]> {
  const groupIds = [...new Set(alerts.map((a) => a.alertGroupId))];
  const groups = groupIds.length
    ? await em.getRepository(AlertGroup).createQueryBuilder("g").select(["g.id", "g.publicId"]).whereInIds(groupIds).getMany()
    : [];
  const publicIdOf = new Map(groups.map((g) => [g.id, g.publicId]));
  return alerts.map((alert) => ({ alert, alertGroupPublicId: publicIdOf.get(alert.alertGroupId) ?? "" }));
}
