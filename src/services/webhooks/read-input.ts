import { pythonTypeName } from "../python-types";
import { DetailError, FieldErrors } from "../../errors";
import type { HttpMethod, Webhook } from "../../schema/entities/webhook.entity";
import { triggerId } from "../../schema/trigger-types";
import { parseBoolean, parseString, pythonFalsy, type Parsed, type StringRules } from "./coerce";
import type { InputDialect } from "./dialects";
import { HTTP_METHODS, MESSAGES, SECRET_PLACEHOLDER, WEBHOOK_FIELDS, type WebhookField, type WebhookInput, type WriteMode } from "./fields";

/** Validated column values to write; a missing key leaves the stored value. */
export type WebhookChanges = Partial<
  Pick<
    Webhook,
    | "name" | "isWebhookEnabled" | "teamId" | "data" | "username" | "password" | "authorizationHeader"
    | "triggerTemplate" | "headers" | "url" | "forwardAll" | "httpMethod" | "triggerType" | "integrationFilter"
  >
>;

/** Look-ups against the caller's organization, and the template check, supplied by the service. */
export interface InputLookups {
  /** Internal id of the organization's team with this public id, or null. */
  teamId(publicId: string): Promise<number | null>;
  /** Which of these integration ids are not (non-deleted) integrations of the organization. */
  missingIntegrations(publicIds: string[]): Promise<Set<string>>;
  /** `Template Error: …` when the template cannot be saved, else null. */
  templateError(source: string): Promise<string | null>;
}

export interface ReadOptions {
  mode: WriteMode;
  dialect: InputDialect;
  /** The stored row (replace/patch). */
  current: Webhook | null;
  lookups: InputLookups;
}

const TEMPLATE: StringRules = { allowNull: true, blankAs: null };
const REQUIRED_TEXT: StringRules = { allowNull: false };
const SECRET_LIMITS = { username: 100, password: 1000, authorizationHeader: 2000 } as const;

const sent = (input: WebhookInput, field: WebhookField) => input[field] !== undefined;

/**
 * Turns a client's fields into column values, reporting every field error in one 400 (DRF style).
 * An unknown trigger type replaces all other errors with OnCall's `detail` body.
 * Cross-row rules (name uniqueness, stored preset) are the service's, after this passed.
 */
export async function readWebhookInput(input: WebhookInput, options: ReadOptions): Promise<WebhookChanges> {
  assertKnownTriggerType(input.triggerType);
  const { mode, dialect, lookups } = options;
  const errors = new FieldErrors();
  const changes: WebhookChanges = {};
  const report = (field: WebhookField, message: string) => errors.add(dialect.errorKeys[field], message);
  const read = <T>(field: WebhookField, parsed: Parsed<T>): T | undefined => {
    if (parsed.ok) return parsed.value;
    report(field, parsed.error);
    return undefined;
  };

  for (const field of WEBHOOK_FIELDS) {
    if (!sent(input, field)) {
      if (mode === "create" && dialect.requiredOnCreate.includes(field)) report(field, MESSAGES.required);
      continue;
    }
    const raw = input[field];
    switch (field) {
      case "name": {
        const value = read(field, parseString(raw, { allowNull: false, maxLength: 100 }));
        if (value != null) changes.name = value;
        break;
      }
      case "url": {
        const value = read(field, parseString(raw, REQUIRED_TEXT));
        if (value != null && (await checkTemplate(field, value))) changes.url = value;
        break;
      }
      case "data":
      case "headers":
      case "triggerTemplate": {
        const parsed = parseString(raw, TEMPLATE);
        const value = read(field, parsed);
        if (parsed.ok && (value === null || (await checkTemplate(field, value!)))) changes[field] = value;
        break;
      }
      case "isWebhookEnabled": {
        const parsed = parseBoolean(raw, mode === "create");
        if (parsed.ok) changes.isWebhookEnabled = parsed.value;
        else report(field, parsed.error);
        break;
      }
      case "forwardAll": {
        const value = read(field, parseBoolean(raw, false));
        if (value != null) changes.forwardAll = value;
        break;
      }
      case "httpMethod": {
        if (raw === null && dialect.nullHttpMethodIsChoiceError) {
          report(field, MESSAGES.httpMethod);
          break;
        }
        const value = read(field, parseString(raw, REQUIRED_TEXT));
        if (value == null) break;
        if ((HTTP_METHODS as readonly string[]).includes(value)) changes.httpMethod = value as HttpMethod;
        else report(field, MESSAGES.httpMethod);
        break;
      }
      case "triggerType": {
        const value = read(field, parseString(raw, REQUIRED_TEXT));
        if (value != null) changes.triggerType = triggerId(value)!; // known: assertKnownTriggerType
        break;
      }
      case "username":
      case "password":
      case "authorizationHeader": {
        const parsed = parseString(raw, { allowNull: true, blankAs: "", maxLength: SECRET_LIMITS[field] });
        if (!parsed.ok) {
          report(field, parsed.error);
        } else if (field !== "username" && parsed.value === SECRET_PLACEHOLDER) {
          // The placeholder keeps the stored secret; there is none to keep on create.
          if (mode === "create") report(field, MESSAGES.placeholderOnCreate);
        } else {
          changes[field] = parsed.value;
        }
        break;
      }
      case "team": {
        const teamId = await readTeam(raw, lookups);
        if (typeof teamId === "string") report(field, teamId);
        else changes.teamId = teamId;
        break;
      }
      case "integrationFilter": {
        const filter = await readIntegrationFilter(raw, lookups);
        if ("errors" in filter) filter.errors.forEach((m) => report(field, m));
        else changes.integrationFilter = filter.ids;
        break;
      }
      case "preset": {
        if (!presetUnchanged(raw, options.current)) report(field, MESSAGES.preset);
        break;
      }
    }
  }
  errors.throwIfAny();
  return { ...omittedValues(input, options), ...changes };

  async function checkTemplate(field: WebhookField, source: string): Promise<boolean> {
    const error = await lookups.templateError(source);
    if (error) report(field, error);
    return !error;
  }
}

