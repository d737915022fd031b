import type { HttpMethod } from "../../schema/entities/webhook.entity";
import { TRIGGER_NAMES } from "../../schema/trigger-types";

/**
 * The writable fields of a webhook, in OnCall's serializer order: field errors are reported in this
 * order, as DRF does (`POST {}` lists name, url, http_method, trigger_type).
 */
export const WEBHOOK_FIELDS = [
  "name",
  "isWebhookEnabled",
  "team",
  "data",
  "username",
  "password",
  "authorizationHeader",
  "triggerTemplate",
  "headers",
  "url",
  "forwardAll",
  "httpMethod",
  "triggerType",
  "integrationFilter",
  "preset",
] as const;

export type WebhookField = (typeof WEBHOOK_FIELDS)[number];

/** Raw, unvalidated values as a client sent them; an absent (or undefined) key means "not sent". */
export type WebhookInput = Partial<Record<WebhookField, unknown>>;

/** create: POST; replace: PUT (absent team/integration_filter reset); patch: absent fields unchanged. */
export type WriteMode = "create" | "replace" | "patch";

/** Shown instead of a stored secret; sent back on update it keeps the secret (webhooks-api.md "Secrets"). */
export const SECRET_PLACEHOLDER = "****************";

export const HTTP_METHODS: readonly HttpMethod[] = ["GET", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"];

/** The only preset that may be edited through the API. */
export const EDITABLE_PRESET = "advanced_webhook";

/** Python's list repr, as OnCall's messages print lists: `['GET', 'POST']`. */
export const pythonList = (items: readonly string[]) => `[${items.map((i) => `'${i}'`).join(", ")}]`;

export const MESSAGES = {
  required: "This field is required.",
  notNull: "This field may not be null.",
  notBlank: "This field may not be blank.",
  notString: "Not a valid string.",
  notBoolean: "Must be a valid boolean.",
  maxLength: (n: number) => `Ensure this field has no more than ${n} characters.`,
  httpMethod: `Must be one of ${pythonList(HTTP_METHODS)}`,
  // OnCall's text, "be" missing included.
  triggerType: `trigger_type must one of ${pythonList(TRIGGER_NAMES)}`,
  teamMissing: "Object does not exist",
  teamInvalid: "Invalid values",
  notAList: (pythonType: string) => `Expected a list of items but got type "${pythonType}".`,
  integrationMissing: "Integration does not exist",
  integrationInvalid: "Invalid integration",
  preset: "Preset webhooks must be modified through web UI",
  nameTaken: "The fields name, organization must make a unique set.",
  placeholderOnCreate: `"${SECRET_PLACEHOLDER}" only keeps an existing secret; send the secret itself.`,
  teamFilter: "Select a valid choice. That choice is not one of the available choices.",
} as const;
