import type { DataSource, EntityManager } from "typeorm";
import { DateUtils } from "typeorm/util/DateUtils";

type Driver = DataSource["driver"];

/** A statement's driver-specific text and, for each placeholder in order, where its value comes from. */
interface Compiled {
  sql: string;
  slots: [key: string, index: number][];
}

const MARK = "\u0001";
const compiledByDriver = new WeakMap<Driver, Map<string, Compiled>>();

/** A hand-written statement with `:name` / `:...list` parameters, the same text on either database. */
export interface Statement {
  text: string;
  params: Record<string, unknown>;
}

export interface StatementResult<Row = Record<string, unknown>> {
  /** RETURNING / SELECT rows. */
  rows: Row[];
  affected: number;
}

/** A statement in the driver's own placeholder syntax with its values bound in order. */
export interface CompiledStatement {
  sql: string;
  values: unknown[];
}

/**
 * The driver turns the shared text into its placeholders once per statement shape (compiled with marker
 * values, then cached); later calls only bind values, which keeps the hot statements prepared and the per-call
 * cost low.
 */
export function compileStatement(driver: Driver, statement: Statement): CompiledStatement {
  const params = padLists(statement.params);
  const compiled = compile(driver, statement.text, params);
  const values = compiled.slots.map(([key, index]) => bindable(driver, index < 0 ? params[key] : (params[key] as unknown[])[index]));
  return { sql: compiled.sql, values };
}

/** Runs one statement on either database (in the manager's transaction, if it has one). */
export async function runStatement<Row = Record<string, unknown>>(
  source: DataSource | EntityManager,
  text: string,
  parameters: Record<string, unknown>,
): Promise<StatementResult<Row>> {
  const ds = "connection" in source ? source.connection : source;
  const { sql, values } = compileStatement(ds.driver, { text, params: parameters });
  const runner = "connection" in source && source.queryRunner ? source.queryRunner : ds.createQueryRunner();
  try {
    const result = await runner.query(sql, values, true);
    const rows = (result.records ?? []) as Row[];
    return { rows, affected: result.affected ?? rows.length };
  } finally {
    if (runner !== (source as EntityManager).queryRunner) await runner.release();
  }
}

function compile(driver: Driver, text: string, params: Record<string, unknown>): Compiled {
  let cache = compiledByDriver.get(driver);
  if (!cache) compiledByDriver.set(driver, (cache = new Map()));
  // The shape is the text plus the length of each list; statements without lists are keyed by their text.
  let lists = "";
  for (const key in params) if (Array.isArray(params[key])) lists += `${key}:${(params[key] as unknown[]).length},`;
  const shape = lists ? `${text}\n${lists}` : text;
  let compiled = cache.get(shape);
  if (!compiled) {
    const markers: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(params)) {
      markers[key] = Array.isArray(value) ? value.map((_, i) => `${MARK}${key}${MARK}${i}`) : `${MARK}${key}${MARK}-1`;
    }
    const [sql, order] = driver.escapeQueryWithParameters(text, markers);
    const slots = (order as string[]).map((m): [string, number] => {
      const [, key, index] = m.split(MARK);
      return [key, Number(index)];
    });
    cache.set(shape, (compiled = { sql, slots }));
  }
  return compiled;
}

/** Values the driver converts itself when escaping (dates, booleans on SQLite) get the same conversion here. */
function bindable(driver: Driver, value: unknown): unknown {
  if (value === undefined) return null;
  if (driver.options.type === "postgres" || (typeof value !== "boolean" && !(value instanceof Date))) return value;
  return typeof value === "boolean" ? +value : DateUtils.mixedDateToUtcDatetimeString(value);
}

/**
 * Id lists are padded to a power of two (repeating the last id, harmless in `IN (…)`): every list length is a
 * distinct statement to prepare, and a few shapes keep them all in the statement cache.
 */
export function stableIdList(ids: readonly number[]): number[] {
  if (ids.length === 0) return [];
  let size = 1;
  while (size < ids.length) size *= 2;
  const out = [...ids];
  while (out.length < size) out.push(out[out.length - 1]);
  return out;
}

/** Ids per `IN (...)` list: SQLite caps the bound parameters of one statement. */
const IDS_PER_STATEMENT = 500;

export function idChunks<T>(ids: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < ids.length; i += IDS_PER_STATEMENT) out.push(ids.slice(i, i + IDS_PER_STATEMENT));
  return out;
}

/**
 * Ids for a TypeORM `In(...)`: padded like `stableIdList` and given as text, because the SQLite driver inlines
 * numbers into the SQL and every distinct list would then be a new statement to prepare.
 */
export function idsForIn(ids: readonly number[]): string[] {
  return stableIdList([...new Set(ids)]).map(String);
}

function padLists(parameters: Record<string, unknown>): Record<string, unknown> {
  let out: Record<string, unknown> | null = null;
  for (const key in parameters) {
    const value = parameters[key];
    if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === "number")) {
      out ??= { ...parameters };
      out[key] = stableIdList(value);
    }
  }
  return out ?? parameters;
}

/** A column of a hand-written INSERT and how to read its value from one row. */
export type ColumnOf<Row> = [column: string, read: (row: Row) => unknown];

/**
 * INSERTs of `rows` in chunks of 32, 16, 8, 4, 2 and 1 rows: six statement texts, each prepared once whatever
 * the row count, and few statements per call (7 rows: 4 + 2 + 1, where sizes 8 and 1 made seven). Rows of a
 * RETURNING come back in no guaranteed order.
 */
export function insertStatements<Row>(table: string, columns: readonly ColumnOf<Row>[], rows: readonly Row[], returning?: string): Statement[] {
  const out: Statement[] = [];
  for (let i = 0; i < rows.length; ) {
    const size = INSERT_SIZES.find((n) => n <= rows.length - i)!;
    const params: Record<string, unknown> = {};
    for (let r = 0; r < size; r++) for (const [column, read] of columns) params[`${column}_${r}`] = read(rows[i + r]);
    out.push({ text: insertSql(table, columns, size, returning), params });
    i += size;
  }
  return out;
}

/** `insertStatements` run with the caller's transaction; the RETURNING rows of all chunks. */
export async function insertRows<Row, Out = Record<string, unknown>>(
  em: EntityManager,
  table: string,
  columns: readonly ColumnOf<Row>[],
  rows: readonly Row[],
  returning?: string,
): Promise<Out[]> {
  const out: Out[] = [];
  for (const s of insertStatements(table, columns, rows, returning)) out.push(...(await runStatement<Out>(em, s.text, s.params)).rows);
  return out;
}

const INSERT_SIZES = [32, 16, 8, 4, 2, 1];
const insertTexts = new Map<string, string>();

function insertSql(table: string, columns: readonly ColumnOf<never>[], rows: number, returning: string | undefined): string {
  const key = `${table}|${columns.map(([c]) => c).join(",")}|${rows}|${returning ?? ""}`;
  let text = insertTexts.get(key);
  if (!text) {
    const values = Array.from({ length: rows }, (_, i) => `(${columns.map(([c]) => `:${c}_${i}`).join(", ")})`);
    text = `INSERT INTO ${table} (${columns.map(([c]) => `"${c}"`).join(", ")}) VALUES ${values.join(", ")}${returning ? ` RETURNING ${returning}` : ""}`;
    insertTexts.set(key, text);
  }
  return text;
}
