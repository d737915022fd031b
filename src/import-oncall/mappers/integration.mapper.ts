import { Integration } from "../../schema/entities";
import { integrationShape } from "../../rest/integration.shape";
import { CHANNEL_TEMPLATE_ATTRS, completeTemplates, FLAT_TEMPLATE_KEYS } from "../../services/integrations/integration-templates";
import { INTEGRATION_TYPE_TITLES, isIntegrationType } from "../../services/integrations/integration-types";
import { isPlainObject } from "../../services/python-types";
import { EVERYTHING, type KindMapper, reference, text } from "../mapper";
import type { OnCallObject } from "../oncall-client";

const SERVED_TYPES = Object.keys(INTEGRATION_TYPE_TITLES).join(", ");

/**
 * Integrations (domain-api.md §4) keep their id, their default route's id and the token of their inbound link,
 * so `/integrations/v1/{type}/{token}/` keeps working with only the host changed.
 */
export const integrationMapper: KindMapper = {
  kind: "integration",
  entity: Integration,

  async load({ services, actor }) {
    const { items } = await services.integrations.list(actor, {}, EVERYTHING);
    return items.map((view) => ({
      ...integrationShape(view),
      escalation_chain_id: view.escalationChainPublicId,
      token: view.integration.token,
      route_id: view.route.publicId,
    }));
  },

  label: (source) => String(source.name ?? ""),

  unsupported(source) {
    const type = source.type;
    if (type === "legacy_alertmanager" || type === "legacy_grafana_alerting") {
      return `OnCall's deprecated type ${type}: migrate it to ${String(type).slice("legacy_".length)} in OnCall, then run the import again`;
    }
    if (!isIntegrationType(type)) return `type ${String(type)}: outhook receives ${SERVED_TYPES}`;
    if (inboundToken(source) === null) return "no inbound link to keep";
    return null;
  },

  fixed: (source) => ({ type: source.type, token: inboundToken(source), route_id: defaultRoute(source).id }),

  // No-team counts as a team: names are unique per team.
  uniqueKey: (fields) => `${fields.team_id ?? ""}/${fields.name}`,

  desired(source, ctx) {
    const notes: string[] = [];
    const templates = isPlainObject(source.templates) ? source.templates : null;
    const dropped = droppedTemplates(templates);
    if (dropped.length > 0) notes.push(`templates outhook does not keep: ${dropped.join(", ")}`);
    if (source.maintenance_mode) notes.push(`OnCall has it in maintenance mode (${String(source.maintenance_mode)}); outhook has none: alerts are processed`);
    return {
      fields: {
        name: text(source.name),
        description_short: text(source.description_short),
        team_id: reference(ctx, "team", source.team_id, notes, "team"),
        escalation_chain_id: reference(ctx, "escalation_chain", defaultRoute(source).escalation_chain_id, notes, "escalation chain"),
        templates: completeTemplates(templates),
      },
      notes,
    };
  },

  async create({ services, actor }, source, { fields }) {
    const kept = { publicId: source.id, routePublicId: String(defaultRoute(source).id), token: inboundToken(source)! };
    await services.integrations.create(actor, { type: source.type, ...integrationInput(fields) }, kept);
  },

  async update({ services, actor }, source, { fields }) {
    await services.integrations.update(actor, source.id, integrationInput(fields));
  },
};

function integrationInput(fields: Record<string, unknown>) {
  const { escalation_chain_id, ...rest } = fields;
  return { ...rest, default_route: { escalation_chain_id } };
}

function defaultRoute(source: OnCallObject): { id?: unknown; escalation_chain_id?: unknown } {
  return isPlainObject(source.default_route) ? source.default_route : {};
}

/** The `{token}` of `…/integrations/v1/{type}/{token}/`, or null. */
export function inboundToken(source: OnCallObject): string | null {
  if (typeof source.link !== "string") return null;
  try {
    const match = /\/integrations\/v1\/[^/]+\/([^/]+)\/?$/.exec(new URL(source.link).pathname);
    return match ? decodeURIComponent(match[1]) : null;
  } catch {
    return null;
  }
}

/** Template overrides OnCall has and outhook does not keep (channels such as Microsoft Teams), as `key.attr`. */
function droppedTemplates(templates: Record<string, unknown> | null): string[] {
  const dropped: string[] = [];
  for (const [key, value] of Object.entries(templates ?? {})) {
    if ((FLAT_TEMPLATE_KEYS as readonly string[]).includes(key)) continue;
    if (typeof value === "string") dropped.push(key);
    if (!isPlainObject(value)) continue;
    const kept: readonly string[] = CHANNEL_TEMPLATE_ATTRS[key as keyof typeof CHANNEL_TEMPLATE_ATTRS] ?? [];
    for (const [attr, source] of Object.entries(value)) if (typeof source === "string" && !kept.includes(attr)) dropped.push(`${key}.${attr}`);
  }
  return dropped;
}
