import { Router, type Request } from "express";
import { ACTIONS_DIALECT } from "../services/webhooks/dialects";
import { actionInputFromBody, actionShape } from "./action.shape";
import { actorOf, bodyObject, route, sendNoContent } from "./handler";
import { paginate, type Page } from "./pagination";
import type { RestDeps } from "./router";
import { listFilters } from "./webhooks.routes";

/** REST `/api/v1/actions/` (actions-api.md): the same webhook rows under the legacy custom-action names. */
export function actionsRoutes({ services, config }: RestDeps): Router {
  const router = Router();
  const webhooks = services.webhooks;
  const body = (req: Request) => () => actionInputFromBody(bodyObject(req));

  route(router, "/actions", {
    get: async (req, res) => {
      let page: Page | undefined;
      const filters = { ...listFilters(req), includeConnectedIntegrations: true };
      const { items } = await webhooks.list(actorOf(req), filters, (total) => (page = paginate(req, config.baseUrl, total)), ACTIONS_DIALECT);
      res.json(page!.envelope(items.map(actionShape)));
    },
    post: async (req, res) => {
      res.status(201).json(actionShape(await webhooks.create(actorOf(req), body(req), ACTIONS_DIALECT)));
    },
  });

  route(router, "/actions/:id", {
    get: async (req, res) => {
      res.json(actionShape(await webhooks.get(actorOf(req), String(req.params.id))));
    },
    put: async (req, res) => {
      res.json(actionShape(await webhooks.replace(actorOf(req), String(req.params.id), body(req), ACTIONS_DIALECT)));
    },
    patch: async (req, res) => {
      res.json(actionShape(await webhooks.patch(actorOf(req), String(req.params.id), body(req), ACTIONS_DIALECT)));
    },
    delete: async (req, res) => {
      await webhooks.delete(actorOf(req), String(req.params.id));
      sendNoContent(res);
    },
  });

  return router;
}
