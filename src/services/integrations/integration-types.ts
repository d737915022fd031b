import { randomInt } from "node:crypto";
import { DetailError, ValidationError } from "../../errors";
import type { IntegrationType } from "../../schema/entities/integration.entity";

/** The five types outhook serves and their titles (domain-api.md §4: default names and messages). */
export const INTEGRATION_TYPE_TITLES: Record<IntegrationType, string> = {
  alertmanager: "Alertmanager",
  grafana_alerting: "Grafana Alerting",
  grafana: "Grafana Legacy Alerting",
  webhook: "Webhook",
  formatted_webhook: "Formatted webhook",
};

export function isIntegrationType(value: unknown): value is IntegrationType {
  return typeof value === "string" && Object.hasOwn(INTEGRATION_TYPE_TITLES, value);
}

/** `type` on create: required, one of the five; OnCall's own messages for its other types. */
export function parseIntegrationType(value: unknown): IntegrationType {
  if (value === undefined) throw new ValidationError({ type: ["This field is required."] });
  if (value === null) throw new ValidationError({ type: ["This field may not be null."] });
  if (isIntegrationType(value)) return value;
  if (value === "legacy_alertmanager" || value === "legacy_grafana_alerting") {
    throw new DetailError(400, "This integration type is deprecated");
  }
  if (value === "direct_paging") throw new DetailError(400, "Direct paging integrations can't be created");
  throw new DetailError(400, "Invalid integration type");
}

/** Only this type has no heartbeat link (domain-api.md §4). */
export function hasHeartbeat(type: IntegrationType): boolean {
  return type !== "grafana_alerting";
}

const SMILES = [":blush:", ":ghost:", ":apple:", ":heart:", ":sunglasses:", ":package:", ":balloon:", ":bell:", ":beer:", ":fire:"];

/** OnCall's smile code: the decimal digits of `n` (integrations the organization ever had), one emoji each. */
export function smileCode(n: number): string {
  return String(n).split("").map((digit) => SMILES[Number(digit)]).join("");
}

const TOKEN_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** The inbound link's path secret: 25 random [A-Za-z0-9] characters. */
export function newInboundToken(): string {
  let token = "";
  for (let i = 0; i < 25; i++) token += TOKEN_ALPHABET[randomInt(TOKEN_ALPHABET.length)];
  return token;
}
