import { ApolloServer } from "@apollo/server";
import { expressMiddleware } from "@as-integrations/express5";
import express, { type Express } from "express";
import type { Config } from "./config";
import { AppError, NotFoundError } from "./errors";
import { explorerRouter } from "./explorer/explorer.router";
import type { Logger } from "./logger";
import { requestLog } from "./request-log";
import type { Metrics } from "./metrics/metrics";
import { metricsRouter } from "./metrics/metrics.router";
import { apiRouter } from "./rest/router";
import { errorHandler } from "./rest/error-handler";
import { inboundRoutes } from "./rest/inbound.routes";
import type { GraphQLContext } from "./schema/context";
import { graphqlJsonBody } from "./schema/graphql-body";
import { createLoaders } from "./schema/loaders";
import type { Services } from "./services";
import type { Actor } from "./services/actor";

export interface AppDeps {
  config: Config;
  services: Services;
  apollo: ApolloServer<GraphQLContext>;
  log: Logger;
  /** `GET /health` is 200 only while this says the database and the engine are up. */
  healthy(): Promise<boolean>;
  metrics: Metrics;
}

/** The Express app: /health, /metrics, /graphql, /api/v1, the inbound links, JSON 404s and errors. No listen. */
export function createApp(deps: AppDeps): Express {
  const { config, services } = deps;
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", false);
  app.use(requestLog(deps.log, (route, method, status) => deps.metrics.httpRequest(route, method, status)));

  app.get("/health", async (_req, res) => {
    const ok = await deps.healthy().catch(() => false);
    res.status(ok ? 200 : 503).json(ok ? { status: "ok" } : { status: "unavailable" });
  });

  app.use(metricsRouter(deps.metrics, config.metricsToken));
  app.use(inboundRoutes({ services, config }));
  app.use("/api/v1", apiRouter({ services, config }));

  // Every operation needs a token; only the explorer (a browser's GET without a query) is public. Auth failures
  // answer in GraphQL's shape (`errors[].extensions.code`), which GraphQL clients read; REST keeps OnCall's `{"detail"}`.
  app.use(
    "/graphql",
    explorerRouter(),
    async (req, res, next) => {
      if (req.method === "GET" && !req.query.query) return next();
      try {
        (req as unknown as { actor: Actor }).actor = await services.auth.authenticate(req.headers.authorization);
        next();
      } catch (error) {
        if (!(error instanceof AppError)) return next(error);
        res.status(error.status).json({ errors: [{ message: error.message, extensions: { code: error.code } }] });
      }
    },
    ...graphqlJsonBody("1mb"),
    expressMiddleware(deps.apollo, {
      context: async ({ req }) => {
        const actor = (req as unknown as { actor: Actor }).actor;
        return { actor, services, loaders: createLoaders(actor, services) };
      },
    }),
  );

  app.use((_req, _res, next) => next(new NotFoundError()));
  app.use(errorHandler(deps.log));
  return app;
}
