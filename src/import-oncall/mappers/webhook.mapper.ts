import { Webhook } from "../../schema/entities";
import { webhookShape } from "../../rest/webhook.shape";
import { SECRET_PLACEHOLDER, type WebhookInput } from "../../services/webhooks/fields";
import { EVERYTHING, type KindMapper, type MapContext, reference, references, type Shape, text } from "../mapper";
import type { OnCallObject } from "../oncall-client";

const SECRETS = ["password", "authorization_header"] as const;

/**
 * Outgoing webhooks (webhooks-api.md): every field, the integration filter and the UI preset. OnCall shows a
 * stored secret only as `****************`: such a webhook comes without it and stays disabled until the
 * operator enters the secret; the placeholder is never stored as if it were one.
 */
export const webhookMapper: KindMapper = {
  kind: "webhook",
  entity: Webhook,

  async load({ services, actor }) {
    const { items } = await services.webhooks.list(actor, {}, EVERYTHING);
    return items.map((view) => ({ ...webhookShape(view), is_webhook_enabled: view.isWebhookEnabled ?? true }));
  },

  label: (source) => String(source.name ?? ""),

  // The preset cannot be set through the API, so an id with another preset is another webhook.
  fixed: (source) => ({ preset: source.preset ?? null }),

  unordered: ["integration_filter"],

  uniqueKey: (fields) => String(fields.name),

  desired(source, ctx) {
    const notes: string[] = [];
    const filter = integrationFilter(source, ctx, notes);
    const fields: Shape = {
      name: text(source.name),
      is_webhook_enabled: source.is_webhook_enabled ?? true, // null counts as enabled (one enabled rule)
      team: reference(ctx, "team", source.team, notes, "team"),
      data: text(source.data) || null,
      username: text(source.username),
      password: secret(source, "password", ctx),
      authorization_header: secret(source, "authorization_header", ctx),
      trigger_template: text(source.trigger_template) || null,
      headers: text(source.headers) || null,
      url: text(source.url),
      forward_all: source.forward_all ?? true,
      http_method: source.http_method,
      trigger_type: source.trigger_type,
      integration_filter: filter.ids,
    };
    const missing = SECRETS.filter((field) => source[field] === SECRET_PLACEHOLDER && fields[field] === null);
    if (missing.length > 0 || filter.emptied) {
      // Never enabled by the import while it lacks what made it safe; what the operator chose since is kept.
      const heldBack = fields.is_webhook_enabled === true && !(ctx.current?.is_webhook_enabled ?? false);
      if (fields.is_webhook_enabled) fields.is_webhook_enabled = ctx.current ? ctx.current.is_webhook_enabled : false;
      notes.push(holdBackNote(source.id, missing, heldBack));
    }
    return { fields, notes };
  },

  async create({ services, actor }, source, { fields }) {
    await services.webhooks.create(actor, webhookInput(fields), undefined, kept(source));
  },

  // PUT semantics: every field is sent; the placeholder keeps a secret entered in outhook. A preset webhook
  // takes OnCall's version, which is read-only to outhook's API.
  async update({ services, actor }, source, { fields }) {
    await services.webhooks.replace(actor, source.id, webhookInput(fields), undefined, kept(source));
  },
};

/**
 * A masked secret becomes the placeholder when outhook holds one (entered after an earlier run: it compares
 * equal, and an update with it keeps the secret), otherwise nothing.
 */
function secret(source: OnCallObject, field: (typeof SECRETS)[number], ctx: MapContext): string | null {
  const value = source[field];
  if (value !== SECRET_PLACEHOLDER) return typeof value === "string" ? value : null;
  return ctx.current?.[field] === SECRET_PLACEHOLDER ? SECRET_PLACEHOLDER : null;
}

/** What is missing, and the request that completes the webhook (and enables it when the import held it back). */
function holdBackNote(id: string, missingSecrets: readonly string[], heldBack: boolean): string {
  const enable = heldBack ? ', "is_webhook_enabled": true' : "";
  if (missingSecrets.length === 0) {
    return `none of its filtered integrations was imported (an empty filter would match every integration)${heldBack ? ": disabled; check it, then enable it" : ""}`;
  }
  const fields = missingSecrets.map((f) => `"${f}"`).join(", ");
  return `OnCall masks its ${missingSecrets.join(" and ")}: imported without${heldBack ? ", disabled" : ""}; PATCH /api/v1/webhooks/${id}/ with ${fields}${enable}`;
}

/** Filter ids that were not imported are left out; `emptied` when none is left of a non-empty filter. */
function integrationFilter(source: OnCallObject, ctx: MapContext, notes: string[]): { ids: string[] | null; emptied: boolean } {
  const wanted = Array.isArray(source.integration_filter) ? source.integration_filter : [];
  const kept = references(ctx, "integration", wanted, notes, "filtered integration");
  return { ids: kept.length > 0 ? kept : null, emptied: wanted.length > 0 && kept.length === 0 };
}

const kept = (source: OnCallObject) => ({ publicId: source.id, preset: typeof source.preset === "string" ? source.preset : null });

function webhookInput(fields: Shape): WebhookInput {
  return {
    name: fields.name,
    isWebhookEnabled: fields.is_webhook_enabled,
    team: fields.team,
    data: fields.data,
    username: fields.username,
    password: fields.password,
    authorizationHeader: fields.authorization_header,
    triggerTemplate: fields.trigger_template,
    headers: fields.headers,
    url: fields.url,
    forwardAll: fields.forward_all,
    httpMethod: fields.http_method,
    triggerType: fields.trigger_type,
    integrationFilter: fields.integration_filter,
  };
}
