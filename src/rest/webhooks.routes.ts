import { Router, type Request } from "express";
import type { WebhookFilters } from "../services/webhook.service";
import { actorOf, bodyObject, route, sendNoContent } from "./handler";
import { paginate, type Page } from "./pagination";
import type { RestDeps } from "./router";
import { webhookInputFromBody, webhookResponseShape, webhookShape } from "./webhook.shape";

/** Django's QueryDict.get: the last value of a repeated parameter. */
export function queryValue(req: Request, name: string): string | undefined {
  const value = req.query[name];
  const last = Array.isArray(value) ? value[value.length - 1] : value;
  return typeof last === "string" ? last : undefined;
}

/** `name` (exact) and `team_id` (`null` = no team); empty values are no filter. Other parameters are ignored. */
export function listFilters(req: Request): WebhookFilters {
  return { name: queryValue(req, "name") || undefined, teamId: queryValue(req, "team_id") || undefined };
}

/** REST `/api/v1/webhooks/` (webhooks-api.md): translation only, the rules live in WebhookService. */
export function webhooksRoutes({ services, config }: RestDeps): Router {
  const router = Router();
  const webhooks = services.webhooks;
  const body = (req: Request) => () => webhookInputFromBody(bodyObject(req));

  route(router, "/webhooks", {
    get: async (req, res) => {
      let page: Page | undefined;
      const { items } = await webhooks.list(actorOf(req), listFilters(req), (total) => (page = paginate(req, config.baseUrl, total)));
      res.json(page!.envelope(items.map(webhookShape)));
    },
    post: async (req, res) => {
      res.status(201).json(webhookShape(await webhooks.create(actorOf(req), body(req))));
    },
  });

  route(router, "/webhooks/:id", {
    get: async (req, res) => {
      res.json(webhookShape(await webhooks.get(actorOf(req), String(req.params.id))));
    },
    put: async (req, res) => {
      res.json(webhookShape(await webhooks.replace(actorOf(req), String(req.params.id), body(req))));
    },
    patch: async (req, res) => {
      res.json(webhookShape(await webhooks.patch(actorOf(req), String(req.params.id), body(req))));
    },
    delete: async (req, res) => {
      await webhooks.delete(actorOf(req), String(req.params.id));
      sendNoContent(res);
    },
  });

  route(router, "/webhooks/:id/responses", {
    get: async (req, res) => {
      let page: Page | undefined;
      const { items } = await webhooks.responses(actorOf(req), String(req.params.id), (total) => (page = paginate(req, config.baseUrl, total)));
      res.json(page!.envelope(items.map(webhookResponseShape)));
    },
  });

  return router;
}
