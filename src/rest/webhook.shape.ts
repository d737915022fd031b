import { isoZ } from "../timestamps";
import type { WebhookField, WebhookInput } from "../services/webhooks/fields";
import type { WebhookResponseView, WebhookView } from "../services/webhooks/view";

/** `/api/v1/webhooks/` body keys → webhook fields. Anything else in a body is ignored (`id` included). */
const WEBHOOK_KEYS: Record<string, WebhookField> = {
  name: "name",
  is_webhook_enabled: "isWebhookEnabled",
  team: "team",
  data: "data",
  username: "username",
  password: "password",
  authorization_header: "authorizationHeader",
  trigger_template: "triggerTemplate",
  headers: "headers",
  url: "url",
  forward_all: "forwardAll",
  http_method: "httpMethod",
  trigger_type: "triggerType",
  integration_filter: "integrationFilter",
  preset: "preset",
};

/** Picks the keys a surface knows from a JSON body; a key that is present (even `null`) counts as sent. */
export function inputFromBody(body: Record<string, unknown>, keys: Record<string, WebhookField>): WebhookInput {
  const input: WebhookInput = {};
  for (const [key, field] of Object.entries(keys)) if (Object.hasOwn(body, key)) input[field] = body[key];
  return input;
}

export const webhookInputFromBody = (body: Record<string, unknown>) => inputFromBody(body, WEBHOOK_KEYS);

/** OnCall's webhook object; clients compare whole objects, so the key order is fixed. */
export function webhookShape(w: WebhookView) {
  return {
    id: w.id,
    name: w.name,
    is_webhook_enabled: w.isWebhookEnabled,
    team: w.team,
    data: w.data,
    username: w.username,
    password: w.password,
    authorization_header: w.authorizationHeader,
    trigger_template: w.triggerTemplate,
    headers: w.headers,
    url: w.url,
    forward_all: w.forwardAll,
    http_method: w.httpMethod,
    trigger_type: w.triggerType,
    integration_filter: w.integrationFilter,
    preset: w.preset,
  };
}

/** One `/responses` item: stored text as is, timestamp as DRF prints it. */
export function webhookResponseShape(r: WebhookResponseView) {
  return {
    timestamp: isoZ(r.timestamp)!,
    url: r.url,
    request_trigger: r.requestTrigger,
    request_headers: r.requestHeaders,
    request_data: r.requestData,
    status_code: r.statusCode,
    content: r.content,
    event_data: r.eventData,
  };
}
