// Loads, in a few batched queries, everything the payloads of a batch of deliveries need, from the CURRENT
// database state (delivery.md §3 step 2, §12: payloads are built when the attempt runs).
import { In, type EntityManager } from "typeorm";
import {
  Alert, AlertGroup, AlertGroupEvent, Integration, PersonalNotificationWebhook, Route, Team, User, Webhook,
} from "../schema/entities";
import { findByIds } from "../db/find-by-ids";
import { idChunks, idsForIn, runStatement } from "../db/sql";
import { pythonJsonDumps } from "../http/python-json";
import { JsonText } from "../json/json-text";
import { groupPeople } from "./group-people";
import { isoZ } from "../timestamps";
import type { GroupParts, UserRef } from "./event-data";


export interface LoadedRows {
  events: Map<number, AlertGroupEvent>;
  webhooks: Map<number, Webhook>;
  groups: Map<number, GroupParts>;
  users: Map<number, UserRef>;
  /** user id → private context of their personal-notification binding. */
  personalContexts: Map<number, Record<string, unknown> | null>;
}

const TYPE_TITLES: Record<string, string> = {
  alertmanager: "Alertmanager",
  grafana_alerting: "Grafana Alerting",
  grafana: "Grafana Legacy Alerting",
  webhook: "Webhook",
  formatted_webhook: "Formatted webhook",
};

