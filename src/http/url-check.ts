// delivery.md §6: the checks every URL (first hop and each redirect) must pass, in order.
import { lookup as dnsLookup } from "node:dns/promises";
import { isIP } from "node:net";
import { isAddressAllowed, type AddressPolicy } from "./address-policy";
import type { HttpPolicy } from "./types";

export const MSG_MALFORMED = "Malformed url";
export const MSG_SELF_REFERENCE = "Potential self-reference";
export const MSG_UNRESOLVABLE = "Cannot resolve name in url";
export const MSG_NOT_SUPPORTED = "This url is not supported for outgoing webhooks";

export type Resolver = (host: string) => Promise<string[]>;

export interface UrlCheckPolicy extends AddressPolicy {
  baseUrl: string;
  lookup: Resolver;
}

/** A URL that passed; `addresses` are the only ones the request may connect to. */
export interface CheckedTarget {
  url: URL;
  hostname: string; // without IPv6 brackets
  addresses: string[];
}

export type CheckResult =
  | { ok: true; target: CheckedTarget }
  | { ok: false; rejected: true; message: string } // recorded as URL - <message>
  | { ok: false; rejected: false; message: string }; // resolution failed with allowPrivate: a transport error

/** All A and AAAA records in the system resolver's order (honours /etc/hosts, like the connect would). */
export const systemResolver: Resolver = async (host) =>
  (await dnsLookup(host, { all: true, verbatim: true })).map((r) => r.address);

// Python's urlparse needs "scheme://" and a non-empty netloc; WHATWG URL is laxer ("http:x", "http:///x").
const SHAPE = /^https?:\/\/[^/\\?#]/i;

/** Parses the URL the way it will be sent, or null when §6 calls it malformed. */
export function parseWebhookUrl(raw: string): URL | null {
  const cleaned = raw.replace(/^[\x00-\x20]+|[\x00-\x20]+$/g, "").replace(/[\t\n\r]/g, "");
  if (!SHAPE.test(cleaned)) return null;
  try {
    const url = new URL(cleaned);
    return url.hostname ? url : null;
  } catch {
    return null;
  }
}

export async function checkUrl(raw: string, policy: UrlCheckPolicy): Promise<CheckResult> {
  const url = parseWebhookUrl(raw);
  if (!url) return { ok: false, rejected: true, message: MSG_MALFORMED };
  if (policy.baseUrl && raw.includes(policy.baseUrl)) return { ok: false, rejected: true, message: MSG_SELF_REFERENCE };

  const hostname = url.hostname.replace(/^\[|\]$/g, "");
  let addresses: string[];
  if (isIP(hostname)) addresses = [hostname];
  else {
    try {
      addresses = await policy.lookup(hostname);
    } catch {
      addresses = [];
    }
  }
  if (addresses.length === 0) {
    // With DANGEROUS_WEBHOOKS_ENABLED OnCall skips the check and fails at connect instead.
    return policy.allowPrivate
      ? { ok: false, rejected: false, message: `Cannot resolve host ${hostname}` }
      : { ok: false, rejected: true, message: MSG_UNRESOLVABLE };
  }
  // Every address must pass: the connection may use any of them (happy eyeballs).
  if (!addresses.every((a) => isAddressAllowed(a, policy))) {
    return { ok: false, rejected: true, message: MSG_NOT_SUPPORTED };
  }
  return { ok: true, target: { url, hostname, addresses } };
}

export function urlCheckPolicy(policy: HttpPolicy): UrlCheckPolicy {
  return { allowPrivate: policy.allowPrivate, allowedCidrs: policy.allowedCidrs, baseUrl: policy.baseUrl, lookup: policy.lookup ?? systemResolver };
}

/** delivery.md §6 for one URL before sending. With allowPrivate an unresolvable name is not a §6 failure (it fails at send). */
export async function checkBeforeSend(url: string, checks: UrlCheckPolicy): Promise<{ ok: true } | { ok: false; message: string }> {
  const r = await checkUrl(url, checks);
  return r.ok || !r.rejected ? { ok: true } : { ok: false, message: r.message };
}
