import type { DataSource, EntityManager } from "typeorm";

type Driver = DataSource["driver"];

/** A statement's driver-specific text and, for each placeholder in order, where its value comes from. */
interface Compiled {
  sql: string;
  slots: [key: string, index: number][];
}

const MARK = "\u0001";
const compiledByDriver = new WeakMap<Driver, Map<string, Compiled>>();

/**
 * Runs one hand-written statement with `:name` / `:...list` parameters on either database and returns its rows
 * (RETURNING) and affected count. The driver turns the shared text into its placeholders once per statement
 * shape (compiled with marker values, then cached); later calls only bind values, which keeps the hot
 * statements prepared and the per-call cost low.
 */
export async function runStatement<Row = Record<string, unknown>>(
  source: DataSource | EntityManager,
  text: string,
  parameters: Record<string, unknown>,
): Promise<{ rows: Row[]; affected: number }> {
  const ds = "connection" in source ? source.connection : source;
  const params = padLists(parameters);
  const compiled = compile(ds.driver, text, params);
  const values = compiled.slots.map(([key, index]) => bindable(ds.driver, index < 0 ? params[key] : (params[key] as unknown[])[index]));
  const runner = "connection" in source && source.queryRunner ? source.queryRunner : ds.createQueryRunner();
  try {
    const result = await runner.query(compiled.sql, values, true);
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
  if (value instanceof Date || typeof value === "boolean") return driver.escapeQueryWithParameters(":v", { v: value })[1][0];
  return value === undefined ? null : value;
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

function padLists(parameters: Record<string, unknown>): Record<string, unknown> {
  let out: Record<string, unknown> | null = null;
  for (const [key, value] of Object.entries(parameters)) {
    if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === "number")) {
      out ??= { ...parameters };
      out[key] = stableIdList(value);
    }
  }
  return out ?? parameters;
}
