import type { DataSource, EntityManager, EntityTarget, ObjectLiteral } from "typeorm";
import type { ColumnMetadata } from "typeorm/metadata/ColumnMetadata";
import { runStatement } from "./sql";

// Entities read and written by hand-written prepared statements on hot paths, converted exactly as TypeORM
// converts them (the driver's own hydrate/persist functions), without its query builder: on the inbound path
// query building and result mapping were half of the main thread's time.

function sourceOf(source: DataSource | EntityManager): DataSource {
  return "connection" in source ? source.connection : source;
}

/** A raw row (database column names, e.g. `SELECT *`) as an entity instance, values hydrated as TypeORM does. */
export function hydrateRow<T extends ObjectLiteral>(source: DataSource | EntityManager, target: EntityTarget<T>, row: Record<string, unknown>): T {
  const ds = sourceOf(source);
  const metadata = ds.getMetadata(target);
  const entity = metadata.create() as T;
  for (const column of metadata.columns) {
    if (!(column.databaseName in row)) continue;
    (entity as Record<string, unknown>)[column.propertyName] = ds.driver.prepareHydratedValue(row[column.databaseName], column);
  }
  return entity;
}

/**
 * Hydrates rows read on every request (an inbound link's integration and route) once per distinct row: while a
 * key's row reads the same, the entity hydrated before is returned again, so callers must treat it as read-only.
 * The row is still read each time, so a change by another instance on the same database is seen at once.
 */
export class HydratedRows<T extends ObjectLiteral> {
  private readonly last = new Map<unknown, { row: Record<string, unknown>; entity: T }>();

  constructor(
    private readonly target: EntityTarget<T>,
    private readonly limit = 1000,
  ) {}

  hydrate(source: DataSource | EntityManager, key: unknown, row: Record<string, unknown>): T {
    const known = this.last.get(key);
    if (known && sameValues(known.row, row)) return known.entity;
    const entity = hydrateRow(source, this.target, row);
    this.last.delete(key);
    if (this.last.size >= this.limit) this.last.delete(this.last.keys().next().value);
    this.last.set(key, { row, entity });
    return entity;
  }
}

function sameValues(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  for (const key in b) if (a[key] !== b[key]) return false;
  return Object.keys(a).length === Object.keys(b).length;
}

const insertTexts = new WeakMap<object, { text: string; columns: ColumnMetadata[] }>();

/**
 * One INSERT of every column of `entity` except generated ones (the same text each time, so it stays prepared);
 * sets and returns the new id.
 */
export async function insertEntity<T extends ObjectLiteral & { id: number }>(em: EntityManager, target: EntityTarget<T>, entity: T): Promise<number> {
  const ds = em.connection;
  const metadata = ds.getMetadata(target);
  let shape = insertTexts.get(metadata);
  if (!shape) {
    const columns = metadata.columns.filter((c) => !c.isGenerated);
    const names = columns.map((c) => `"${c.databaseName}"`).join(", ");
    const values = columns.map((c) => `:${c.propertyName}`).join(", ");
    shape = { text: `INSERT INTO "${metadata.tableName}" (${names}) VALUES (${values}) RETURNING id`, columns };
    insertTexts.set(metadata, shape);
  }
  const params: Record<string, unknown> = {};
  for (const column of shape.columns) {
    params[column.propertyName] = ds.driver.preparePersistentValue((entity as Record<string, unknown>)[column.propertyName], column);
  }
  const { rows } = await runStatement<{ id: number }>(em, shape.text, params);
  entity.id = Number(rows[0].id);
  return entity.id;
}
