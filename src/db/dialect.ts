import { getMetadataArgsStorage, type DataSource, type EntityManager } from "typeorm";

/** The only place that knows whether the database is SQLite or PostgreSQL. */
export type DialectKind = "sqlite" | "postgres";

export function dialectOf(source: DataSource | EntityManager): DialectKind {
  const type = "connection" in source ? source.connection.options.type : source.options.type;
  return type === "postgres" ? "postgres" : "sqlite";
}

/** Column type for instants: SQLite has no timestamptz, PostgreSQL's `timestamp` would store local wall time. */
export function dateType(kind: DialectKind): "timestamptz" | "datetime" {
  return kind === "postgres" ? "timestamptz" : "datetime";
}

const DATE_TYPES = new Set(["timestamptz", "datetime"]);

/**
 * Entities declare instants with `DateColumn()`; the concrete type is fixed here, when a DataSource
 * for one driver is built, so one set of entity classes serves both databases.
 */
export function adaptColumnTypes(kind: DialectKind): void {
  for (const column of getMetadataArgsStorage().columns) {
    if (typeof column.options.type === "string" && DATE_TYPES.has(column.options.type)) {
      column.options.type = dateType(kind);
    }
  }
}

/** Unique-constraint violations carry different codes per driver (toolchain note §5). */
export function isUniqueViolation(error: unknown): boolean {
  const driverError = (error as { driverError?: { code?: string; errno?: number } })?.driverError ?? error;
  const code = (driverError as { code?: string })?.code;
  return code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY" || code === "23505";
}

/** A row that points at a row that does not exist (any more), per driver. */
export function isForeignKeyViolation(error: unknown): boolean {
  const driverError = (error as { driverError?: { code?: string } })?.driverError ?? error;
  const code = (driverError as { code?: string })?.code;
  return code === "SQLITE_CONSTRAINT_FOREIGNKEY" || code === "23503";
}

/** Row-lock suffix for claim queries: SQLite has one writer at a time, so it needs none. */
export function skipLockedClause(kind: DialectKind): string {
  return kind === "postgres" ? "FOR UPDATE SKIP LOCKED" : "";
}

/** Exclusive lock on one row for the rest of the transaction (SQLite: the write transaction already is one). */
export function forUpdateClause(kind: DialectKind): string {
  return kind === "postgres" ? "FOR UPDATE" : "";
}

