import type { IncomingMessage } from "node:http";
import express, { type NextFunction, type Request, type Response } from "express";
import { DetailError } from "../errors";
import { NESTING_MESSAGE, nestsDeeperThan } from "../json/nesting";

const isJson = (req: IncomingMessage) => {
  const type = req.headers["content-type"];
  return !type || /^application\/([\w.+-]+\+)?json\b/i.test(type);
};

/** Checked on the raw bytes before JSON.parse: whatever handles the parsed body may recurse over it. */
function refuseDeepNesting(_req: IncomingMessage, _res: unknown, body: Buffer): void {
  // A body-parser error (it sets `body` and `type` on what is thrown): bodyParserError maps it to a 400 below.
  if (nestsDeeperThan(body.toString("latin1"))) throw Object.assign(new Error(NESTING_MESSAGE), { status: 400, type: "entity.too.deep" });
}

/**
 * Bodies of /api/v1 requests: JSON (also without a Content-Type) and form-encoded, at most `limit`.
 * Anything else that carries a body is OnCall's 415.
 */
export function apiBodyParsers(limit: string) {
  return [
    express.json({ limit, strict: false, type: isJson, verify: refuseDeepNesting }),
    express.urlencoded({ limit, extended: false }),
    (req: Request, _res: Response, next: NextFunction) => {
      const hasBody = Number(req.headers["content-length"] ?? 0) > 0 || req.headers["transfer-encoding"] !== undefined;
      if (hasBody && req.body === undefined) {
        return next(new DetailError(415, `Unsupported media type "${req.headers["content-type"]}" in request.`));
      }
      next();
    },
  ];
}

/** body-parser errors → OnCall's bodies; anything else passes through. */
export function bodyParserError(error: unknown): DetailError | null {
  const e = error as { type?: string; message?: string; status?: number };
  if (e?.type === "entity.parse.failed") return new DetailError(400, `JSON parse error - ${e.message}`);
  if (e?.type === "entity.too.large") return new DetailError(413, "Request body too large.");
  if (e?.type === "encoding.unsupported" || e?.type === "charset.unsupported") {
    return new DetailError(415, e.message ?? "Unsupported media type.");
  }
  if (e?.type && e.status && e.status < 500) return new DetailError(e.status, e.message ?? "Bad request.");
  return null;
}
