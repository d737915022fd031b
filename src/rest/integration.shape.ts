import type { IntegrationView } from "../services/integration.service";

/** IntegrationView → OnCall's integration JSON (domain-api.md §4), keys in OnCall's order. */
export function integrationShape(view: IntegrationView) {
  const { integration, route } = view;
  return {
    id: integration.publicId,
    name: integration.name,
    description_short: integration.descriptionShort,
    team_id: view.teamPublicId,
    link: view.link,
    inbound_email: null,
    type: integration.type,
    default_route: {
      id: route.publicId,
      escalation_chain_id: view.escalationChainPublicId,
      slack: { channel_id: null, enabled: true },
      telegram: { id: null, enabled: false },
    },
    templates: view.templates,
    heartbeat: view.heartbeatLink === null ? null : { link: view.heartbeatLink },
    maintenance_mode: null,
    maintenance_started_at: null,
    maintenance_end_at: null,
  };
}
