import type { GraphQLFormattedError } from "graphql";
import { unwrapResolverError } from "@apollo/server/errors";
import { AppError, RawBodyError, ValidationError } from "../errors";
import type { Logger } from "../logger";

/**
 * AppError → extensions.code (+ status, field errors); anything unknown → INTERNAL_SERVER_ERROR without details.
 * Field errors are keyed by GraphQL's camelCase names (`team_id` → `teamId`); `body` keeps the REST body.
 */
export function formatError(log: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof AppError) {
      const fields = fieldsOf(original);
      return {
        message: original.message,
        path: formatted.path,
        locations: formatted.locations,
        extensions: {
          code: original.code,
          status: original.status,
          ...(fields && { fields }),
          ...(!(original instanceof ValidationError) && { body: original.body() }),
        },
      };
    }
    const code = formatted.extensions?.code;
    if (code && code !== "INTERNAL_SERVER_ERROR") return { ...formatted, extensions: { code } };
    log.error("graphql resolver failed", { path: formatted.path, error: original });
    return { message: "Internal server error", path: formatted.path, extensions: { code: "INTERNAL_SERVER_ERROR" } };
  };
}

/** Field messages as lists under camelCase keys: every ValidationError, and RawBodyErrors shaped `{"field": "message"}`. */
function fieldsOf(error: AppError): Record<string, string[]> | null {
  let raw: Record<string, unknown> | null = null;
  if (error instanceof ValidationError) raw = error.fields;
  else if (error instanceof RawBodyError) {
    const body = error.body();
    if (typeof body === "object" && body !== null && !Array.isArray(body)) raw = body as Record<string, unknown>;
  }
  if (!raw) return null;
  return Object.fromEntries(Object.entries(raw).map(([key, value]) => [camelCase(key), Array.isArray(value) ? value.map(String) : [String(value)]]));
}

const camelCase = (key: string) => key.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
