import { In, type DataSource } from "typeorm";
import { idChunks } from "../db/sql";
import { Integration, Route } from "../schema/entities";
import { IMPORTED_KINDS, type ImportedKind, type KindMapper, type Shape, type ServiceAccess } from "./mapper";
import type { OnCallObject } from "./oncall-client";
import { inboundToken } from "./mappers/integration.mapper";

/**
 * What the database holds before the import writes: every live object of the organization in OnCall's shape,
 * the unique names they hold, and the OnCall ids (and inbound tokens) that other rows already hold.
 */
export class TargetState {
  private readonly shapes = new Map<ImportedKind, Map<string, Shape>>();
  /** kind → unique key (a name) → id of the object holding it. */
  private readonly keys = new Map<ImportedKind, Map<string, string>>();
  /** kind → OnCall id → why another row holds it (another organization, a deleted object, a used token). */
  private readonly heldElsewhere = new Map<ImportedKind, Map<string, string>>();

  private constructor() {
    for (const kind of IMPORTED_KINDS) {
      this.shapes.set(kind, new Map());
      this.keys.set(kind, new Map());
      this.heldElsewhere.set(kind, new Map());
    }
  }

  /** A database that does not exist yet (a dry run before the first start). */
  static empty(): TargetState {
    return new TargetState();
  }

  /** `access` is null when the organization does not exist yet: nothing of it can exist either. */
  static async load(
    dataSource: DataSource, access: ServiceAccess | null, mappers: readonly KindMapper[], sources: Record<ImportedKind, OnCallObject[]>,
  ): Promise<TargetState> {
    const state = new TargetState();
    for (const mapper of mappers) {
      const shapes = access ? await mapper.load(access) : [];
      for (const shape of shapes) state.remember(mapper, String(shape.id), shape);
      const ids = sources[mapper.kind].map((s) => s.id);
      for (const id of await existingIds(dataSource, mapper, ids)) {
        if (!state.shapes.get(mapper.kind)!.has(id)) state.heldElsewhere.get(mapper.kind)!.set(id, "another organization or a deleted object holds this id in outhook");
      }
    }
    await state.findHeldIntegrationParts(dataSource, sources.integration);
    return state;
  }

  current(kind: ImportedKind, id: string): Shape | undefined {
    return this.shapes.get(kind)!.get(id);
  }

  /** Why the id (or, for a new integration, its token or route id) cannot be this object's in outhook, or null. */
  heldBy(kind: ImportedKind, id: string): string | null {
    return this.heldElsewhere.get(kind)!.get(id) ?? null;
  }

  /** The id of another object holding the unique key, or null. */
  keyHolder(kind: ImportedKind, key: string, selfId: string): string | null {
    const holder = this.keys.get(kind)!.get(key);
    return holder !== undefined && holder !== selfId ? holder : null;
  }

  grafanaIdTaken(kind: ImportedKind, grafanaId: unknown, selfId: string): boolean {
    for (const [id, shape] of this.shapes.get(kind)!) if (id !== selfId && shape.grafana_id === grafanaId) return true;
    return false;
  }

  /** After a write (or its plan in a dry run): later objects see the name taken, and freed when it was renamed. */
  remember(mapper: KindMapper, id: string, fields: Shape): void {
    const previous = this.shapes.get(mapper.kind)!.get(id);
    const merged = { ...previous, ...fields, id };
    this.shapes.get(mapper.kind)!.set(id, merged);
    if (!mapper.uniqueKey) return;
    const keys = this.keys.get(mapper.kind)!;
    if (previous && keys.get(mapper.uniqueKey(previous)) === id) keys.delete(mapper.uniqueKey(previous));
    keys.set(mapper.uniqueKey(merged), id);
  }

  /** Tokens are never reused and route ids are global: a new integration cannot take one another row has. */
  private async findHeldIntegrationParts(dataSource: DataSource, integrations: OnCallObject[]): Promise<void> {
    const held = this.heldElsewhere.get("integration")!;
    const fresh = integrations.filter((i) => !this.shapes.get("integration")!.has(i.id) && !held.has(i.id));
    const tokens = new Map(fresh.flatMap((i) => (inboundToken(i) ? [[inboundToken(i)!, i.id] as const] : [])));
    for (const part of idChunks([...tokens.keys()])) {
      for (const row of await dataSource.getRepository(Integration).find({ select: { token: true, publicId: true }, where: { token: In(part) } })) {
        held.set(tokens.get(row.token)!, `its inbound token is already used by integration ${row.publicId} in outhook`);
      }
    }
    const routes = new Map(fresh.flatMap((i) => {
      const id = (i.default_route as { id?: unknown } | null)?.id;
      return typeof id === "string" ? [[id, i.id] as const] : [];
    }));
    for (const part of idChunks([...routes.keys()])) {
      for (const row of await dataSource.getRepository(Route).find({ select: { publicId: true }, where: { publicId: In(part) } })) {
        held.set(routes.get(row.publicId)!, `its default route id ${row.publicId} is already used in outhook`);
      }
    }
  }
}

/** The ids among `ids` any row of the kind's table holds, in any organization, deleted rows included. */
async function existingIds(dataSource: DataSource, mapper: KindMapper, ids: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const part of idChunks(ids)) {
    const rows = await dataSource.getRepository(mapper.entity).find({ select: { publicId: true }, where: { publicId: In(part) } });
    found.push(...rows.map((r) => r.publicId));
  }
  return found;
}
