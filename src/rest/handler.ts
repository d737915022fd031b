import type { NextFunction, Request, RequestHandler, Response, Router } from "express";
import { DetailError, NotFoundError, ValidationError } from "../errors";
import type { Actor } from "../services/actor";
import { holdsNullCharacter, refuseNullCharacters } from "../services/null-characters";
import { isPlainObject, pythonTypeName } from "../services/python-types";

type Handler = (req: Request, res: Response) => Promise<unknown> | unknown;
type Method = "get" | "post" | "put" | "patch" | "delete";

/** Express 5 forwards rejected promises to the error handler; this keeps handlers one-liners. */
export function handle(fn: Handler): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      // No id or token holds a NUL (refused on every write), and PostgreSQL cannot even compare one.
      if (holdsNullCharacter(req.params)) throw new NotFoundError();
      await fn(req, res);
    } catch (error) {
      next(error);
    }
  };
}

/** Registers the handlers of one path and answers OnCall's 405 for every other method. */
export function route(router: Router, path: string, handlers: Partial<Record<Method, Handler>>): void {
  for (const [method, fn] of Object.entries(handlers) as [Method, Handler][]) {
    router[method](
      path,
      handle((req, res) => {
        refuseNullCharacterInput(req);
        return fn(req, res);
      }),
    );
  }
  router.all(path, (req, _res, next) => next(new DetailError(405, `Method "${req.method}" not allowed.`)));
}

/** NULs in a query parameter or a body field are OnCall's 400 field error, whatever the route (see null-characters.ts). */
function refuseNullCharacterInput(req: Request): void {
  refuseNullCharacters(req.query as Record<string, unknown>);
  if (isPlainObject(req.body)) refuseNullCharacters(req.body);
}

/** The caller, set by the authentication middleware on every /api/v1 request. */
export function actorOf(req: Request): Actor {
  const actor = (req as Request & { actor?: Actor }).actor;
  if (!actor) throw new Error("route mounted without authentication");
  return actor;
}

/** The JSON body as an object, or OnCall's 400 for a body that is valid JSON but not an object. */
export function bodyObject(req: Request): Record<string, unknown> {
  const body = req.body;
  if (body === undefined || body === null || (typeof body === "string" && body === "")) return {};
  if (typeof body !== "object" || Array.isArray(body)) {
    const type = pythonTypeName(body);
    throw new ValidationError({ non_field_errors: [`Invalid data. Expected a dictionary, but got ${type}.`] });
  }
  return body as Record<string, unknown>;
}

export function sendNoContent(res: Response): void {
  res.status(204).end();
}
