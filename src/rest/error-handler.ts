import type { NextFunction, Request, Response } from "express";
import { AppError, DetailError } from "../errors";
import type { Logger } from "../logger";
import { bodyParserError } from "./body-parsing";

/** The only place a REST error becomes a status and an OnCall body. Unknown errors: logged, plain 500. */
export function errorHandler(log: Logger) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const known = error instanceof AppError ? error : (bodyParserError(error) ?? malformedUrlError(error));
    if (known) {
      res.status(known.status).json(known.body());
      return;
    }
    log.error("unhandled error", { method: req.method, path: req.originalUrl, error });
    if (!res.headersSent) res.status(500).json({ detail: "Internal server error." });
  };
}

/** The router decodes path parameters with decodeURIComponent: `%zz` or a broken UTF-8 sequence is a URIError. */
function malformedUrlError(error: unknown): DetailError | null {
  return error instanceof URIError ? new DetailError(400, "Malformed percent-encoding in the URL path.") : null;
}
