// Sends one webhook request: check → pinned connect → manual redirects (re-checked) → bounded body.
import type { Readable } from "node:stream";
import axios, { type AxiosResponse } from "axios";
import { signatureHeaders } from "../attempts/signing";
import { parseCidrList } from "./address-policy";
import { AgentPool } from "./agents";
import { readBody, BodyDecodeError } from "./body";
import { renderContent, tooLargeMessage } from "./content";
import { Deadline } from "./deadline";
import { describeTransportError } from "./errors";
import { ProxySettings } from "./proxy";
import { followRedirect, isRedirect, MAX_REDIRECTS, type Hop } from "./redirects";
import { parseRetryAfter } from "./retry";
import type { HttpPolicy, OutgoingRequest, SendOutcome, TimedOutcome } from "./types";
import { checkBeforeSend, checkUrl, MSG_MALFORMED, urlCheckPolicy, type CheckedTarget, type UrlCheckPolicy } from "./url-check";

export const USER_AGENT = "outhook/0.1";
const KEEP_BODY = [(d: unknown) => d];
const ANY_STATUS = () => true;
/**
 * Our own instance with no default headers: every header is set by withDefaults(), and axios deep-merges its
 * default header sets (common, get, post, …) into every request's config otherwise.
 */
const client = axios.create();
client.defaults.headers = {} as typeof client.defaults.headers;
const DEFAULT_LIMIT = 50_000;
const DEFAULT_HEADERS: Record<string, string> = {
  "User-Agent": USER_AGENT,
  Accept: "*/*",
  "Accept-Encoding": "gzip, deflate, br",
};

function withDefaults(headers: Record<string, string>): Record<string, string | false> {
  const present = new Set(Object.keys(headers).map((k) => k.toLowerCase()));
  const out: Record<string, string | false> = { ...headers };
  for (const [k, v] of Object.entries(DEFAULT_HEADERS)) if (!present.has(k.toLowerCase())) out[k] = v;
  // false stops axios from adding its form-urlencoded default: a raw body goes without Content-Type (§5).
  if (!present.has("content-type")) out["Content-Type"] = false;
  return out;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host || url;
  } catch {
    return url;
  }
}

function header(res: AxiosResponse, name: string): string | undefined {
  const v = (res.headers as Record<string, unknown>)[name];
  return typeof v === "string" ? v : Array.isArray(v) ? String(v[0]) : undefined;
}

export class HttpSender {
  private readonly agents: AgentPool;
  private readonly proxies: ProxySettings;
  private readonly checks: UrlCheckPolicy;
  private readonly limit: number;

  constructor(private readonly policy: HttpPolicy) {
    parseCidrList(policy.allowedCidrs); // fail at start-up on a bad WEBHOOK_ALLOWED_CIDRS
    this.agents = new AgentPool(policy.ca);
    this.proxies = new ProxySettings(policy.proxyEnv ?? process.env);
    this.limit = policy.maxResponseBytes ?? DEFAULT_LIMIT;
    this.checks = urlCheckPolicy(policy);
  }

  checkUrl(url: string): Promise<{ ok: true } | { ok: false; message: string }> {
    return checkBeforeSend(url, this.checks);
  }

  /** The attempt's duration is stored with its record (`duration_ms`): dashboards chart latency from it. */
  async sendTimed(req: OutgoingRequest): Promise<TimedOutcome> {
    const started = performance.now();
    const outcome = await this.send(req);
    return { outcome, durationMs: Math.round(performance.now() - started) };
  }

  async send(req: OutgoingRequest): Promise<SendOutcome> {
    const deadline = new Deadline(this.policy.timeoutMs);
    const headers = req.signing ? { ...req.headers, ...signatureHeaders(req.signing.secret, req.signing.messageId, new Date(), req.body ?? "") } : req.headers;
    let hop: Hop = { url: req.url, method: req.method, headers, body: req.body ?? null };
    try {
      for (let redirects = 0; ; redirects++) {
        const checked = await deadline.race(checkUrl(hop.url, this.checks));
        if (!checked.ok) {
          return checked.rejected
            ? { kind: "url_rejected", message: checked.message }
            : { kind: "transport_error", message: checked.message, timeout: false, tls: false };
        }
        const res = await this.request(hop, checked.target, deadline.signal);
        const location = header(res, "location");
        if (isRedirect(res.status) && location !== undefined) {
          (res.data as Readable).destroy(); // a redirect body is never needed
          if (redirects >= MAX_REDIRECTS) {
            return { kind: "transport_error", message: `Exceeded ${MAX_REDIRECTS} redirects (last: ${hostOf(hop.url)})`, timeout: false, tls: false };
          }
          let next: URL;
          try {
            next = new URL(location, checked.target.url);
          } catch {
            return { kind: "url_rejected", message: MSG_MALFORMED };
          }
          hop = followRedirect(hop, checked.target.url, res.status, next);
          continue;
        }
        return await this.finish(res, deadline.signal);
      }
    } catch (err) {
      const host = hostOf(hop.url);
      if (deadline.expired) {
        const secs = Math.round(this.policy.timeoutMs / 100) / 10;
        return { kind: "transport_error", message: `Request to ${host} timed out after ${secs}s (total deadline for connect, response and body)`, timeout: true, tls: false };
      }
      if (err instanceof BodyDecodeError) return { kind: "transport_error", message: err.message, timeout: false, tls: false };
      const { message, tls } = describeTransportError(err, host);
      return { kind: "transport_error", message, timeout: false, tls };
    } finally {
      deadline.clear();
    }
  }

  close(): void {
    this.agents.close();
  }

  private request(hop: Hop, target: CheckedTarget, signal: AbortSignal): Promise<AxiosResponse> {
    const proxy = this.proxies.proxyFor(target.url);
    const https = target.url.protocol === "https:";
    // Through a proxy the proxy connects (and resolves) the target; the agents then only reach the proxy.
    const agent = proxy ? undefined : this.agents.pinnedFor(target.url.protocol, target.hostname, target.addresses);
    const viaProxy = this.agents.forProxy();
    return client.request({
      url: target.url.href,
      method: hop.method,
      headers: withDefaults(hop.headers),
      data: hop.body != null ? Buffer.from(hop.body, "utf8") : undefined,
      transformRequest: KEEP_BODY,
      responseType: "stream",
      decompress: false, // body.ts decodes, so the raw Content-Length is meaningful
      maxRedirects: 0,
      validateStatus: ANY_STATUS,
      signal,
      proxy: proxy ?? false, // false: axios must not read process.env itself
      httpAgent: proxy ? viaProxy.http : https ? undefined : agent,
      httpsAgent: proxy ? viaProxy.https : https ? agent : undefined,
    });
  }

  private async finish(res: AxiosResponse, signal: AbortSignal): Promise<SendOutcome> {
    const lengthHeader = header(res, "content-length");
    const contentLength = lengthHeader !== undefined && /^\d+$/.test(lengthHeader.trim()) ? Number(lengthHeader) : undefined;
    const body = await readBody(res.data as Readable, { contentLength, contentEncoding: header(res, "content-encoding") }, this.limit, signal);
    const content = body.kind === "too_large" ? tooLargeMessage(body.size, this.limit) : renderContent(body.bytes);
    const retryAfterSeconds = parseRetryAfter(header(res, "retry-after"));
    return retryAfterSeconds === undefined
      ? { kind: "response", status: res.status, content }
      : { kind: "response", status: res.status, content, retryAfterSeconds };
  }
}
