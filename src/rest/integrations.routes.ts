import { Router, type Request } from "express";
import { actorOf, route, sendNoContent } from "./handler";
import { integrationShape } from "./integration.shape";
import { paginate } from "./pagination";
import type { RestDeps } from "./router";

/** `/api/v1/integrations/` (domain-api.md §4). */
export function integrationsRoutes({ services, config }: RestDeps): Router {
  const router = Router();
  const integrations = services.integrations;

  route(router, "/integrations", {
    get: async (req, res) => {
      let page: ReturnType<typeof paginate> | undefined;
      const { items } = await integrations.list(actorOf(req), { name: queryString(req, "name"), teamId: queryString(req, "team_id") }, (total) => {
        page = paginate(req, config.baseUrl, total, 50);
        return page;
      });
      res.json(page!.envelope(items.map(integrationShape)));
    },
    post: async (req, res) => {
      const actor = actorOf(req);
      const view = await integrations.create(actor, req.body);
      res.status(201).json(integrationShape(view));
    },
  });

  route(router, "/integrations/:id", {
    get: async (req, res) => res.json(integrationShape(await integrations.get(actorOf(req), String(req.params.id)))),
    put: async (req, res) => res.json(integrationShape(await integrations.update(actorOf(req), String(req.params.id), req.body))),
    patch: async (req, res) => res.json(integrationShape(await integrations.update(actorOf(req), String(req.params.id), req.body))),
    delete: async (req, res) => {
      await integrations.delete(actorOf(req), String(req.params.id));
      sendNoContent(res);
    },
  });
  return router;
}

/** The last value of a query parameter (Django's QueryDict.get); undefined when absent. */
export function queryString(req: Request, name: string): string | undefined {
  const value = req.query[name];
  const last = Array.isArray(value) ? value[value.length - 1] : value;
  return typeof last === "string" ? last : undefined;
}
