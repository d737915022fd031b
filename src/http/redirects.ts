// How a redirect rewrites the request (fetch/requests rules as pinned in delivery.md §7).
import type { HttpMethod } from "./types";

export const MAX_REDIRECTS = 30;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export interface Hop {
  url: string;
  method: HttpMethod;
  headers: Record<string, string>;
  body: string | null;
}

export function isRedirect(status: number): boolean {
  return REDIRECT_STATUSES.has(status);
}

function withoutHeaders(headers: Record<string, string>, names: string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([k]) => !names.includes(k.toLowerCase())));
}

const defaultPort = (u: URL) => u.port || (u.protocol === "https:" ? "443" : "80");

/** requests' should_strip_auth: another host, or a scheme/port change other than http:80 → https:443. */
export function shouldStripAuth(from: URL, to: URL): boolean {
  if (from.hostname !== to.hostname) return true;
  const upgrade = from.protocol === "http:" && to.protocol === "https:" && defaultPort(from) === "80" && defaultPort(to) === "443";
  if (upgrade) return false;
  return from.protocol !== to.protocol || defaultPort(from) !== defaultPort(to);
}

/** The next hop after a redirect response; `target` is the absolute Location. */
export function followRedirect(prev: Hop, prevUrl: URL, status: number, target: URL): Hop {
  let { method, body, headers } = prev;
  // 303 → GET for everything; 301/302 → GET for POST only; 307/308 keep method and body.
  if (status === 303 || ((status === 301 || status === 302) && method === "POST")) {
    method = "GET";
    body = null;
    headers = withoutHeaders(headers, ["content-type", "content-length", "transfer-encoding"]);
  }
  if (shouldStripAuth(prevUrl, target)) headers = withoutHeaders(headers, ["authorization"]);
  return { url: target.href, method, headers, body };
}
