import { OnCallError, type OnCallClient, type OnCallObject } from "./oncall-client";
import type { Progress } from "./progress";

/** Everything read from OnCall, once, before anything is written. */
export interface SourceSnapshot {
  /** OnCall's organization id (`O…`), when the source tells it. */
  organizationId: string | null;
  teams: OnCallObject[];
  users: OnCallObject[];
  chains: OnCallObject[];
  integrations: OnCallObject[];
  webhooks: OnCallObject[];
  policies: OnCallObject[];
  /** Objects outhook has no place for, by resource (schedules, routes, …): reported, never dropped silently. */
  unsupported: Record<UnsupportedResource, OnCallObject[]>;
  /** How many alert groups and personal notification rules OnCall holds (history and rules stay there). */
  counts: { alertGroups: number | null; personalNotificationRules: number | null };
  /** Endpoints that could not be read (a token without that permission): named in the report. */
  unreadable: string[];
}

export type UnsupportedResource = "schedules" | "on_call_shifts" | "user_groups" | "routes" | "connected_webhooks";

const IMPORTED = ["teams", "users", "escalation_chains", "integrations", "webhooks", "escalation_policies"] as const;
const OPTIONAL = ["schedules", "on_call_shifts", "user_groups", "routes", "actions"] as const;
const COUNTED = ["alert_groups", "personal_notification_rules"] as const;

/** Reads what the import needs, then what outhook cannot hold; the objects it imports must all be readable. */
export async function readSource(client: OnCallClient, progress: Progress): Promise<SourceSnapshot> {
  progress.start(1 + IMPORTED.length + OPTIONAL.length + COUNTED.length, "reading OnCall");
  const unreadable: string[] = [];
  const organizationId = await readOrganizationId(client);
  progress.tick();

  const lists: Record<string, OnCallObject[]> = {};
  for (const resource of IMPORTED) {
    lists[resource] = await client.list(resource);
    progress.tick();
  }
  const optional: Record<string, OnCallObject[]> = {};
  for (const resource of OPTIONAL) {
    optional[resource] = await optionalList(client, resource, unreadable);
    progress.tick();
  }
  const counts: Record<string, number | null> = {};
  for (const resource of COUNTED) {
    counts[resource] = await optionalCount(client, resource, unreadable);
    progress.tick();
  }

  const defaultRoutes = new Set(lists.integrations.map((i) => (i.default_route as { id?: unknown } | null)?.id));
  const listedWebhooks = new Set(lists.webhooks.map((w) => w.id));
  return {
    organizationId,
    teams: lists.teams,
    users: lists.users,
    chains: lists.escalation_chains,
    integrations: lists.integrations,
    webhooks: lists.webhooks,
    policies: lists.escalation_policies,
    unsupported: {
      schedules: optional.schedules,
      on_call_shifts: optional.on_call_shifts,
      user_groups: optional.user_groups,
      // OnCall lists every route; an integration's default route is imported with it.
      routes: optional.routes.filter((route) => !defaultRoutes.has(route.id)),
      // `/actions` also shows webhooks of connected integrations, which `/webhooks` hides (actions-api.md).
      connected_webhooks: optional.actions.filter((action) => !listedWebhooks.has(action.id)),
    },
    counts: { alertGroups: counts.alert_groups, personalNotificationRules: counts.personal_notification_rules },
    unreadable,
  };
}

/** `GET /api/v1/organizations/{anything}/` answers the token's organization (domain-api.md §11). */
async function readOrganizationId(client: OnCallClient): Promise<string | null> {
  try {
    const body = (await client.get("organizations/current/")) as { id?: unknown } | null;
    return typeof body?.id === "string" ? body.id : null;
  } catch (error) {
    if (error instanceof OnCallError) return null; // the id is only kept when known; nothing else needs it
    throw error;
  }
}

async function optionalList(client: OnCallClient, resource: string, unreadable: string[]): Promise<OnCallObject[]> {
  try {
    return (await client.listOptional(resource)) ?? [];
  } catch (error) {
    if (!(error instanceof OnCallError)) throw error;
    unreadable.push(error.message);
    return [];
  }
}

async function optionalCount(client: OnCallClient, resource: string, unreadable: string[]): Promise<number | null> {
  try {
    return await client.count(resource);
  } catch (error) {
    if (!(error instanceof OnCallError)) throw error;
    unreadable.push(error.message);
    return null;
  }
}
