import { Router, type NextFunction, type Request, type Response } from "express";
import type { Config } from "../config";
import type { Services } from "../services";
import { actionsRoutes } from "./actions.routes";
import { alertGroupsRoutes } from "./alert-groups.routes";
import { apiBodyParsers } from "./body-parsing";
import { escalationRoutes } from "./escalation.routes";
import { integrationsRoutes } from "./integrations.routes";
import { usersRoutes } from "./users.routes";
import { webhooksRoutes } from "./webhooks.routes";

export interface RestDeps {
  services: Services;
  config: Config;
}

/** Resolves the caller from the Authorization header before any /api/v1 route runs. */
export function authenticate(services: Services) {
  return async (req: Request, _res: Response, next: NextFunction) => {
    try {
      (req as Request & { actor?: unknown }).actor = await services.auth.authenticate(req.headers.authorization);
      next();
    } catch (error) {
      next(error);
    }
  };
}

/** `/api/v1/*`: the OnCall-compatible REST adapter. Trailing slashes are optional (Express non-strict routing). */
export function apiRouter(deps: RestDeps): Router {
  const router = Router();
  router.use(authenticate(deps.services));
  router.use(...apiBodyParsers("1mb"));
  router.use(webhooksRoutes(deps));
  router.use(actionsRoutes(deps));
  router.use(integrationsRoutes(deps));
  router.use(alertGroupsRoutes(deps));
  router.use(escalationRoutes(deps));
  router.use(usersRoutes(deps));
  return router;
}
