import { AppError } from "../errors";
import { IMPORTED_KINDS, type ImportedKind, type KindMapper, type MapContext, type Shape, type ServiceAccess } from "./mapper";
import { chainMapper } from "./mappers/chain.mapper";
import { integrationMapper } from "./mappers/integration.mapper";
import { policyMapper } from "./mappers/policy.mapper";
import { teamMapper } from "./mappers/team.mapper";
import { userMapper } from "./mappers/user.mapper";
import { webhookMapper } from "./mappers/webhook.mapper";
import type { OnCallObject } from "./oncall-client";
import type { Progress } from "./progress";
import type { Outcome, ReportEntry } from "./report";
import type { TargetState } from "./target-state";

/** In IMPORTED_KINDS order: every kind refers only to kinds written before it. */
export const MAPPERS: readonly KindMapper[] = [teamMapper, userMapper, chainMapper, integrationMapper, webhookMapper, policyMapper];

export interface ImportRun {
  target: TargetState;
  /** null in a dry run: the plan is made the same way, nothing is written. */
  services: ServiceAccess | null;
  progress: Progress;
}

/**
 * Every object, kind after kind: compared with what outhook holds under the same id, then created, updated or
 * left alone. A reference to an object that did not make it (unsupported, conflict, refused) is dropped with a
 * note, never sent to fail the whole object.
 */
export async function importObjects(sources: Record<ImportedKind, OnCallObject[]>, run: ImportRun): Promise<ReportEntry[]> {
  const present = new Map(IMPORTED_KINDS.map((kind) => [kind, new Set<string>()]));
  const has = (kind: ImportedKind, id: string) => present.get(kind)!.has(id);
  const entries: ReportEntry[] = [];
  for (const mapper of MAPPERS) {
    for (const source of sources[mapper.kind]) {
      const { entry, exists } = await importOne(mapper, source, run, has);
      if (exists) present.get(mapper.kind)!.add(source.id);
      entries.push(entry);
      run.progress.tick();
    }
  }
  return entries;
}

/** The object's report entry, and whether it exists in outhook afterwards (others may refer to it then). */
async function importOne(
  mapper: KindMapper, source: OnCallObject, run: ImportRun, has: MapContext["has"],
): Promise<{ entry: ReportEntry; exists: boolean }> {
  const { kind } = mapper;
  const current = run.target.current(kind, source.id);
  const entry = (outcome: Outcome, detail: string | null, notes: string[] = []) => ({
    entry: { kind, id: source.id, name: mapper.label(source), outcome, detail, notes },
    // A refused update leaves the object as it was: references to it still hold.
    exists: outcome === "created" || outcome === "updated" || outcome === "unchanged" || (outcome === "rejected" && current !== undefined),
  });
  const unsupported = mapper.unsupported?.(source);
  if (unsupported) return entry("unsupported", unsupported);

  const ctx: MapContext = { has, current, grafanaIdTaken: (id) => run.target.grafanaIdTaken(kind, id, source.id) };
  const skipped = mapper.skipped?.(source, ctx);
  if (skipped) return entry("skipped", skipped);
  const held = current ? null : run.target.heldBy(kind, source.id);
  if (held) return entry("conflict", held);
  const otherObject = current && mapper.fixed ? differences(mapper.fixed(source), current) : [];
  if (otherObject.length > 0) return entry("conflict", `outhook's ${kind} with this id has another ${otherObject.join(" and ")}: it is another object`);

  const desired = mapper.desired(source, ctx);
  const holder = mapper.uniqueKey ? run.target.keyHolder(kind, mapper.uniqueKey(desired.fields), source.id) : null;
  if (holder) return entry("conflict", `its name is taken by ${kind} ${holder} in outhook`);

  const changed = current ? differences(desired.fields, current, mapper.unordered) : [];
  const outcome: Outcome = !current ? "created" : changed.length > 0 ? "updated" : "unchanged";
  if (outcome !== "unchanged" && run.services) {
    try {
      if (current) await mapper.update(run.services, source, desired);
      else await mapper.create(run.services, source, desired);
    } catch (error) {
      if (!(error instanceof AppError)) throw error; // a database failure stops the import; a refusal is this object's
      return entry("rejected", `${current ? "kept as it was" : "not imported"}: ${error.message}`);
    }
  }
  run.target.remember(mapper, source.id, desired.fields);
  return entry(outcome, changed.length > 0 ? `changed ${changed.join(", ")}` : null, desired.notes);
}

/** The keys of `wanted` whose value outhook shows differently; `unordered` lists compare as sets. */
export function differences(wanted: Shape, shown: Shape, unordered: readonly string[] = []): string[] {
  const normal = (key: string, value: unknown) => (unordered.includes(key) && Array.isArray(value) ? [...value].sort() : value);
  return Object.keys(wanted).filter((key) => !sameValue(normal(key, wanted[key]), normal(key, shown[key])));
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => sameValue(item, b[i]));
  if (a && b && typeof a === "object" && typeof b === "object" && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((key) => sameValue((a as Shape)[key], (b as Shape)[key]));
  }
  return false;
}
