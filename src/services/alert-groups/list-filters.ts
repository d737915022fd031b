import { Brackets, type EntityManager, type SelectQueryBuilder } from "typeorm";
import { DetailError, RawBodyError, ValidationError } from "../../errors";
import { AlertGroup, Integration, Route, Team } from "../../schema/entities";
import type { Actor } from "../actor";

/** Query parameters of `GET /api/v1/alert_groups/`, as given (domain-api.md §5.1). */
export interface AlertGroupFilters {
  id?: string;
  integrationId?: string;
  routeId?: string;
  /** A team public id, or "null". */
  teamId?: string;
  state?: string;
  /** `<start>_<end>`, each `YYYY-MM-DDTHH:MM:SS` (UTC). */
  startedAt?: string;
  /** `key:value` items. */
  labels?: string[];
  /** GraphQL's time range: created at or after `createdAfter`, strictly before `createdBefore`. */
  createdAfter?: Date;
  createdBefore?: Date;
}

const STATES = ["new", "acknowledged", "resolved", "silenced"];
const RANGE = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})_(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})$/;

/**
 * Adds the filters to `qb` (alias `g`). Bad values are OnCall's 400s; a filter that can match nothing
 * (unknown integration or route, any label) returns false so the caller answers an empty page.
 */
export async function applyAlertGroupFilters(
  qb: SelectQueryBuilder<AlertGroup>, em: EntityManager, actor: Actor, filters: AlertGroupFilters,
): Promise<boolean> {
  const teamId = filters.teamId === undefined ? undefined : await teamOf(em, actor, filters.teamId);
  const state = filters.state?.toLowerCase();
  if (state !== undefined && !STATES.includes(state)) {
    throw new RawBodyError(400, { state: "Must be one of the following: new, acknowledged, resolved, silenced" });
  }
  const range = filters.startedAt === undefined ? undefined : parseRange(filters.startedAt);

  // No labels exist (out of scope), so any well-formed `key:value` pair matches nothing.
  if ((filters.labels ?? []).some((item) => item.split(":").length === 2)) return false;
  if (filters.id !== undefined) qb.andWhere("g.publicId = :id", { id: filters.id });
  if (filters.integrationId !== undefined) {
    const integration = await em.getRepository(Integration).findOneBy({ organizationId: actor.organization.id, publicId: filters.integrationId });
    if (!integration) return false;
    qb.andWhere("g.integrationId = :integrationId", { integrationId: integration.id });
  }
  if (filters.routeId !== undefined) {
    const route = await em.getRepository(Route).findOneBy({ publicId: filters.routeId });
    if (!route) return false;
    qb.andWhere("g.routeId = :routeId", { routeId: route.id });
  }
  if (teamId !== undefined) {
    // The group's team is its integration's (current) team.
    const teamSql = teamId === null ? "i.team_id IS NULL" : "i.team_id = :teamId";
    qb.andWhere(`g.integrationId IN (SELECT i.id FROM integration i WHERE i.organization_id = :orgId AND ${teamSql})`, {
      orgId: actor.organization.id,
      teamId,
    });
  }
  if (state !== undefined) qb.andWhere(stateCondition(state));
  if (range) qb.andWhere("g.createdAt BETWEEN :start AND :end", range);
  if (filters.createdAfter) qb.andWhere("g.createdAt >= :createdAfter", { createdAfter: filters.createdAfter });
  if (filters.createdBefore) qb.andWhere("g.createdAt < :createdBefore", { createdBefore: filters.createdBefore });
  return true;
}

function stateCondition(state: string): Brackets {
  return new Brackets((w) => {
    if (state === "resolved") return void w.where("g.resolvedAt IS NOT NULL");
    w.where("g.resolvedAt IS NULL");
    if (state === "acknowledged") return void w.andWhere("g.acknowledgedAt IS NOT NULL");
    w.andWhere("g.acknowledgedAt IS NULL");
    w.andWhere(state === "silenced" ? "g.silencedAt IS NOT NULL" : "g.silencedAt IS NULL");
  });
}

async function teamOf(em: EntityManager, actor: Actor, value: string): Promise<number | null> {
  if (value === "null") return null;
  const team = await em.getRepository(Team).findOneBy({ organizationId: actor.organization.id, publicId: value });
  if (!team) throw new ValidationError({ team_id: ["Select a valid choice. That choice is not one of the available choices."] });
  return team.id;
}

/** Inclusive range on created_at; a wrong shape, an impossible date or start > end is one message. */
function parseRange(value: string): { start: Date; end: Date } {
  const match = RANGE.exec(value);
  const start = match && utc(match[1]);
  const end = match && utc(match[2]);
  if (!start || !end || start > end) throw new DetailError(400, "Invalid range value");
  return { start, end };
}

function utc(text: string): Date | null {
  const date = new Date(`${text}Z`);
  // Date() rolls 2023-02-30 over to March; an impossible date must not survive the round trip.
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 19) !== text ? null : date;
}
