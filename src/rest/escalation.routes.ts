import { Router } from "express";
import { paginate, type Page } from "./pagination";
import { actorOf, bodyObject, route, sendNoContent } from "./handler";
import { chainToOnCall, policyToOnCall } from "./escalation.shape";
import { queryParam } from "./query-params";
import type { RestDeps } from "./router";

const PAGE_SIZE = 50;

/** `/api/v1/escalation_chains/` and `/api/v1/escalation_policies/` (domain-api.md §7–8). */
export function escalationRoutes({ services, config }: RestDeps): Router {
  const router = Router();
  const { chains, policies } = services.escalation;

  route(router, "/escalation_chains", {
    get: async (req, res) => {
      let page!: Page;
      const filters = { name: queryParam(req, "name"), teamId: queryParam(req, "team_id") };
      const { items } = await chains.list(actorOf(req), filters, (total) => (page = paginate(req, config.baseUrl, total, PAGE_SIZE)));
      res.json(page.envelope(items.map(chainToOnCall)));
    },
    post: async (req, res) => {
      res.status(201).json(chainToOnCall(await chains.create(actorOf(req), bodyObject(req))));
    },
  });
  route(router, "/escalation_chains/:id", {
    get: async (req, res) => {
      res.json(chainToOnCall(await chains.get(actorOf(req), String(req.params.id))));
    },
    put: async (req, res) => {
      res.json(chainToOnCall(await chains.update(actorOf(req), String(req.params.id), bodyObject(req), true)));
    },
    patch: async (req, res) => {
      res.json(chainToOnCall(await chains.update(actorOf(req), String(req.params.id), bodyObject(req), false)));
    },
    delete: async (req, res) => {
      await chains.delete(actorOf(req), String(req.params.id));
      sendNoContent(res);
    },
  });

  route(router, "/escalation_policies", {
    get: async (req, res) => {
      let page!: Page;
      const filters = { escalationChainId: queryParam(req, "escalation_chain_id") };
      const { items } = await policies.list(actorOf(req), filters, (total) => (page = paginate(req, config.baseUrl, total, PAGE_SIZE)));
      res.json(page.envelope(items.map(policyToOnCall)));
    },
    post: async (req, res) => {
      res.status(201).json(policyToOnCall(await policies.create(actorOf(req), bodyObject(req))));
    },
  });
  route(router, "/escalation_policies/:id", {
    get: async (req, res) => {
      res.json(policyToOnCall(await policies.get(actorOf(req), String(req.params.id))));
    },
    put: async (req, res) => {
      res.json(policyToOnCall(await policies.update(actorOf(req), String(req.params.id), bodyObject(req))));
    },
    patch: async (req, res) => {
      res.json(policyToOnCall(await policies.update(actorOf(req), String(req.params.id), bodyObject(req))));
    },
    delete: async (req, res) => {
      await policies.delete(actorOf(req), String(req.params.id));
      sendNoContent(res);
    },
  });
  return router;
}
