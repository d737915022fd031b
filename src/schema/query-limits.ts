import type { ApolloServerPlugin } from "@apollo/server";
import { getVariableValues } from "graphql/execution/values";
import {
  GraphQLError, getNamedType, getOperationAST, Kind, type DocumentNode, type FragmentDefinitionNode, type GraphQLSchema, type SelectionSetNode,
} from "graphql";
import { fieldExtensionsEstimator, getComplexity, simpleEstimator, type ComplexityEstimator } from "graphql-query-complexity";
import { DEFAULT_PAGE_SIZE } from "../services/paging/cursor-page";

/** `viewer { … }` is 2 deep; a delivery's alert group's integration's team's name inside a connection is 7. */
export const MAX_DEPTH = 10;
/**
 * Roughly one point per field per row: a page of 100 alert groups with their integration is ~4,500, so two
 * full dashboard panels fit in one request while fifty aliased copies of one do not.
 */
export const MAX_COST = 10_000;

/** Introspection (GraphiQL's schema query is 13 deep) is free and has no depth limit. */
const introspectionIsFree: ComplexityEstimator = ({ type, field }) =>
  type.name.startsWith("__") || field.name.startsWith("__") ? 0 : undefined;

/** A connection costs its page size times what one item asks for (edges and nodes count once). */
const connectionsByPageSize: ComplexityEstimator = ({ field, args, childComplexity }) => {
  if (!getNamedType(field.type).name.endsWith("Connection")) return undefined;
  const size = typeof args.first === "number" ? args.first : typeof args.last === "number" ? args.last : DEFAULT_PAGE_SIZE;
  return 1 + Math.max(size, 1) * childComplexity;
};

/** Rejects a request before any resolver runs when it is too deep or too costly (400, a code saying which). */
export function queryLimitsPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema, operationName }) {
          const error = operationLimitError(schema, document, request.variables ?? {}, operationName ?? null);
          if (error) throw error;
        },
      };
    },
  };
}

/** The error of an operation over a limit, or null; HTTP (the plugin above) and WebSocket subscriptions share it. */
export function operationLimitError(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>, operationName: string | null): GraphQLError | null {
  const depth = operationDepth(document, operationName);
  if (depth > MAX_DEPTH) return limitError(`Query depth ${depth} exceeds the limit of ${MAX_DEPTH}.`, "QUERY_TOO_DEEP");
  const cost = queryCost(schema, document, variables, operationName ?? undefined);
  if (cost !== null && cost > MAX_COST) {
    return limitError(`Query cost ${cost} exceeds the limit of ${MAX_COST}: ask for fewer items (first/last), fields or aliased copies.`, "QUERY_TOO_COSTLY");
  }
  return null;
}

/** null when the variables do not fit their types: nothing runs then, and execution reports them (BAD_USER_INPUT). */
export function queryCost(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>, operationName?: string): number | null {
  const operation = getOperationAST(document, operationName);
  if (!operation || "errors" in getVariableValues(schema, operation.variableDefinitions ?? [], variables)) return null;
  return getComplexity({
    schema, query: document, variables, operationName,
    estimators: [introspectionIsFree, fieldExtensionsEstimator(), connectionsByPageSize, simpleEstimator({ defaultComplexity: 1 })],
  });
}

/** Nesting of fields in the operation, fragments followed; introspection fields are not counted. */
export function operationDepth(document: DocumentNode, operationName: string | null): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const operation = document.definitions.find(
    (d) => d.kind === Kind.OPERATION_DEFINITION && (operationName === null || d.name?.value === operationName),
  );
  if (!operation || operation.kind !== Kind.OPERATION_DEFINITION) return 0;

  const depthOf = (set: SelectionSetNode, seen: ReadonlySet<string>): number => {
    let deepest = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value.startsWith("__")) continue;
        deepest = Math.max(deepest, 1 + (selection.selectionSet ? depthOf(selection.selectionSet, seen) : 0));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        deepest = Math.max(deepest, depthOf(selection.selectionSet, seen));
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        // A fragment cycle is a validation error anyway; it must not loop here first.
        if (fragment && !seen.has(name)) deepest = Math.max(deepest, depthOf(fragment.selectionSet, new Set([...seen, name])));
      }
    }
    return deepest;
  };
  return depthOf(operation.selectionSet, new Set());
}

function limitError(message: string, code: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: { status: 400 } } });
}
