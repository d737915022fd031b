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

/**
 * Errors worth the same write again later, as it is: busy or locked SQLite, and PostgreSQL's serialization
 * failures, deadlocks, lock timeouts, shutdowns and lost connections (SQLSTATE classes 40, 55P03, 57P, 08).
 */
export function isTransientError(error: unknown): boolean {
  const driverError = (error as { driverError?: unknown })?.driverError ?? error;
  const code = String((driverError as { code?: unknown })?.code ?? "");
  if (code.startsWith("SQLITE_")) return code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED");
  return /^(40...|55P03|57P..|08...)$/.test(code) || /^(ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT)$/.test(code);
}

/** Row-lock suffix for claim queries: SQLite has one writer at a time, so it needs none. */
export function skipLockedClause(kind: DialectKind): string {
  return kind === "postgres" ? "FOR UPDATE SKIP LOCKED" : "";
}

/** Exclusive lock on one row for the rest of the transaction (SQLite: the write transaction already is one). */
export function forUpdateClause(kind: DialectKind): string {
  return kind === "postgres" ? "FOR UPDATE" : "";
}

/**
 * The database's current instant, in the form instants are stored in. Instants that different processes write
 * and compare (the outbox's leases and due times) all come from here, so the instances' clocks never meet.
 * SQLite stores TypeORM's UTC text with milliseconds (`2025-03-14 09:27:41.118`), which sorts as it compares.
 */
export function dbNowSql(kind: DialectKind): string {
  return kind === "postgres" ? "now()" : "strftime('%Y-%m-%d %H:%M:%f', 'now')";
}

/** The database's current instant plus the milliseconds bound to `:param` (negative: earlier), stored form. */
export function dbNowPlusSql(kind: DialectKind, param: string): string {
  return kind === "postgres"
    ? `(now() + CAST(:${param} AS double precision) * interval '1 millisecond')`
    : `strftime('%Y-%m-%d %H:%M:%f', 'now', (CAST(:${param} AS REAL) / 1000.0) || ' seconds')`;
}

/**
 * The later of two instant expressions, a NULL one ignored; when both are NULL, an instant earlier than any
 * stored one (SQLite's stored form is text that sorts as it compares, and '' sorts first).
 */
export function laterInstantSql(kind: DialectKind, a: string, b: string): string {
  return kind === "postgres" ? `COALESCE(GREATEST(${a}, ${b}), '-infinity'::timestamptz)` : `MAX(COALESCE(${a}, ''), COALESCE(${b}, ''))`;
}

/** An instant read back from `dbNowSql` in a select list: PostgreSQL gives a Date, SQLite the stored UTC text. */
export function dbInstant(value: unknown): Date {
  if (value instanceof Date) return value;
  const text = String(value);
  return new Date(/^\d{4}-\d\d-\d\d \d/.test(text) ? `${text.replace(" ", "T")}Z` : text);
}
