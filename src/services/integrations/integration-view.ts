import { In, type EntityManager } from "typeorm";
import type { Config } from "../../config";
import { EscalationChain, Integration, Route, Team } from "../../schema/entities";
import { completeTemplates, type IntegrationTemplates } from "./integration-templates";
import { hasHeartbeat } from "./integration-types";

/** An integration with everything its REST and GraphQL shapes show, public ids resolved. */
export interface IntegrationView {
  integration: Integration;
  route: Route;
  teamPublicId: string | null;
  escalationChainPublicId: string | null;
  link: string;
  heartbeatLink: string | null;
  templates: IntegrationTemplates;
}

export function inboundLink(config: Config, integration: Pick<Integration, "type" | "token">): string {
  return `${config.baseUrl}/integrations/v1/${integration.type}/${integration.token}/`;
}

/** Batch-loads routes, teams and chains for a page of integrations (one query each, not one per row). */
export async function buildIntegrationViews(em: EntityManager, config: Config, integrations: Integration[]): Promise<IntegrationView[]> {
  if (integrations.length === 0) return [];
  const routes = await em.getRepository(Route).find({
    where: { integrationId: In(integrations.map((i) => i.id)), isDefault: true },
  });
  const routeOf = new Map(routes.map((r) => [r.integrationId, r]));
  const teamIds = unique(integrations.map((i) => i.teamId));
  const chainIds = unique(routes.map((r) => r.escalationChainId));
  const teams = teamIds.length ? await em.getRepository(Team).find({ where: { id: In(teamIds) } }) : [];
  const chains = chainIds.length ? await em.getRepository(EscalationChain).find({ where: { id: In(chainIds) } }) : [];
  const teamPublic = new Map(teams.map((t) => [t.id, t.publicId]));
  const chainPublic = new Map(chains.map((c) => [c.id, c.publicId]));
  return integrations.map((integration) => {
    const route = routeOf.get(integration.id)!;
    const link = inboundLink(config, integration);
    return {
      integration,
      route,
      teamPublicId: integration.teamId === null ? null : (teamPublic.get(integration.teamId) ?? null),
      escalationChainPublicId: route.escalationChainId === null ? null : (chainPublic.get(route.escalationChainId) ?? null),
      link,
      heartbeatLink: hasHeartbeat(integration.type) ? `${link}heartbeat/` : null,
      templates: completeTemplates(integration.templates),
    };
  });
}

function unique(ids: (number | null)[]): number[] {
  return [...new Set(ids.filter((id): id is number => id !== null))];
}
