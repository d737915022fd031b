import { pythonTypeName } from "../python-types";
import { type EntityManager, In, IsNull } from "typeorm";
import { DetailError, FieldErrors } from "../../errors";
import { EscalationChain, Team, User, Webhook } from "../../schema/entities";
import type { EscalationStepType } from "../../schema/entities/escalation-policy.entity";
import { parseBoolean, parseInteger, parseNumber, parseUtcTime } from "./field-parsers";
import { IMPORTANT_TYPES, REFUSED_STEP_TYPES, TYPE_FIELDS, isStepType } from "./step-types";

/** A validated policy create/update request, in internal ids. Absent keys mean "not given". */
export interface PolicyDraft {
  escalationChainId?: number;
  type?: EscalationStepType;
  /** -1 = the end. */
  position?: number;
  /** Terraform's undocumented flag: swap with the occupant instead of moving. */
  manualOrder?: boolean;
  important?: boolean;
  duration?: number | null;
  personsToNotify?: number[];
  personsToNotifyNextEachTime?: number[];
  teamToNotifyId?: number | null;
  actionToTriggerId?: number | null;
  notifyIfTimeFrom?: string | null;
  notifyIfTimeTo?: string | null;
  numAlertsInWindow?: number | null;
  numMinutesInWindow?: number | null;
}

/** Django's PositiveIntegerField bound, and PostgreSQL's integer (2^31 - 1). */
const MAX_INTEGER = 2147483647;
const MIN_DURATION_S = 60;
const MAX_DURATION_S = 86400;

/**
 * OnCall's policy serializer, in the spec's order: `{"detail"}` errors are raised alone and first, field errors
 * are collected and reported together. Type fields are read only for the effective type (create: the given type;
 * update: the new type, else the current one); fields of other types are ignored.
 */
export async function parsePolicyInput(
  em: EntityManager,
  organizationId: number,
  raw: Record<string, unknown>,
  current: { type: EscalationStepType } | null,
): Promise<PolicyDraft> {
  const has = (key: string) => Object.prototype.hasOwnProperty.call(raw, key) && raw[key] !== undefined;
  const errors = new FieldErrors();
  const draft: PolicyDraft = {};

  if (has("type") && raw.type !== null) {
    if (typeof raw.type === "string" && raw.type in REFUSED_STEP_TYPES) throw new DetailError(400, REFUSED_STEP_TYPES[raw.type]);
    if (!isStepType(raw.type)) throw new DetailError(400, "Invalid escalation step type");
    draft.type = raw.type;
  } else if (has("type")) {
    errors.add("type", "This field may not be null.");
  } else if (!current) {
    errors.add("type", "This field is required.");
  }

  if (has("position")) {
    const position = raw.position === null ? null : parseInteger(raw.position);
    if (position === null) errors.add("position", "This field may not be null.");
    else if (!position.ok) errors.add("position", position.message);
    else if (position.value < -1 || position.value > MAX_INTEGER) throw new DetailError(400, "Invalid value for position field");
    else draft.position = position.value;
  }
  if (has("manual_order")) {
    const manual = parseBoolean(raw.manual_order);
    if (manual.ok) draft.manualOrder = manual.value;
    else errors.add("manual_order", manual.message);
  }

  if (!current) {
    if (!has("escalation_chain_id")) errors.add("escalation_chain_id", "This field is required.");
    else if (raw.escalation_chain_id === null) errors.add("escalation_chain_id", "This field may not be null.");
    else {
      const chain = typeof raw.escalation_chain_id === "string"
        ? await em.getRepository(EscalationChain).findOneBy({ organizationId, publicId: raw.escalation_chain_id })
        : null;
      if (chain) draft.escalationChainId = chain.id;
      else errors.add("escalation_chain_id", "Object does not exist");
    }
  }

  const type = draft.type ?? current?.type;
  if (type) await parseTypeFields(em, organizationId, raw, type, draft, errors);
  errors.throwIfAny();
  return draft;
}

