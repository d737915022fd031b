// GraphQL subscriptions over the graphql-ws protocol on /graphql (the same path as POST; a WebSocket upgrade
// goes here, everything else to Express). The token comes in the `connection_init` payload as `Authorization`.
import type http from "node:http";
import { GraphQLError, getOperationAST, parse, validate, type ExecutionArgs, type GraphQLFormattedError, type GraphQLSchema } from "graphql";
import { CloseCode } from "graphql-ws";
import { useServer } from "graphql-ws/use/ws";
import { WebSocketServer, type WebSocket } from "ws";
import { AuthenticationError, PermissionError } from "../errors";
import type { Logger } from "../logger";
import type { GraphQLContext } from "../schema/context";
import { formatError } from "../schema/format-error";
import { createLoaders } from "../schema/loaders";
import { operationLimitError } from "../schema/query-limits";
import type { Services } from "../services";
import type { Actor } from "../services/actor";
import type { DeliveryFeed } from "./delivery-feed";

/** An open connection's token is checked again this often: a revoked token or deactivated user is cut off. */
export const TOKEN_RECHECK_MS = 60_000;
/** On stop, clients get this long to answer the close handshake before their sockets are cut. */
const CLOSE_GRACE_MS = 1_000;

export interface GraphqlWebsocket {
  /** Closes every connection (1001) and stops accepting upgrades. */
  close(): Promise<void>;
}

interface Connection {
  token?: string;
  actor?: Actor;
  recheck?: NodeJS.Timeout;
}

export function attachGraphqlWebsocket(deps: {
  httpServer: http.Server;
  schema: GraphQLSchema;
  services: Services;
  feed: DeliveryFeed;
  log: Logger;
  /** TOKEN_RECHECK_MS unless given (tests). */
  tokenRecheckMs?: number;
}): GraphqlWebsocket {
  const { schema, services, feed, log } = deps;
  const format = formatError(log);
  const wss = new WebSocketServer({ server: deps.httpServer, path: "/graphql" });
  const connections = new WeakMap<WebSocket, Connection>();
  const connectionOf = (socket: WebSocket) => {
    let c = connections.get(socket);
    if (!c) connections.set(socket, (c = {}));
    return c;
  };

  /** Authenticates as the HTTP API does; a refusal closes the socket (4401, or 4403 for a deactivated user). */
  const authenticate = async (socket: WebSocket, token: string | undefined): Promise<Actor | null> => {
    try {
      return await services.auth.authenticate(token);
    } catch (error) {
      if (error instanceof AuthenticationError) socket.close(CloseCode.Unauthorized, "Unauthorized");
      else if (error instanceof PermissionError) socket.close(CloseCode.Forbidden, "Forbidden");
      else {
        log.error("graphql-ws: authentication failed", { error });
        socket.close(CloseCode.InternalServerError, "Internal server error");
      }
      return null;
    }
  };

  const server = useServer<Record<string, unknown> | undefined>(
    {
      onConnect: async ({ connectionParams, extra }) => {
        const token = tokenOf(connectionParams);
        const actor = await authenticate(extra.socket, token);
        if (!actor) return false; // the socket is already closed with the code above
        if (extra.socket.readyState !== extra.socket.OPEN) return false; // gone while we checked: no timer to leak
        const connection = connectionOf(extra.socket);
        Object.assign(connection, { token, actor });
        connection.recheck = setInterval(async () => {
          const again = await authenticate(extra.socket, token);
          if (again) connection.actor = again;
        }, deps.tokenRecheckMs ?? TOKEN_RECHECK_MS);
        connection.recheck.unref();
        return true;
      },
      onSubscribe: async ({ extra }, _id, payload): Promise<ExecutionArgs | readonly GraphQLError[]> => {
        const connection = connectionOf(extra.socket);
        let document;
        try {
          document = parse(payload.query);
        } catch (error) {
          return [coded(error as GraphQLError, "GRAPHQL_PARSE_FAILED")];
        }
        const invalid = validate(schema, document);
        if (invalid.length) return invalid.map((e) => coded(e, "GRAPHQL_VALIDATION_FAILED"));
        const operation = getOperationAST(document, payload.operationName);
        if (operation?.operation !== "subscription") {
          return [new GraphQLError("Only subscriptions are served over WebSocket; send queries and mutations with POST /graphql", { extensions: { code: "BAD_REQUEST" } })];
        }
        const variables = payload.variables ?? {};
        const overLimit = operationLimitError(schema, document, variables, payload.operationName ?? null);
        if (overLimit) return [overLimit];
        // A new subscription checks the token again (it may have been revoked since the connection opened).
        const actor = await authenticate(extra.socket, connection.token);
        if (!actor) return [new GraphQLError("Unauthorized", { extensions: { code: "UNAUTHENTICATED" } })];
        connection.actor = actor;
        const contextValue: GraphQLContext = {
          actor,
          services,
          live: feed,
          // Fresh per read: a subscription lives long, and per-request caches would keep every event's rows.
          get loaders() {
            return createLoaders(actor, services);
          },
        };
        return { schema, document, variableValues: variables, operationName: payload.operationName, contextValue };
      },
      // Errors get the same shape as over HTTP (extensions.code, fields, …).
      onNext: (_ctx, _id, _payload, _args, result) =>
        result.errors ? { ...result, errors: result.errors.map((e) => format(e.toJSON(), e)) } : undefined,
      onError: (_ctx, _id, _payload, errors) => errors.map((e) => formatEnded(e, format)),
      onClose: ({ extra }) => {
        const connection = connections.get(extra.socket);
        if (connection?.recheck) clearInterval(connection.recheck);
      },
    },
    wss,
  );

  return {
    async close() {
      for (const client of wss.clients) client.close(1001, "Server stopping");
      const cut = setTimeout(() => {
        for (const client of wss.clients) client.terminate();
      }, CLOSE_GRACE_MS);
      try {
        await server.dispose();
      } finally {
        clearTimeout(cut);
      }
    },
  };
}

/** `{ "Authorization": "<token>" }`, also `authorization`, with or without `Bearer ` (the auth service strips it). */
function tokenOf(params: Record<string, unknown> | undefined): string | undefined {
  const value = params?.Authorization ?? params?.authorization;
  return typeof value === "string" ? value : undefined;
}

function coded(error: GraphQLError, code: string): GraphQLError {
  return new GraphQLError(error.message, { nodes: error.nodes, source: error.source, positions: error.positions, extensions: { code } });
}

/**
 * Errors that end a subscription: ours carry a code already (validation, limits, over-HTTP); one the feed ended
 * (a slow subscriber, the server falling behind) says why in its message.
 */
function formatEnded(error: GraphQLError, format: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError): GraphQLFormattedError {
  if (error.extensions?.code) return format(error.toJSON(), error);
  return { message: error.message, extensions: { code: "SUBSCRIPTION_ENDED" } };
}
