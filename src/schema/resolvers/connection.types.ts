import { ArgsType, type ClassType, Field, InputType, Int, ObjectType } from "type-graphql";
import type { NamedOrder } from "../../services/paging/cursor";
import type { Connection, CursorRequest } from "../../services/paging/cursor-page";
import type { UserOrder as ServiceUserOrder } from "../../services/user.service";
import { NameOrderField, SortDirection, UserOrderField } from "./enums";

@ObjectType("PageInfo")
export class PageInfoObject {
  @Field() hasNextPage!: boolean;
  @Field() hasPreviousPage!: boolean;
  @Field(() => String, { nullable: true }) startCursor!: string | null;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

/** Relay arguments of every list: keyset cursors, so a page does not shift when rows are inserted. */
@ArgsType()
export class ConnectionArgs implements CursorRequest {
  @Field(() => Int, { nullable: true, description: "Page forward: at most 100; 50 when neither first nor last is given" })
  first?: number | null;
  @Field(() => String, { nullable: true, description: "An endCursor (or any edge's cursor) of the same list and order" })
  after?: string | null;
  @Field(() => Int, { nullable: true, description: "Page backward: at most 100" }) last?: number | null;
  @Field(() => String, { nullable: true }) before?: string | null;
}

/** The connection of `node` under `<name>Connection` / `<name>Edge`. */
export function ConnectionOf<T extends object>(node: ClassType<T>, name: string) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field({ description: "Pass to after/before" }) cursor!: string;
    @Field(() => node) node!: T;
  }

  @ObjectType()
  abstract class ConnectionType {
    @Field(() => [Edge]) edges!: Edge[];
    @Field(() => [node], { description: "The edges' nodes, for clients that need no cursors" }) nodes!: T[];
    @Field(() => PageInfoObject) pageInfo!: PageInfoObject;
    // A function: graphql-js calls it only when the field is selected, so the COUNT runs only then.
    @Field(() => Int, { simple: true, description: "Items on all pages together" }) totalCount!: () => Promise<number>;
  }
  return ConnectionType;
}

export interface ConnectionShape<T> {
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: PageInfoObject;
  totalCount: () => Promise<number>;
}

/** A service page as a GraphQL connection, nodes converted by `toObject`. */
export function toConnection<View, T>(page: Connection<View>, toObject: (view: View) => T): ConnectionShape<T> {
  const edges = page.edges.map((edge) => ({ cursor: edge.cursor, node: toObject(edge.node) }));
  return { edges, nodes: edges.map((edge) => edge.node), pageInfo: page.pageInfo, totalCount: page.totalCount };
}

@InputType("NameOrder", { description: "Ties are broken by creation order" })
export class NameOrderInput {
  @Field(() => NameOrderField, { defaultValue: NameOrderField.CREATED_AT }) field!: NameOrderField;
  @Field(() => SortDirection, { defaultValue: SortDirection.ASC }) direction!: SortDirection;
}

@InputType("UserOrder", { description: "Ties are broken by creation order" })
export class UserOrderInput {
  @Field(() => UserOrderField, { defaultValue: UserOrderField.CREATED_AT }) field!: UserOrderField;
  @Field(() => SortDirection, { defaultValue: SortDirection.ASC }) direction!: SortDirection;
}

@InputType("TimeOrder", { description: "By creation time (attempts: when recorded), ties by id" })
export class TimeOrderInput {
  @Field(() => SortDirection, { defaultValue: SortDirection.DESC }) direction!: SortDirection;
}

export function nameOrder(input: NameOrderInput | null | undefined): NamedOrder {
  return { field: input?.field ?? NameOrderField.CREATED_AT, descending: input?.direction === SortDirection.DESC };
}

export function userOrder(input: UserOrderInput | null | undefined): ServiceUserOrder {
  return { field: input?.field ?? UserOrderField.CREATED_AT, descending: input?.direction === SortDirection.DESC };
}

/** Newest first unless ASC was asked for. */
export function newestFirst(input: TimeOrderInput | null | undefined): boolean {
  return input?.direction !== SortDirection.ASC;
}

/** Optional input fields as the services take them: null and absent both mean "no filter". */
export function definedFields<T extends object>(input: T | null | undefined): { [K in keyof T]?: NonNullable<T[K]> } {
  return Object.fromEntries(Object.entries(input ?? {}).filter(([, v]) => v !== null && v !== undefined)) as never;
}
