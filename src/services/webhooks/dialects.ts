import type { HttpMethod } from "../../schema/entities/webhook.entity";
import { Trigger, type TriggerId } from "../../schema/trigger-types";
import { WEBHOOK_FIELDS, type WebhookField } from "./fields";

/**
 * How one API surface names and defaults the same webhook fields. The rules are shared; only the
 * error keys, the fields required on create and two legacy quirks of `/api/v1/actions/` differ.
 */
export interface InputDialect {
  /** Key a field's errors are reported under on this surface. */
  errorKeys: Record<WebhookField, string>;
  requiredOnCreate: readonly WebhookField[];
  /** Create defaults for fields this surface makes optional. */
  createDefaults: { httpMethod?: HttpMethod; triggerType?: TriggerId };
  /** `/actions` answers `http_method: null` with the choice message instead of the null message. */
  nullHttpMethodIsChoiceError: boolean;
  /** Key of the list filter's `team_id` error. */
  teamFilterKey: string;
}

const identity = Object.fromEntries(WEBHOOK_FIELDS.map((f) => [f, f])) as Record<WebhookField, string>;
const snake = (f: string) => f.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** REST `/api/v1/webhooks/`. */
export const WEBHOOKS_DIALECT: InputDialect = {
  errorKeys: Object.fromEntries(WEBHOOK_FIELDS.map((f) => [f, snake(f)])) as Record<WebhookField, string>,
  requiredOnCreate: ["name", "url", "httpMethod", "triggerType"],
  createDefaults: {},
  nullHttpMethodIsChoiceError: false,
  teamFilterKey: "team_id",
};

/** REST `/api/v1/actions/` (actions-api.md): legacy names, POST + escalation by default. */
export const ACTIONS_DIALECT: InputDialect = {
  errorKeys: { ...WEBHOOKS_DIALECT.errorKeys, team: "team_id", username: "user", forwardAll: "forward_whole_payload" },
  requiredOnCreate: ["name", "url"],
  createDefaults: { httpMethod: "POST", triggerType: Trigger.escalation },
  nullHttpMethodIsChoiceError: true,
  teamFilterKey: "team_id",
};

/** GraphQL: the webhooks rules under its camelCase argument names (the team is `teamId` there). */
export const GRAPHQL_DIALECT: InputDialect = {
  ...WEBHOOKS_DIALECT,
  errorKeys: { ...identity, team: "teamId" },
  teamFilterKey: "teamId",
};
