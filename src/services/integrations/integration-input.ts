import type { EntityManager } from "typeorm";
import { DetailError, ValidationError, type FieldErrors } from "../../errors";
import { EscalationChain, Team } from "../../schema/entities";
import type { Actor } from "../actor";
import { expectedDictionary, isPlainObject, pythonTypeName } from "../python-types";

/** A create/update body with OnCall's field names (REST passes its JSON; GraphQL maps onto the same keys). */
export interface IntegrationInput {
  type?: unknown;
  name?: unknown;
  description_short?: unknown;
  team_id?: unknown;
  default_route?: unknown;
  templates?: unknown;
}

/**
 * The request body as an input object. Checked by the service, after the permission check, so a caller without
 * permission gets 403 whatever it sent (domain-api.md §1: order of checks). Empty body = `{}`.
 */
export function integrationInput(body: unknown): IntegrationInput {
  if (body === undefined || body === null || body === "") return {};
  if (!isPlainObject(body)) {
    throw new ValidationError({ non_field_errors: [`Invalid data. Expected a dictionary, but got ${pythonTypeName(body)}.`] });
  }
  return body;
}

/** What a valid input changes; an absent key means "leave as is". */
export interface IntegrationChanges {
  name?: string;
  descriptionShort?: string | null;
  teamId?: number | null;
  escalationChainId?: number | null;
  templates?: Record<string, unknown>;
}

const NAME_MAX = 150;
const DESCRIPTION_MAX = 250;

/** DRF's CharField: numbers are accepted as text, surrounding whitespace is trimmed. */
function text(value: unknown): string | undefined {
  if (typeof value === "string") return value.trim();
  if (typeof value === "number") return String(value);
  return undefined;
}

/** Field-level checks, collected into `errors` so several are reported at once (domain-api.md §1). */
export async function parseIntegrationFields(em: EntityManager, actor: Actor, input: IntegrationInput, errors: FieldErrors): Promise<IntegrationChanges> {
  const changes: IntegrationChanges = {};
  if (input.name !== undefined) {
    const name = text(input.name);
    if (input.name === null) errors.add("name", "This field may not be null.");
    else if (name === undefined) errors.add("name", "Not a valid string.");
    else if (name === "") errors.add("name", "This field may not be blank.");
    else if (name.length > NAME_MAX) errors.add("name", `Ensure this field has no more than ${NAME_MAX} characters.`);
    else changes.name = name;
  }
  if (input.description_short !== undefined) {
    const description = text(input.description_short);
    if (input.description_short === null) changes.descriptionShort = null;
    else if (description === undefined) errors.add("description_short", "Not a valid string.");
    else if (description.length > DESCRIPTION_MAX) {
      errors.add("description_short", `Ensure this field has no more than ${DESCRIPTION_MAX} characters.`);
    } else changes.descriptionShort = description;
  }
  if (input.team_id !== undefined) {
    const teamId = await resolveTeam(em, actor, input.team_id);
    if (teamId === undefined) errors.add("team_id", "Object does not exist");
    else changes.teamId = teamId;
  }
  if (input.default_route !== undefined) {
    if (input.default_route === null) errors.add("default_route", "This field may not be null.");
    else if (!isPlainObject(input.default_route)) errors.add("default_route", expectedDictionary(input.default_route));
    else if (input.default_route.escalation_chain_id !== undefined) {
      const chainId = await resolveChain(em, actor, input.default_route.escalation_chain_id);
      if (chainId === undefined) errors.add("escalation_chain_id", "Object does not exist");
      else changes.escalationChainId = chainId;
    }
  }
  if (input.templates !== undefined) {
    if (input.templates === null) errors.add("templates", "This field may not be null.");
    else if (!isPlainObject(input.templates)) errors.add("templates", expectedDictionary(input.templates));
    else changes.templates = input.templates;
  }
  return changes;
}

/** Messaging backends are out of scope: naming a Slack channel or Telegram chat is OnCall's 400. */
export function rejectMessagingChannels(defaultRoute: unknown): void {
  if (!isPlainObject(defaultRoute)) return;
  const { slack, telegram } = defaultRoute;
  if (isPlainObject(slack) && slack.channel_id !== undefined && slack.channel_id !== null) {
    throw new DetailError(400, "Slack isn't connected to this workspace");
  }
  if (isPlainObject(telegram) && telegram.id !== undefined && telegram.id !== null) {
    throw new DetailError(400, "Telegram channel does not exist");
  }
}

/** null / "null" = no team; undefined = unknown id. */
async function resolveTeam(em: EntityManager, actor: Actor, value: unknown): Promise<number | null | undefined> {
  if (value === null || value === "null") return null;
  if (typeof value !== "string") return undefined;
  const team = await em.getRepository(Team).findOneBy({ organizationId: actor.organization.id, publicId: value });
  return team?.id;
}

async function resolveChain(em: EntityManager, actor: Actor, value: unknown): Promise<number | null | undefined> {
  if (value === null) return null;
  if (typeof value !== "string") return undefined;
  const chain = await em.getRepository(EscalationChain).findOneBy({ organizationId: actor.organization.id, publicId: value });
  return chain?.id;
}