/** OnCall shows a renamed integration as `<name> - <kind title>`; a default name (`<title> :smile:`) as is. */
export function integrationDisplayName(integration: Pick<Integration, "name" | "type" | "deletedAt">): string {
  const title = TYPE_TITLES[integration.type] ?? integration.type;
  const isDefault = integration.name === title || new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} :[a-z_]+:$`).test(integration.name);
  return (isDefault ? integration.name : `${integration.name} - ${title}`) + (integration.deletedAt ? " (Deleted)" : "");
}

export function userRef(user: Pick<User, "publicId" | "username" | "email">): UserRef {
  return { id: user.publicId, username: user.username, email: user.email };
}

/** A recorded response content: JSON as exact text (numbers and key order as received), anything else a string. */
function parseContent(content: string | null): unknown {
  if (content === null || content === "") return null;
  const json = pythonJsonDumps(content);
  return json === null ? content : new JsonText(json);
}

/** First and last alert of each group: the only two alerts a payload shows (count comes from the group row). */
async function edgeAlerts(em: EntityManager, groupIds: number[]): Promise<Map<number, { first: Alert; last: Alert }>> {
  const edges: { g: number; lo: number; hi: number }[] = [];
  for (const ids of idChunks(groupIds)) {
    const { rows } = await runStatement<{ g: number; lo: number; hi: number }>(
      em,
      "SELECT alert_group_id AS g, MIN(id) AS lo, MAX(id) AS hi FROM alert WHERE alert_group_id IN (:...ids) GROUP BY alert_group_id",
      { ids },
    );
    edges.push(...rows);
  }
  const alerts = await findByIds(em, Alert, edges.flatMap((e) => [Number(e.lo), Number(e.hi)]));
  const out = new Map<number, { first: Alert; last: Alert }>();
  for (const e of edges) {
    const first = alerts.get(Number(e.lo));
    const last = alerts.get(Number(e.hi));
    if (first && last) out.set(Number(e.g), { first, last });
  }
  return out;
}

/**
 * Latest response record of every webhook on each group (delivery.md §4 `responses`), deleted webhooks included,
 * with the webhook's public id joined in (loading each webhook would grow with webhooks² in a fan-out).
 */
async function latestResponses(em: EntityManager, groupIds: number[]): Promise<Map<number, [number, string, unknown][]>> {
  const out = new Map<number, [number, string, unknown][]>();
  for (const ids of idChunks(groupIds)) {
    const { rows } = await runStatement<{ g: number; w: number; p: string; content: string | null }>(
      em,
      `SELECT r.alert_group_id AS g, r.webhook_id AS w, w.public_id AS p, r.content AS content FROM webhook_response r
       JOIN webhook w ON w.id = r.webhook_id
       WHERE r.id IN (SELECT MAX(id) FROM webhook_response WHERE alert_group_id IN (:...ids) AND webhook_id IS NOT NULL
                      GROUP BY alert_group_id, webhook_id)
       ORDER BY r.id`,
      { ids },
    );
    for (const r of rows) {
      const list = out.get(Number(r.g)) ?? [];
      list.push([Number(r.w), r.p, parseContent(r.content)]);
      out.set(Number(r.g), list);
    }
  }
  return out;
}

/**
 * Everything for the given (event, webhook, group) triples. Missing rows are simply absent from the maps (the
 * caller treats a missing webhook or group as "gone").
 */
export async function loadPayloadRows(
  em: EntityManager,
  baseUrl: string,
  items: { eventId: number | null; webhookId: number | null; alertGroupId: number }[],
): Promise<LoadedRows> {
  const [events, webhooks, groupRows] = await Promise.all([
    findByIds(em, AlertGroupEvent, items.map((i) => i.eventId)),
    findByIds(em, Webhook, items.map((i) => i.webhookId)),
    findByIds(em, AlertGroup, items.map((i) => i.alertGroupId)),
  ]);
  const groupIds = [...groupRows.keys()];
  const integrations = await findByIds(em, Integration, [...groupRows.values()].map((g) => g.integrationId));
  const [teams, routes, alerts, responses] = await Promise.all([
    findByIds(em, Team, [...integrations.values()].map((i) => i.teamId)),
    findByIds(em, Route, [...groupRows.values()].map((g) => g.routeId)),
    edgeAlerts(em, groupIds),
    latestResponses(em, groupIds),
  ]);
  const people = await groupPeople(em, [...groupRows.values()]);

  const userIds = new Set<number>();
  for (const e of events.values()) if (e.userId !== null) userIds.add(e.userId);
  for (const g of groupRows.values()) {
    if (g.acknowledgedById !== null) userIds.add(g.acknowledgedById);
    if (g.resolvedById !== null) userIds.add(g.resolvedById);
  }
  const userRows = await findByIds(em, User, userIds);
  for (const p of people.values()) for (const u of [...p.toBeNotified, ...p.notified]) userRows.set(u.id, u);
  const users = new Map([...userRows].map(([id, u]) => [id, userRef(u)]));

  const personalUserIds = [...events.values()].filter((e) => e.type === 9 && e.userId !== null).map((e) => e.userId!);
  const personalContexts = new Map<number, Record<string, unknown> | null>();
  if (personalUserIds.length) {
    const bindings = await em.getRepository(PersonalNotificationWebhook).find({ where: { userId: In(idsForIn(personalUserIds)) as never } });
    for (const b of bindings) personalContexts.set(b.userId, b.context);
  }

  const groups = new Map<number, GroupParts>();
  for (const group of groupRows.values()) {
    const integration = integrations.get(group.integrationId);
    const team = integration?.teamId ? teams.get(integration.teamId) : undefined;
    const edge = alerts.get(group.id);
    const route = group.routeId !== null ? routes.get(group.routeId) : undefined;
    const groupResponses = responses.get(group.id) ?? [];
    const ppl = people.get(group.id)!;
    groups.set(group.id, {
      group,
      integrationPublicId: integration?.publicId ?? "",
      alertGroup: {
        id: group.publicId,
        integration_id: integration?.publicId ?? null,
        team_id: team?.publicId ?? null,
        route_id: route?.publicId ?? null,
        alerts_count: group.alertsCount,
        state: group.resolvedAt ? "resolved" : group.acknowledgedAt ? "acknowledged" : group.silencedAt ? "silenced" : "firing",
        created_at: isoZ(group.createdAt),
        resolved_at: isoZ(group.resolvedAt),
        resolved_by: group.resolvedById !== null ? (users.get(group.resolvedById)?.id ?? null) : null,
        acknowledged_at: isoZ(group.acknowledgedAt),
        acknowledged_by: group.acknowledgedById !== null ? (users.get(group.acknowledgedById)?.id ?? null) : null,
        labels: {},
        title: group.title,
        permalinks: { slack: null, slack_app: null, telegram: null, web: `${baseUrl}/alert-groups/${group.publicId}` },
        silenced_at: isoZ(group.silencedAt),
        last_alert: edge
          ? { id: edge.last.publicId, alert_group_id: group.publicId, created_at: isoZ(edge.last.createdAt), payload: edge.last.payload }
          : null,
      },
      alertPayload: edge ? edge.first.payload : "",
      integration: {
        id: integration?.publicId ?? null,
        type: integration?.type ?? null,
        name: integration ? integrationDisplayName(integration) : null,
        team: team?.name ?? null,
        labels: {},
      },
      notifiedUsers: ppl.notified.map((u) => users.get(u.id)!),
      usersToBeNotified: ppl.toBeNotified.map((u) => users.get(u.id)!),
      acknowledgedBy: group.acknowledgedById !== null ? (users.get(group.acknowledgedById) ?? null) : null,
      resolvedBy: group.resolvedById !== null ? (users.get(group.resolvedById) ?? null) : null,
      responses: groupResponses,
      allResponses: Object.fromEntries(groupResponses.map(([, publicId, value]) => [publicId, value])),
    });
  }
  return { events, webhooks, groups, users, personalContexts };
}
