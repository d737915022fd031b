import { Brackets, type ObjectLiteral, type SelectQueryBuilder } from "typeorm";
import { ValidationError } from "../../errors";
import { decodeCursor, encodeCursor, type KeyValue, type Ordering } from "./cursor";

/** Relay's arguments: `first`/`after` pages forward, `last`/`before` backward. */
export interface CursorRequest {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

/** One page of a list. `totalCount` runs its COUNT only when asked for (it is the costly part on big lists). */
export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  totalCount: () => Promise<number>;
}

/** REST's default and cap (domain-api.md §3), so both surfaces page alike. */
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 100;

/**
 * A keyset page of `query` (filters applied, no order): stable under inserts, since a cursor holds the key
 * values of its row rather than an offset. The page costs one SELECT, plus one existence check when a cursor
 * was given (is there anything on the other side?).
 */
export async function pageByCursor<Row extends ObjectLiteral>(
  query: SelectQueryBuilder<Row>,
  ordering: Ordering<Row>,
  request: CursorRequest,
): Promise<Connection<Row>> {
  const { size, backward } = pageSize(request);
  const after = request.after != null ? decodeCursor(ordering, request.after, "after") : null;
  const before = request.before != null ? decodeCursor(ordering, request.before, "before") : null;
  const counting = query.clone();
  let count: Promise<number> | undefined;

  const page = query.clone();
  if (after) page.andWhere(beyond(ordering, after, "after", "cursor_after_"));
  if (before) page.andWhere(beyond(ordering, before, "before", "cursor_before_"));
  for (const key of ordering.keys) page.addOrderBy(key.column, key.descending !== backward ? "DESC" : "ASC");
  const rows = size === 0 ? [] : await page.take(size + 1).getMany();
  const more = rows.length > size;
  const nodes = rows.slice(0, size);
  if (backward) nodes.reverse();

  // The side the client came from: rows at or before `after` (forward), at or after `before` (backward).
  const from = backward ? before : after;
  const behind = from ? await query.clone().andWhere(notBeyond(ordering, from, backward ? "before" : "after")).getExists() : false;
  const edges = nodes.map((node) => ({ cursor: encodeCursor(ordering, node), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: backward ? behind : more,
      hasPreviousPage: backward ? more : behind,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    totalCount: () => (count ??= counting.getCount()),
  };
}

/** The same page with its nodes turned into views in one batch (one query per related table, not per row). */
export async function mapConnection<Row, View>(page: Connection<Row>, toViews: (rows: Row[]) => Promise<View[]>): Promise<Connection<View>> {
  const views = await toViews(page.edges.map((edge) => edge.node));
  return { ...page, edges: page.edges.map((edge, i) => ({ cursor: edge.cursor, node: views[i] })) };
}

function pageSize(request: CursorRequest): { size: number; backward: boolean } {
  const { first, last } = request;
  if (first != null && last != null) throw new ValidationError({ last: ["Give first or last, not both."] });
  const bad = (n: number) => !Number.isInteger(n) || n < 0 || n > MAX_PAGE_SIZE;
  if (first != null && bad(first)) throw new ValidationError({ first: [`Must be between 0 and ${MAX_PAGE_SIZE}.`] });
  if (last != null && bad(last)) throw new ValidationError({ last: [`Must be between 0 and ${MAX_PAGE_SIZE}.`] });
  return last != null ? { size: last, backward: true } : { size: first ?? DEFAULT_PAGE_SIZE, backward: false };
}

/**
 * Rows strictly after (or before) the cursor's row in the ordering: `(k1, k2, id) > (v1, v2, vid)` spelled
 * out key by key, since the keys may run in different directions and row values are not portable SQL.
 */
function beyond<Row>(ordering: Ordering<Row>, values: KeyValue[], side: "after" | "before", prefix: string): Brackets {
  return new Brackets((any) => {
    ordering.keys.forEach((key, i) => {
      const branch = new Brackets((all) => {
        for (let j = 0; j < i; j++) all.andWhere(`${ordering.keys[j].column} = :${prefix}${j}`, { [`${prefix}${j}`]: values[j] });
        const greater = (side === "after") !== key.descending;
        all.andWhere(`${key.column} ${greater ? ">" : "<"} :${prefix}${i}`, { [`${prefix}${i}`]: values[i] });
      });
      if (i === 0) any.where(branch);
      else any.orWhere(branch);
    });
  });
}

/** The cursor's row itself or anything on the near side of it. */
function notBeyond<Row>(ordering: Ordering<Row>, values: KeyValue[], side: "after" | "before"): Brackets {
  const id = ordering.keys.length - 1;
  return new Brackets((any) => {
    any.where(beyond(ordering, values, side === "after" ? "before" : "after", "cursor_near_"));
    any.orWhere(`${ordering.keys[id].column} = :cursor_self`, { cursor_self: values[id] });
  });
}