async function parseTypeFields(
  em: EntityManager, organizationId: number, raw: Record<string, unknown>, type: EscalationStepType,
  draft: PolicyDraft, errors: FieldErrors,
): Promise<void> {
  const fields = new Set(TYPE_FIELDS[type]);
  const given = (key: string) => fields.has(key) && raw[key] !== undefined && Object.prototype.hasOwnProperty.call(raw, key);

  if (IMPORTANT_TYPES.has(type) && raw.important !== undefined && Object.prototype.hasOwnProperty.call(raw, "important")) {
    const important = raw.important === null ? null : parseBoolean(raw.important);
    if (important === null) errors.add("important", "This field may not be null.");
    else if (important.ok) draft.important = important.value;
    else errors.add("important", important.message);
  }
  if (given("duration")) {
    const duration = parseDuration(raw.duration);
    if (typeof duration === "string") errors.add("duration", duration);
    else draft.duration = duration;
  }
  for (const [key, prop] of [["persons_to_notify", "personsToNotify"], ["persons_to_notify_next_each_time", "personsToNotifyNextEachTime"]] as const) {
    if (!given(key)) continue;
    const value = raw[key] ?? [];
    if (!Array.isArray(value)) errors.add(key, `Expected a list of items but got type "${pythonTypeName(value)}".`);
    else draft[prop] = await knownUserIds(em, organizationId, value);
  }
  if (given("team_to_notify")) {
    const id = raw.team_to_notify;
    const team = typeof id === "string" ? await em.getRepository(Team).findOneBy({ organizationId, publicId: id }) : null;
    if (id === null) draft.teamToNotifyId = null;
    else if (team) draft.teamToNotifyId = team.id;
    else errors.add("team_to_notify", "Object does not exist");
  }
  if (given("action_to_trigger")) {
    const id = raw.action_to_trigger;
    const webhook = typeof id === "string"
      ? await em.getRepository(Webhook).findOneBy({ organizationId, publicId: id, deletedAt: IsNull() })
      : null;
    if (id === null) draft.actionToTriggerId = null;
    else if (webhook) draft.actionToTriggerId = webhook.id;
    else errors.add("action_to_trigger", "Object does not exist");
  }
  // Schedules and Slack user groups are out of scope: no id can exist.
  for (const key of ["notify_on_call_from_schedule", "group_to_notify"]) {
    if (given(key) && raw[key] !== null) errors.add(key, "Object does not exist");
  }
  for (const [key, prop] of [["notify_if_time_from", "notifyIfTimeFrom"], ["notify_if_time_to", "notifyIfTimeTo"]] as const) {
    if (!given(key)) continue;
    const time = raw[key] === null ? null : parseUtcTime(raw[key]);
    if (time === null) draft[prop] = null;
    else if (time.ok) draft[prop] = time.value;
    else errors.add(key, time.message);
  }
  for (const [key, prop] of [["num_alerts_in_window", "numAlertsInWindow"], ["num_minutes_in_window", "numMinutesInWindow"]] as const) {
    if (!given(key)) continue;
    const count = raw[key] === null ? null : parseInteger(raw[key]);
    if (count === null) draft[prop] = null;
    else if (!count.ok) errors.add(key, count.message);
    else if (count.value < 0) errors.add(key, "Ensure this value is greater than or equal to 0.");
    else if (count.value > MAX_INTEGER) errors.add(key, `Ensure this value is less than or equal to ${MAX_INTEGER}.`);
    else draft[prop] = count.value;
  }
}

/** Seconds, 60 … 86400 inclusive, fractions truncated; the messages are DRF's DurationField bounds. */
function parseDuration(value: unknown): number | null | string {
  if (value === null) return null;
  const seconds = parseNumber(value);
  if (!seconds.ok) return seconds.message;
  if (seconds.value < MIN_DURATION_S) return "Ensure this value is greater than or equal to 0:01:00.";
  if (seconds.value > MAX_DURATION_S) return "Ensure this value is less than or equal to 1 day, 0:00:00.";
  return Math.trunc(seconds.value);
}

/** Unknown (or foreign) user ids are silently dropped; order kept, duplicates removed. */
async function knownUserIds(em: EntityManager, organizationId: number, ids: unknown[]): Promise<number[]> {
  const wanted = [...new Set(ids.filter((id): id is string => typeof id === "string"))];
  if (wanted.length === 0) return [];
  const users = await em.getRepository(User).find({ select: { id: true, publicId: true }, where: { organizationId, publicId: In(wanted) } });
  const byPublicId = new Map(users.map((u) => [u.publicId, u.id]));
  return wanted.flatMap((id) => (byPublicId.has(id) ? [byPublicId.get(id)!] : []));
}
