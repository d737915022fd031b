// Building the request from a webhook's rendered templates (delivery.md §5).
import type { Webhook } from "../schema/entities";
import type { HttpMethod } from "../http";

export const HEADERS_NOT_A_DICT = "Template did not result in json/dict";

const BODY_METHODS = new Set<HttpMethod>(["POST", "PUT", "PATCH"]);

export function methodCarriesBody(method: string): boolean {
  return BODY_METHODS.has(method as HttpMethod);
}

/** Rendered headers text → header map, or null when it is not a JSON object of string values (§14.10). */
export function parseHeaderMap(rendered: string): Record<string, string> | null {
  let value: unknown;
  try {
    value = JSON.parse(rendered);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== "string") return null;
    out[k] = v;
  }
  return out;
}

function setHeader(headers: Record<string, string>, name: string, value: string): void {
  for (const key of Object.keys(headers)) if (key.toLowerCase() === name.toLowerCase()) delete headers[key];
  headers[name] = value;
}

export function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((k) => k.toLowerCase() === name.toLowerCase());
}

/** `authorization_header`, when set, replaces an Authorization from the template (it is what gets recorded). */
export function withAuthorizationHeader(headers: Record<string, string>, webhook: Pick<Webhook, "authorizationHeader">): Record<string, string> {
  const out = { ...headers };
  if (webhook.authorizationHeader) setHeader(out, "Authorization", webhook.authorizationHeader);
  return out;
}

/** Basic auth, when both username and password are set, is applied last and wins (OnCall's HTTP client). */
export function withBasicAuth(headers: Record<string, string>, webhook: Pick<Webhook, "username" | "password">): Record<string, string> {
  if (!webhook.username || !webhook.password) return headers;
  const out = { ...headers };
  setHeader(out, "Authorization", `Basic ${Buffer.from(`${webhook.username}:${webhook.password}`, "utf8").toString("base64")}`);
  return out;
}

/** Rendered `data` that parses as JSON (any value) is sent as JSON, byte for byte; otherwise as raw text. */
export function isJsonText(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

export function hostOf(url: string): string {
  try {
    return new URL(url.trim()).host.toLowerCase();
  } catch {
    return "";
  }
}
