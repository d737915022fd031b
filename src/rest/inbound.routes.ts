import { Router, type NextFunction, type Request, type Response } from "express";
import { AppError, DetailError } from "../errors";
import type { Integration } from "../schema/entities";
import { InboundRejection } from "../services/inbound/inbound-errors";
import { handle } from "./handler";
import { readInboundBody } from "./inbound-body";
import type { RestDeps } from "./router";

const ALERT_PATH = "/integrations/v1/:type/:token";
const HEARTBEAT_PATH = "/integrations/v1/:type/:token/heartbeat";

/** `POST /integrations/v1/{type}/{token}/` (inbound.md): no API token, the path token authenticates. */
export function inboundRoutes({ services }: RestDeps): Router {
  const router = Router();
  const inbound = services.inbound;
  const integrationOf = (req: Request) => inbound.integrationFor(String(req.params.type), String(req.params.token));

  router.all(
    HEARTBEAT_PATH,
    handle(async (req, res) => {
      await integrationOf(req);
      if (req.method !== "GET" && req.method !== "POST") throw methodNotAllowed(req);
      req.resume(); // heartbeat monitoring is out of scope: the body is not needed
      res.status(200).type("text/plain").send(":)");
    }),
  );

  router.all(
    ALERT_PATH,
    handle(async (req, res) => {
      let integration: Integration | null = null;
      try {
        integration = await integrationOf(req);
        if (req.method === "GET") {
          res.status(200).type("text/plain").send(`This is the ${integration.name} integration link. POST alerts here.`);
          return;
        }
        if (req.method !== "POST") throw methodNotAllowed(req);
        const body = await readInboundBody(req);
        await inbound.receive(integration, body);
        res.status(200).json("Ok.");
      } catch (error) {
        if (req.method === "POST") inbound.noteRefusedPost(integration?.type ?? null, String(req.params.type), error instanceof AppError ? error.status : 500);
        throw error;
      }
    }),
  );

  // This surface's own error mapping: OnCall answers its refusals as text/plain.
  router.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (error instanceof InboundRejection) return void res.status(error.status).type("text/plain").send(error.text);
    next(error);
  });
  return router;
}

function methodNotAllowed(req: Request): DetailError {
  return new DetailError(405, `Method "${req.method}" not allowed.`);
}
