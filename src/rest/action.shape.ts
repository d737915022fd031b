import type { WebhookField } from "../services/webhooks/fields";
import type { WebhookView } from "../services/webhooks/view";
import { inputFromBody } from "./webhook.shape";

/** `/api/v1/actions/` body keys (actions-api.md "Field mapping"); `preset` is not a field here. */
const ACTION_KEYS: Record<string, WebhookField> = {
  name: "name",
  is_webhook_enabled: "isWebhookEnabled",
  team_id: "team",
  user: "username",
  data: "data",
  password: "password",
  authorization_header: "authorizationHeader",
  trigger_template: "triggerTemplate",
  headers: "headers",
  url: "url",
  forward_whole_payload: "forwardAll",
  http_method: "httpMethod",
  trigger_type: "triggerType",
  integration_filter: "integrationFilter",
};

export const actionInputFromBody = (body: Record<string, unknown>) => inputFromBody(body, ACTION_KEYS);

/** The legacy custom-action object of the same webhook row, key order fixed. */
export function actionShape(w: WebhookView) {
  return {
    id: w.id,
    name: w.name,
    is_webhook_enabled: w.isWebhookEnabled,
    team_id: w.team,
    user: w.username,
    data: w.data,
    password: w.password,
    authorization_header: w.authorizationHeader,
    trigger_template: w.triggerTemplate,
    headers: w.headers,
    url: w.url,
    forward_whole_payload: w.forwardAll,
    http_method: w.httpMethod,
    trigger_type: w.triggerType,
    integration_filter: w.integrationFilter,
  };
}
