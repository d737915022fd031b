import type { Response } from "express";
import { writeJson } from "../json/json-text";

/** res.json for bodies that hold stored payloads (JsonText): those are written as stored, numbers exact. */
export function sendStoredJson(res: Response, body: unknown): void {
  res.type("application/json").send(writeJson(body));
}
