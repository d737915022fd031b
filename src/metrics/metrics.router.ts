// `GET /metrics`: Prometheus' text exposition. Open unless METRICS_TOKEN is set; then only `Bearer <it>` passes
// (metrics reveal traffic and integration types, not secrets, so an operator may keep them on a private port instead).
import { createHash, timingSafeEqual } from "node:crypto";
import { Router, type Request } from "express";
import type { Metrics } from "./metrics";

export function metricsRouter(metrics: Metrics, token: string | null): Router {
  const router = Router();
  router.get("/metrics", async (req, res, next) => {
    if (token !== null && !bearerMatches(req, token)) {
      res.status(401).set("WWW-Authenticate", 'Bearer realm="metrics"').json({ detail: "Invalid token." });
      return;
    }
    try {
      const { contentType, text } = await metrics.exposition();
      res.status(200).type(contentType).send(text);
    } catch (error) {
      next(error);
    }
  });
  return router;
}

/** Compared as digests, in constant time: the token's length does not leak either. */
function bearerMatches(req: Request, token: string): boolean {
  const match = /^\s*Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "");
  if (!match) return false;
  const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();
  return timingSafeEqual(digest(match[1]), digest(token));
}
