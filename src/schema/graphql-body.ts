// The /graphql request body, read losslessly. GraphQL itself needs plain JavaScript numbers (Int arguments), so
// the parsed body is handed on with numbers as JSON.parse would give them, and each object remembers its exact
// counterpart: a resolver that needs the sender's numbers (previewTemplate's eventData) asks exactJsonOf().
import express, { type NextFunction, type Request, type Response } from "express";
import { isLosslessNumber } from "lossless-json";
import { DetailError } from "../errors";
import { JsonParseError, exactJsonText, parseExact } from "../json/exact-parse";
import type { JsonText } from "../json/json-text";

/** Plain object of the handed-on body → the same object as parsed, numbers as written. */
const exactObjects = new WeakMap<object, object>();

/** The JSON text of `value` exactly as the request body had it, or null when it is not an object from one. */
export function exactJsonOf(value: unknown): JsonText | null {
  const exact = typeof value === "object" && value !== null ? exactObjects.get(value) : undefined;
  return exact ? exactJsonText(exact) : null;
}

/** express middleware for POST /graphql: JSON bodies up to `limit`, refused with 400 JSON when not JSON or too deep. */
export function graphqlJsonBody(limit: string) {
  return [
    express.raw({ type: "application/json", limit }),
    (req: Request, _res: Response, next: NextFunction) => {
      if (!Buffer.isBuffer(req.body)) return next();
      const text = req.body.toString("utf8");
      try {
        req.body = text.trim() === "" ? {} : plainNumbers(parseExact(text));
      } catch (error) {
        return next(error instanceof JsonParseError ? new DetailError(400, error.message) : error);
      }
      next();
    },
  ];
}

/** Depth is bounded by the nesting limit parseExact applies. */
function plainNumbers(value: unknown): unknown {
  if (isLosslessNumber(value)) return Number(value.toString());
  if (Array.isArray(value)) return value.map(plainNumbers);
  if (typeof value !== "object" || value === null) return value;
  const plain: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    Object.defineProperty(plain, key, { value: plainNumbers(item), enumerable: true, writable: true, configurable: true });
  }
  exactObjects.set(plain, value);
  return plain;
}
