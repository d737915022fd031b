import { ValidationError } from "../../errors";

export type KeyValue = string | number | Date;

/** One column of a list's order. The last key of every ordering is the row id, so keys are unique. */
export interface SortKey<Row> {
  /** QueryBuilder property path, e.g. `g.createdAt`. */
  column: string;
  type: "date" | "number" | "string";
  descending: boolean;
  of(row: Row): KeyValue;
}

/** How GraphQL asks for lists that sort by creation or by name. */
export interface NamedOrder {
  field: "createdAt" | "name";
  descending: boolean;
}

/** A named order: a cursor made under one order is refused under another. */
export interface Ordering<Row> {
  name: string;
  keys: SortKey<Row>[];
}

/**
 * Keyset order on `key` (if any) then the id, both in one direction. Dates must be set by the application
 * (millisecond precision): PostgreSQL's `now()` defaults keep microseconds a cursor could not carry.
 */
export function orderingOf<Row extends { id: number }>(
  alias: string,
  descending: boolean,
  key?: { property: string; type: SortKey<Row>["type"]; of(row: Row): KeyValue },
): Ordering<Row> {
  const id: SortKey<Row> = { column: `${alias}.id`, type: "number", descending, of: (row) => row.id };
  if (!key) return { name: `id:${descending ? "desc" : "asc"}`, keys: [id] };
  return {
    name: `${key.property}:${descending ? "desc" : "asc"}`,
    keys: [{ column: `${alias}.${key.property}`, type: key.type, descending, of: key.of }, id],
  };
}

/** Opaque to clients: base64url of `[order name, key values…]`. */
export function encodeCursor<Row>(ordering: Ordering<Row>, row: Row): string {
  const values = ordering.keys.map((key) => {
    const value = key.of(row);
    return value instanceof Date ? value.toISOString() : value;
  });
  return Buffer.from(JSON.stringify([ordering.name, ...values]), "utf8").toString("base64url");
}

/** The key values a cursor carries; a cursor of another list or order is a field error on `argument`. */
export function decodeCursor<Row>(ordering: Ordering<Row>, cursor: string, argument: "after" | "before"): KeyValue[] {
  const invalid = () => new ValidationError({ [argument]: ["Invalid cursor."] });
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parsed) || parsed[0] !== ordering.name || parsed.length !== ordering.keys.length + 1) throw invalid();
  return ordering.keys.map((key, i) => {
    const value: unknown = parsed[i + 1];
    if (key.type === "number" && typeof value === "number" && Number.isSafeInteger(value)) return value;
    if (key.type === "string" && typeof value === "string") return value;
    if (key.type === "date" && typeof value === "string" && !Number.isNaN(Date.parse(value))) return new Date(value);
    throw invalid();
  });
}