/** Checked before anything else: OnCall raises it as a request-level error that hides field errors. */
function assertKnownTriggerType(raw: unknown): void {
  if (raw === undefined || raw === null) return;
  if (typeof raw === "string" && (raw.trim() === "" || triggerId(raw.trim()) !== undefined)) return;
  throw new DetailError(400, MESSAGES.triggerType);
}

/** Values for fields the client did not send: create defaults, and what PUT resets. */
function omittedValues(input: WebhookInput, { mode, dialect }: ReadOptions): WebhookChanges {
  if (mode === "patch") return {};
  const reset: WebhookChanges = { teamId: null, integrationFilter: null };
  if (mode === "replace") return reset;
  return {
    ...reset,
    isWebhookEnabled: true,
    forwardAll: true,
    data: null,
    headers: null,
    triggerTemplate: null,
    username: null,
    password: null,
    authorizationHeader: null,
    ...(dialect.createDefaults.httpMethod && !sent(input, "httpMethod") ? { httpMethod: dialect.createDefaults.httpMethod } : {}),
    ...(dialect.createDefaults.triggerType !== undefined && !sent(input, "triggerType")
      ? { triggerType: dialect.createDefaults.triggerType }
      : {}),
  };
}

/** `null`, `""` and `"null"` mean no team; otherwise a team of the organization. Returns the error text on failure. */
async function readTeam(raw: unknown, lookups: InputLookups): Promise<number | null | string> {
  if (raw === null) return null;
  if (typeof raw === "number") raw = String(raw);
  if (typeof raw !== "string") return MESSAGES.teamInvalid;
  const publicId = raw.trim();
  if (publicId === "" || publicId === "null") return null;
  return (await lookups.teamId(publicId)) ?? MESSAGES.teamMissing;
}

/** Any falsy value clears the filter; otherwise a list of integration ids of the organization. */
async function readIntegrationFilter(raw: unknown, lookups: InputLookups): Promise<{ ids: string[] | null } | { errors: string[] }> {
  if (pythonFalsy(raw)) return { ids: null };
  if (!Array.isArray(raw)) return { errors: [MESSAGES.notAList(pythonTypeName(raw))] };
  const errors = new Set<string>();
  const ids = [...new Set(raw.filter((item): item is string => typeof item === "string"))];
  if (raw.some((item) => typeof item !== "string")) errors.add(MESSAGES.integrationInvalid);
  if (ids.length > 0 && (await lookups.missingIntegrations(ids)).size > 0) errors.add(MESSAGES.integrationMissing);
  return errors.size > 0 ? { errors: [...errors] } : { ids };
}

/** Ruling: `""`, `null` or the stored value mean "no change" (the Terraform provider always sends `""`). */
function presetUnchanged(raw: unknown, current: Webhook | null): boolean {
  if (raw === null) return true;
  if (typeof raw !== "string") return false;
  const value = raw.trim();
  return value === "" || (current !== null && current.preset !== null && value === current.preset);
}
