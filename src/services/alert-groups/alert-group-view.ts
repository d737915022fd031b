import { In, type EntityManager } from "typeorm";
import type { Config } from "../../config";
import { Alert, AlertGroup, Integration, Route, Team, User } from "../../schema/entities";
import { stateOf, type AlertGroupState } from "./alert-group-state";

export interface AlertView {
  alert: Alert;
  alertGroupPublicId: string;
}

/** An alert group with everything its REST, GraphQL and event-data shapes show, public ids resolved. */
export interface AlertGroupView {
  group: AlertGroup;
  state: AlertGroupState;
  integrationPublicId: string;
  /** The integration's team. */
  teamPublicId: string | null;
  routePublicId: string | null;
  acknowledgedByPublicId: string | null;
  resolvedByPublicId: string | null;
  lastAlert: AlertView | null;
  /** `<BASE_URL>/alert-groups/<id>` (outhook has no UI of its own). */
  webLink: string;
}

/** Batch-loads what a page of groups refers to: one query per related table, never one per row. */
export async function buildAlertGroupViews(em: EntityManager, config: Config, groups: AlertGroup[]): Promise<AlertGroupView[]> {
  if (groups.length === 0) return [];
  const integrations = await byId(em, Integration, groups.map((g) => g.integrationId));
  const routes = await byId(em, Route, groups.map((g) => g.routeId));
  const users = await byId(em, User, groups.flatMap((g) => [g.acknowledgedById, g.resolvedById]));
  const teams = await byId(em, Team, [...integrations.values()].map((i) => i.teamId));
  const lastAlerts = await newestAlerts(em, groups.map((g) => g.id));
  return groups.map((group) => {
    const integration = integrations.get(group.integrationId);
    const teamId = integration?.teamId ?? null;
    const last = lastAlerts.get(group.id);
    return {
      group,
      state: stateOf(group),
      integrationPublicId: integration?.publicId ?? "",
      teamPublicId: teamId === null ? null : (teams.get(teamId)?.publicId ?? null),
      routePublicId: group.routeId === null ? null : (routes.get(group.routeId)?.publicId ?? null),
      acknowledgedByPublicId: group.acknowledgedById === null ? null : (users.get(group.acknowledgedById)?.publicId ?? null),
      resolvedByPublicId: group.resolvedById === null ? null : (users.get(group.resolvedById)?.publicId ?? null),
      lastAlert: last ? { alert: last, alertGroupPublicId: group.publicId } : null,
      webLink: `${config.baseUrl}/alert-groups/${group.publicId}`,
    };
  });
}

/** The newest alert (highest id) of each group. */
async function newestAlerts(em: EntityManager, groupIds: number[]): Promise<Map<number, Alert>> {
  const newest = em
    .getRepository(Alert)
    .createQueryBuilder("a2")
    .select("MAX(a2.id)")
    .where("a2.alertGroupId IN (:...groupIds)")
    .groupBy("a2.alertGroupId");
  const alerts = await em
    .getRepository(Alert)
    .createQueryBuilder("a")
    .where(`a.id IN (${newest.getQuery()})`)
    .setParameters({ groupIds })
    .getMany();
  return new Map(alerts.map((a) => [a.alertGroupId, a]));
}

async function byId<T extends { id: number }>(em: EntityManager, entity: new () => T, ids: (number | null)[]): Promise<Map<number, T>> {
  const wanted = [...new Set(ids.filter((id): id is number => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await em.getRepository(entity).find({ where: { id: In(wanted) } as never });
  return new Map(rows.map((row) => [row.id, row]));
}
