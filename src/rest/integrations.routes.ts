import { Router } from "express";
import type { RestDeps } from "./router";

export function integrationsRoutes(deps: RestDeps): Router {
  const router = Router();
  void deps;
  return router;
}
