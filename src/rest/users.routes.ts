import { Router } from "express";
import { actorOf, route } from "./handler";
import { type Page, paginate } from "./pagination";
import { queryList, queryParam } from "./query-params";
import type { RestDeps } from "./router";
import { organizationToOnCall, teamToOnCall, userToOnCall, userToOnCallShort } from "./user.shape";

const USERS_PAGE_SIZE = 100;
const TEAMS_PAGE_SIZE = 50;

/** `/api/v1/users/`, `/api/v1/teams/` (read-only) and `/api/v1/organizations/{id}/` (domain-api.md §9–11). */
export function usersRoutes({ services, config }: RestDeps): Router {
  const router = Router();
  const { users, teams } = services;

  route(router, "/users", {
    get: async (req, res) => {
      let page!: Page;
      const filters = { email: queryParam(req, "email"), username: queryParam(req, "username"), roles: queryList(req, "roles") };
      const { items } = await users.list(actorOf(req), filters, (total) => (page = paginate(req, config.baseUrl, total, USERS_PAGE_SIZE)));
      const shape = queryParam(req, "short") === "true" ? userToOnCallShort : userToOnCall;
      res.json(page.envelope(items.map(shape)));
    },
  });
  // Registered before `/users/:id` so "current" is never taken for an id.
  route(router, "/users/current", {
    get: async (req, res) => {
      res.json(userToOnCall(await users.current(actorOf(req))));
    },
  });
  route(router, "/users/:id", {
    get: async (req, res) => {
      res.json(userToOnCall(await users.get(actorOf(req), String(req.params.id))));
    },
  });

  route(router, "/teams", {
    get: async (req, res) => {
      let page!: Page;
      const filters = { name: queryParam(req, "name") };
      const { items } = await teams.list(actorOf(req), filters, (total) => (page = paginate(req, config.baseUrl, total, TEAMS_PAGE_SIZE)));
      res.json(page.envelope(items.map(teamToOnCall)));
    },
  });
  route(router, "/teams/:id", {
    get: async (req, res) => {
      res.json(teamToOnCall(await teams.get(actorOf(req), String(req.params.id))));
    },
  });

  route(router, "/organizations/:id", {
    get: (req, res) => {
      res.json(organizationToOnCall(users.organization(actorOf(req))));
    },
  });
  return router;
}
