import http from "node:http";
import https from "node:https";
import axios, { type AxiosInstance, type AxiosResponse } from "axios";

/** One object of OnCall's public REST API, as it answers it. */
export type OnCallObject = Record<string, unknown> & { id: string };

/** OnCall's page envelope (domain-api.md §3); older versions lack `total_pages`, so `next` decides. */
interface PageEnvelope {
  count?: number;
  next?: string | null;
  results?: unknown;
}

/** The source refused or failed: the message names the request and what came back. */
export class OnCallError extends Error {}

/** OnCall caps pages at 100 objects (the ruling on `perpage`); fewer requests against its 300/min limit. */
const PAGE_SIZE = 100;
/** Far beyond any real organization: a source that never stops paging is a bug, not data. */
const MAX_PAGES = 10_000;
const TIMEOUT_MS = 30_000;
/** 429 and 502–504 are waited out a few times: a long import must not die on OnCall's rate limit. */
const RETRIES = 5;
const MAX_WAIT_S = 60;

/**
 * OnCall's public API (`{base}/api/v1/…`) with an API token. Pages are requested by number, not by following
 * `next`: its links are built from OnCall's own BASE_URL, which need not be the address the operator reaches.
 */
export class OnCallClient {
  readonly baseUrl: string;
  private readonly http: AxiosInstance;
  private readonly agents = { httpAgent: new http.Agent({ keepAlive: true }), httpsAgent: new https.Agent({ keepAlive: true }) };

  constructor(baseUrl: string, token: string) {
    this.baseUrl = normalizeBaseUrl(baseUrl);
    this.http = axios.create({
      ...this.agents,
      baseURL: `${this.baseUrl}/api/v1/`,
      headers: { Authorization: token, Accept: "application/json" },
      timeout: TIMEOUT_MS,
      validateStatus: () => true,
      maxRedirects: 0,
    });
  }

  /** Closes the kept-alive connections, so the command can exit at once. */
  close(): void {
    this.agents.httpAgent.destroy();
    this.agents.httpsAgent.destroy();
  }

  /** `GET /api/v1/{path}` as JSON; throws OnCallError on anything but 200. */
  async get(path: string): Promise<unknown> {
    const res = await this.request(path);
    if (res.status !== 200) throw failure(res, path);
    return res.data;
  }

  /** Every object of a list endpoint, all pages. */
  async list(resource: string): Promise<OnCallObject[]> {
    const objects = await this.listOptional(resource);
    if (objects === null) throw new OnCallError(`GET ${this.url(resource)} answered 404: this OnCall does not serve ${resource}`);
    return objects;
  }

  /** The same, or null when the source has no such endpoint (404): outhook itself serves no schedules, for example. */
  async listOptional(resource: string): Promise<OnCallObject[] | null> {
    const objects = new Map<string, OnCallObject>();
    for (let page = 1; page <= MAX_PAGES; page++) {
      const path = `${resource}/?perpage=${PAGE_SIZE}&page=${page}`;
      const res = await this.request(path);
      if (res.status === 404 && page === 1) return null;
      if (res.status !== 200) throw failure(res, path);
      const body = res.data as PageEnvelope;
      if (!body || !Array.isArray(body.results)) throw new OnCallError(`GET ${this.url(path)}: not a page of results`);
      for (const item of body.results) {
        if (!item || typeof item !== "object" || typeof (item as OnCallObject).id !== "string") {
          throw new OnCallError(`GET ${this.url(path)}: an object without an id`);
        }
        objects.set((item as OnCallObject).id, item as OnCallObject); // keyed: a page served twice adds nothing
      }
      if (!body.next) return [...objects.values()];
    }
    throw new OnCallError(`GET ${this.url(resource)}: more than ${MAX_PAGES} pages`);
  }

  /** How many objects a list endpoint holds (one request), or null when the source does not serve it. */
  async count(resource: string): Promise<number | null> {
    const path = `${resource}/?perpage=1`;
    const res = await this.request(path);
    if (res.status === 404) return null;
    if (res.status !== 200) throw failure(res, path);
    const count = (res.data as PageEnvelope)?.count;
    return typeof count === "number" ? count : null;
  }

  private url(path: string): string {
    return `${this.baseUrl}/api/v1/${path}`;
  }

  private async request(path: string): Promise<AxiosResponse> {
    for (let attempt = 0; ; attempt++) {
      let res: AxiosResponse;
      try {
        res = await this.http.get(path);
      } catch (error) {
        throw new OnCallError(`GET ${this.url(path)} failed: ${(error as Error).message}`);
      }
      const retryable = res.status === 429 || (res.status >= 502 && res.status <= 504);
      if (!retryable || attempt >= RETRIES) return res;
      const seconds = Number(res.headers["retry-after"]);
      await sleep(1000 * Math.min(MAX_WAIT_S, Number.isFinite(seconds) && seconds > 0 ? seconds : 2 ** attempt));
    }
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `https://oncall.example.com/`, `…/api/v1` and `…/api/v1/` all name the same base. */
export function normalizeBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new OnCallError(`--from: expected OnCall's base URL (https://oncall.example.com), got "${raw}"`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new OnCallError(`--from: expected an http(s) URL, got "${raw}"`);
  url.search = "";
  url.hash = "";
  return url.toString().replace(/\/+$/, "").replace(/\/api\/v1$/, "");
}

function failure(res: AxiosResponse, path: string): OnCallError {
  const body = typeof res.data === "string" ? res.data : JSON.stringify(res.data);
  const hint = res.status === 401 || res.status === 403 ? " (check --token: an OnCall API token of an admin)" : "";
  return new OnCallError(`GET ${res.config.baseURL}${path} answered ${res.status}${hint}: ${body.slice(0, 300)}`);
}
