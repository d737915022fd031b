import type { EntityTarget } from "typeorm";
import type { Actor } from "../services/actor";
import type { Services } from "../services";
import type { OnCallObject } from "./oncall-client";

/** The kinds the importer writes, in the order it writes them (each refers only to kinds before it). */
export const IMPORTED_KINDS = ["team", "user", "escalation_chain", "integration", "webhook", "escalation_policy"] as const;
export type ImportedKind = (typeof IMPORTED_KINDS)[number];

/** An object as OnCall's REST API shows it; outhook's side is read through the same shapes, so both compare. */
export type Shape = Record<string, unknown>;

/** What an object should look like in outhook, and what the operator must hear about it. */
export interface Desired {
  /** OnCall-shaped fields outhook keeps for it; compared key by key with what outhook shows now. */
  fields: Shape;
  /** Dropped references, secrets to re-enter, …: listed under "needs attention". */
  notes: string[];
  /** Grafana's numeric id to keep on create (users, teams); absent when taken here. */
  grafanaId?: number;
}

export interface MapContext {
  /** Whether the object of `kind` with this OnCall id exists in outhook (imported in this run or before). */
  has(kind: ImportedKind, id: string): boolean;
  /** What outhook shows for this very object now; undefined when it is to be created. */
  current: Shape | undefined;
  /** Whether another object of the kind holds this Grafana id in the organization. */
  grafanaIdTaken(grafanaId: unknown): boolean;
}

/** The services, acting for the import (organization-wide, every permission). */
export interface ServiceAccess {
  services: Services;
  actor: Actor;
}

/** One object kind: how to read outhook's side, compare it with OnCall's, and write it through the services. */
export interface KindMapper {
  readonly kind: ImportedKind;
  /** Its table, to find an id held by another organization or a deleted row. */
  readonly entity: EntityTarget<{ publicId: string }>;
  /** Every live object of the kind in the organization, OnCall-shaped, with its `fixed` values. */
  load(access: ServiceAccess): Promise<Shape[]>;
  /** The name the report shows. */
  label(source: OnCallObject): string;
  /** Why outhook has no place for this object, or null. */
  unsupported?(source: OnCallObject): string | null;
  /** Why it cannot be imported although outhook supports it (its parent was not imported), or null. */
  skipped?(source: OnCallObject, ctx: MapContext): string | null;
  /** Values that never change for one object: a difference means the id names something else (conflict). */
  fixed?(source: OnCallObject): Shape;
  /** List fields whose order means nothing (memberships, filters): compared as sets, written in OnCall's order. */
  readonly unordered?: readonly string[];
  /** What must be unique in the organization (a name), to report a clash instead of failing on it. */
  uniqueKey?(fields: Shape): string;
  desired(source: OnCallObject, ctx: MapContext): Desired;
  create(access: ServiceAccess, source: OnCallObject, desired: Desired): Promise<void>;
  update(access: ServiceAccess, source: OnCallObject, desired: Desired): Promise<void>;
}

/** The services' list methods take a window chosen once the total is known: here, always everything. */
export const EVERYTHING = (total: number) => ({ offset: 0, limit: Math.max(total, 1) });

/** Trimmed text (DRF trims every string field), or null. */
export function text(value: unknown): string | null {
  if (typeof value === "string") return value.trim();
  if (typeof value === "number") return String(value);
  return null;
}

/** A referenced object kept when it exists in outhook, else null with a note saying what was lost. */
export function reference(ctx: MapContext, kind: ImportedKind, id: unknown, notes: string[], what: string): string | null {
  if (typeof id !== "string" || id === "") return null;
  if (ctx.has(kind, id)) return id;
  notes.push(`${what} ${id} was not imported: left empty`);
  return null;
}

/** The referenced objects that exist in outhook, in order; a note names the others. */
export function references(ctx: MapContext, kind: ImportedKind, ids: unknown, notes: string[], what: string): string[] {
  const list = Array.isArray(ids) ? ids.filter((id): id is string => typeof id === "string") : [];
  const kept = [...new Set(list)].filter((id) => ctx.has(kind, id));
  const lost = list.filter((id) => !ctx.has(kind, id));
  if (lost.length > 0) notes.push(`${what} ${lost.join(", ")} ${lost.length === 1 ? "was" : "were"} not imported: left out`);
  return kept;
}
