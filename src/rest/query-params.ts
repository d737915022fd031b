import type { Request } from "express";

/** A single-valued query parameter (the last one wins, as in Django's QueryDict.get). */
export function queryParam(req: Request, name: string): string | undefined {
  const value = req.query[name];
  if (Array.isArray(value)) return value.length ? String(value[value.length - 1]) : undefined;
  return typeof value === "string" ? value : undefined;
}

/** A repeatable query parameter (`?roles=0&roles=1`). */
export function queryList(req: Request, name: string): string[] | undefined {
  const value = req.query[name];
  if (value === undefined) return undefined;
  return (Array.isArray(value) ? value : [value]).map(String);
}
