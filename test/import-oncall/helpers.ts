import type { AxiosInstance } from "axios";
import { importFromOnCall } from "../../src/import-oncall/import-oncall";
import type { ImportReport, Outcome } from "../../src/import-oncall/report";
import type { TestDatabase } from "../helpers/database";
import type { TestServer } from "../helpers/server";

/** Shared by the import tests (not a test file itself). */

/** The key startTestServer gives every server: the import must read secrets with the same one. */
export const TEST_SECRET_KEY = "test-secret-key";

/** Runs the importer in-process against `db`, as `npx outhook import-oncall` would with DATABASE_URL set. */
export function importInto(db: TestDatabase, from: string, token: string, options: { dryRun?: boolean } = {}): Promise<ImportReport> {
  return importFromOnCall({ from, token, dryRun: options.dryRun ?? false, env: { DATABASE_URL: db.url, SECRET_KEY: TEST_SECRET_KEY } });
}

/** id → outcome for the entries of the given kinds (all kinds when none given). */
export function outcomes(report: ImportReport, ...kinds: string[]): Record<string, Outcome> {
  const entries = report.entries.filter((e) => kinds.length === 0 || kinds.includes(e.kind));
  return Object.fromEntries(entries.map((e) => [e.id, e.outcome]));
}

export function entryOf(report: ImportReport, id: string) {
  const entry = report.entries.find((e) => e.id === id);
  if (!entry) throw new Error(`no report entry for ${id}`);
  return entry;
}

/** Every object of a REST list, all pages. */
export async function listAll(api: AxiosInstance, resource: string): Promise<any[]> {
  const out: any[] = [];
  for (let page = 1; ; page++) {
    const res = await api.get(`/api/v1/${resource}/?perpage=100&page=${page}`);
    if (res.status !== 200) throw new Error(`GET ${resource}: ${res.status} ${JSON.stringify(res.data)}`);
    out.push(...res.data.results);
    if (!res.data.next) return out;
  }
}

export async function ok<T = any>(promise: Promise<{ status: number; data: T }>, status = 200): Promise<T> {
  const res = await promise;
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.data)}`);
  return res.data;
}

/** GraphQL mutation that must succeed; returns its data. */
export async function mutate(t: TestServer, query: string, variables: Record<string, unknown>): Promise<any> {
  const { data, errors } = await t.gql(query, variables);
  if (errors) throw new Error(JSON.stringify(errors));
  return data;
}
