import type { GraphQLFormattedError } from "graphql";
import { unwrapResolverError } from "@apollo/server/errors";
import { AppError, ValidationError } from "../errors";
import type { Logger } from "../logger";

/** AppError → extensions.code (+ status, field errors); anything unknown → INTERNAL_SERVER_ERROR without details. */
export function formatError(log: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof AppError) {
      return {
        message: original.message,
        path: formatted.path,
        locations: formatted.locations,
        extensions: {
          code: original.code,
          status: original.status,
          ...(original instanceof ValidationError ? { fields: original.fields } : { body: original.body() }),
        },
      };
    }
    const code = formatted.extensions?.code;
    if (code && code !== "INTERNAL_SERVER_ERROR") return { ...formatted, extensions: { code } };
    log.error("graphql resolver failed", { path: formatted.path, error: original });
    return { message: "Internal server error", path: formatted.path, extensions: { code: "INTERNAL_SERVER_ERROR" } };
  };
}
