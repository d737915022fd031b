import { Router } from "express";
import type { RestDeps } from "./router";

/** `POST /integrations/v1/{type}/{token}/` (inbound.md): no API token, the path token authenticates. */
export function inboundRoutes(deps: RestDeps): Router {
  const router = Router();
  void deps;
  return router;
}
