// One log line per HTTP request (method, route template, status, duration) and a request id on it and on every
// line logged while the request runs. The raw path is never logged: it may hold an inbound link's token.
import { randomUUID } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import { withLogScope, type Logger } from "./logger";

/** A caller's X-Request-Id is kept when it looks like an id (UUIDs, trace ids); anything else is replaced. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const INBOUND_TOKEN = /^\/integrations\/v1\/[^/?#]+\/([^/?#]+)/;

/** Hears every answered request with its route template (metrics); never the raw path. */
export type RequestListener = (route: string | null, method: string, status: number) => void;

export function requestLog(log: Logger, onAnswered: RequestListener = () => {}) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    const given = req.headers["x-request-id"];
    const reqId = typeof given === "string" && SANE_REQUEST_ID.test(given) ? given : randomUUID();
    res.setHeader("X-Request-Id", reqId);
    const secrets = requestSecrets(req);
    const routeOf = trackRoute(req);
    res.once("close", () => {
      const fields: Record<string, unknown> = {
        method: req.method,
        route: routeOf(),
        status: res.statusCode,
        durationMs: Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100,
      };
      if (!res.writableFinished) fields.aborted = true; // the client went away before the answer was sent
      withLogScope({ reqId }, secrets, () => (res.statusCode >= 500 ? log.warn : log.info)("request", fields));
      onAnswered(fields.route as string | null, req.method, res.statusCode);
    });
    withLogScope({ reqId }, secrets, next);
  };
}

/** What this request carries that no line may show, even inside an error message: its token, its inbound link. */
function requestSecrets(req: Request): string[] {
  const out: string[] = [];
  const auth = req.headers.authorization;
  if (auth) out.push(auth, auth.replace(/^\s*(Bearer|Basic|Token)\s+/i, "").trim());
  const token = INBOUND_TOKEN.exec(req.url)?.[1];
  if (token) {
    out.push(token);
    try {
      out.push(decodeURIComponent(token));
    } catch {
      // malformed percent-encoding: the raw form is what any message would show
    }
  }
  return out;
}

/**
 * The route template that answered (`/api/v1/webhooks/:id`), or the mount that did (`/graphql`), or null.
 * Express restores `req.baseUrl` when an error leaves a router, so both are noted at the moment they are set.
 */
function trackRoute(req: Request): () => string | null {
  let baseUrl = req.baseUrl ?? "";
  let deepestMount = "";
  let route: { path?: unknown } | undefined;
  let template: string | null = null;
  Object.defineProperty(req, "baseUrl", {
    configurable: true,
    enumerable: true,
    get: () => baseUrl,
    set: (value: string) => {
      baseUrl = value;
      if (value.length > deepestMount.length) deepestMount = value;
    },
  });
  Object.defineProperty(req, "route", {
    configurable: true,
    enumerable: true,
    get: () => route,
    set: (value: { path?: unknown } | undefined) => {
      route = value;
      if (value) template = `${baseUrl}${String(value.path)}`;
    },
  });
  return () => template ?? (deepestMount || null);
}
