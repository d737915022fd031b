import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { FIXTURES_DIR, readFixture } from "../helpers/fixtures";

/** Shared by the import tests (not a test file itself). */

export const ONCALL_TOKEN = "c0ffee0123456789c0ffee0123456789c0ffee0123456789c0ffee0123456789";

export interface RecordedOnCall {
  url: string;
  /** resource → its objects (test/fixtures/oncall/<resource>.json); tests change them between runs. */
  data: Record<string, any[]>;
  /** Paths requested, in order. */
  requests: string[];
  close(): Promise<void>;
}

/**
 * A small real HTTP server answering like OnCall's public API from the recorded responses: token check, page
 * envelope (at most `pageSize` objects per page, so every list spans several pages), `next` links naming
 * OnCall's own host (which the importer must not need to reach), 404 for anything else.
 */
export async function startRecordedOnCall(options: { pageSize?: number } = {}): Promise<RecordedOnCall> {
  const pageSize = options.pageSize ?? 2;
  const dir = path.join(FIXTURES_DIR, "oncall");
  const data: Record<string, any[]> = {};
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".json") && f !== "organization.json")) {
    data[file.slice(0, -".json".length)] = readFixture(`oncall/${file}`);
  }
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url!, "http://oncall.local");
    requests.push(url.pathname + url.search);
    const reply = (status: number, body: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    if (req.headers.authorization !== ONCALL_TOKEN) return reply(401, { detail: "Invalid token." });
    if (/^\/api\/v1\/organizations\/[^/]+\/?$/.test(url.pathname)) return reply(200, readFixture("oncall/organization.json"));
    const match = /^\/api\/v1\/([a-z_]+)\/?$/.exec(url.pathname);
    const objects = match ? data[match[1]] : undefined;
    if (req.method !== "GET" || !objects) return reply(404, { detail: "Not found." });
    reply(200, envelope(match![1], objects, url.searchParams, pageSize));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    data,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function envelope(resource: string, objects: any[], query: URLSearchParams, cap: number) {
  const size = Math.min(Number(query.get("perpage")) || 50, cap);
  const totalPages = Math.max(1, Math.ceil(objects.length / size));
  const page = Math.min(Math.max(1, Number(query.get("page")) || 1), totalPages); // beyond the last: the last
  const link = (n: number) => `https://oncall.internal.example/api/v1/${resource}/?page=${n}&perpage=${size}`;
  return {
    count: objects.length,
    next: page < totalPages ? link(page + 1) : null,
    previous: page > 1 ? link(page - 1) : null,
    results: objects.slice((page - 1) * size, page * size),
    page_size: size,
    current_page_number: page,
    total_pages: totalPages,
  };
}
