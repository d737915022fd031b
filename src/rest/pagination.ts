import type { Request } from "express";

/** OnCall's page-number pagination (webhooks-api.md, domain-api.md §3). */
export interface Page {
  offset: number;
  limit: number;
  envelope<T>(results: T[]): PageEnvelope<T>;
}

export interface PageEnvelope<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
  page_size: number;
  current_page_number: number;
  total_pages: number;
}

const MAX_PAGE_SIZE = 100; // ruling: rows returned and the reported page_size agree

function positiveInt(value: unknown): number | null {
  if (typeof value !== "string" || !/^\s*\d+\s*$/.test(value)) return null;
  const n = Number(value);
  return n >= 1 ? n : null;
}

/** `total` is counted first so a page beyond the last can serve the last page (never 404). */
export function paginate(req: Request, baseUrl: string, total: number, defaultSize = 50): Page {
  const perpage = positiveInt(req.query.perpage);
  const pageSize = perpage ? Math.min(perpage, MAX_PAGE_SIZE) : defaultSize;
  const totalPages = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(positiveInt(req.query.page) ?? 1, totalPages);
  const link = (target: number) => pageLink(req, baseUrl, target);
  return {
    offset: (page - 1) * pageSize,
    limit: pageSize,
    envelope: (results) => ({
      count: total,
      next: page < totalPages ? link(page + 1) : null,
      previous: page > 1 ? link(page - 1) : null,
      results,
      page_size: pageSize,
      current_page_number: page,
      total_pages: totalPages,
    }),
  };
}

/** BASE_URL + path + query re-encoded in sorted key order, `page` replaced (absent for page 1). */
function pageLink(req: Request, baseUrl: string, page: number): string {
  const original = new URL(req.originalUrl, "http://placeholder");
  const params: [string, string][] = [...original.searchParams.entries()].filter(([k]) => k !== "page");
  if (page > 1) params.push(["page", String(page)]);
  params.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const query = params.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&");
  return `${baseUrl}${original.pathname}${query ? `?${query}` : ""}`;
}
