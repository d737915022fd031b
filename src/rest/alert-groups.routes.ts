import { Router, type Request, type Response } from "express";
import type { AlertGroupView } from "../services/alert-group.service";
import type { Actor } from "../services/actor";
import { alertGroupShape, alertShape } from "./alert-group.shape";
import { actorOf, route, sendNoContent } from "./handler";
import { sendStoredJson } from "./json-response";
import { queryString } from "./integrations.routes";
import { paginate, type Page } from "./pagination";
import type { RestDeps } from "./router";

type Action = (actor: Actor, id: string) => Promise<AlertGroupView>;

/** `/api/v1/alert_groups/` with its six actions, and the read-only `/api/v1/alerts/` (domain-api.md §5–6). */
export function alertGroupsRoutes({ services, config }: RestDeps): Router {
  const router = Router();
  const groups = services.alertGroups;
  const pageOf = (req: Request, onPage: (page: Page) => void) => (total: number) => {
    const page = paginate(req, config.baseUrl, total, 50);
    onPage(page);
    return page;
  };

  route(router, "/alert_groups", {
    get: async (req, res) => {
      let page!: Page;
      const filters = {
        id: queryString(req, "id"),
        integrationId: queryString(req, "integration_id"),
        routeId: queryString(req, "route_id"),
        teamId: queryString(req, "team_id"),
        state: queryString(req, "state"),
        startedAt: queryString(req, "started_at"),
        labels: queryList(req, "label"),
      };
      const { items } = await groups.list(actorOf(req), filters, pageOf(req, (p) => (page = p)));
      sendStoredJson(res, page.envelope(items.map(alertGroupShape)));
    },
  });

  route(router, "/alert_groups/:id", {
    get: async (req, res) => sendStoredJson(res, alertGroupShape(await groups.get(actorOf(req), String(req.params.id)))),
    delete: async (req, res) => {
      await groups.remove(actorOf(req), String(req.params.id), req.body);
      sendNoContent(res);
    },
  });

  const actions: Record<string, Action> = {
    acknowledge: (actor, id) => groups.acknowledge(actor, id),
    unacknowledge: (actor, id) => groups.unacknowledge(actor, id),
    resolve: (actor, id) => groups.resolve(actor, id),
    unresolve: (actor, id) => groups.unresolve(actor, id),
    unsilence: (actor, id) => groups.unsilence(actor, id),
  };
  for (const [name, action] of Object.entries(actions)) {
    route(router, `/alert_groups/:id/${name}`, {
      post: async (req, res) => ok(res, await action(actorOf(req), String(req.params.id))),
    });
  }
  route(router, "/alert_groups/:id/silence", {
    post: async (req, res) => ok(res, await groups.silence(actorOf(req), String(req.params.id), bodyField(req, "delay"))),
  });

  route(router, "/alerts", {
    get: async (req, res) => {
      let page!: Page;
      const filters = { id: queryString(req, "id"), alertGroupId: queryString(req, "alert_group_id"), search: queryString(req, "search") };
      const { items } = await groups.listAlerts(actorOf(req), filters, pageOf(req, (p) => (page = p)));
      sendStoredJson(res, page.envelope(items.map(alertShape)));
    },
  });
  return router;
}

/** Actions answer 200 with an empty body. */
function ok(res: Response, _view: AlertGroupView): void {
  res.status(200).end();
}

function bodyField(req: Request, name: string): unknown {
  const body = req.body;
  return typeof body === "object" && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>)[name] : undefined;
}

function queryList(req: Request, name: string): string[] {
  const value = req.query[name];
  return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === "string");
}
