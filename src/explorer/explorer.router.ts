import { Router, type Request } from "express";
import { NotFoundError } from "../errors";
import { EXPLORER_ASSETS } from "./explorer.assets";
import { EXPLORER_CSP, explorerPage } from "./explorer.page";

/** A browser navigating to the endpoint; API clients (curl's `*\/*`, JSON, GET with ?query=) are not. */
function wantsExplorer(req: Request): boolean {
  return req.query.query === undefined && req.accepts(["application/json", "text/html"]) === "text/html";
}

/**
 * `GET /graphql` in a browser: GraphiQL, served from our own node_modules so it works offline. Mount at
 * /graphql before authentication: the page and its assets are public, every operation still needs a token.
 */
export function explorerRouter(): Router {
  const router = Router();

  router.get("/", (req, res, next) => {
    if (!wantsExplorer(req)) return next();
    // Relative asset links keep working behind a reverse proxy that adds a path prefix.
    const assets = req.originalUrl.split("?")[0].endsWith("/") ? "explorer/" : "graphql/explorer/";
    res
      .set({
        "Content-Security-Policy": EXPLORER_CSP,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Cache-Control": "no-cache",
      })
      .type("html")
      .send(explorerPage(assets));
  });

  router.get("/explorer/:name", (req, res, next) => {
    const asset = Object.hasOwn(EXPLORER_ASSETS, req.params.name) ? EXPLORER_ASSETS[req.params.name] : undefined;
    if (!asset) return next(new NotFoundError());
    res.set({ "X-Content-Type-Options": "nosniff" }).type(asset.contentType);
    if (asset.text !== undefined) res.send(asset.text);
    else res.sendFile(asset.file!);
  });

  return router;
}
