import axios, { type AxiosInstance } from "axios";
import { createLogger, type Logger } from "../../src/logger";
import { startServer, type RunningServer } from "../../src/server";
import { createTestDatabase, type TestDatabase } from "./database";

export const ADMIN_TOKEN = "test-admin-token-0123456789abcdef";

export interface TestServer {
  server: RunningServer;
  url: string;
  db: TestDatabase;
  /** REST client with the admin token; never throws on status, tests assert it. */
  api: AxiosInstance;
  /** The same without credentials (set your own headers). */
  http: AxiosInstance;
  /** POST /graphql with the admin token (or `token`); returns the parsed body { data, errors }. */
  gql<T = any>(query: string, variables?: Record<string, unknown>, token?: string): Promise<{ data: T; errors?: any[] }>;
  /** Stop the server and keep the database (restart tests call `restart`). */
  stop(): Promise<void>;
  /** Start a new server on the same database. */
  restart(env?: NodeJS.ProcessEnv): Promise<TestServer>;
  /** Stop and drop the database. */
  close(): Promise<void>;
}

export function clientFor(url: string, token?: string): AxiosInstance {
  return axios.create({
    baseURL: url,
    validateStatus: () => true,
    headers: token ? { Authorization: token } : {},
    transitional: { silentJSONParsing: true },
  });
}

/**
 * The real server on port 0 with a fresh database, a bootstrap admin token and local webhooks allowed. `log`:
 * where its lines go (silent unless OUTHOOK_TEST_LOG is set).
 */
export async function startTestServer(env: NodeJS.ProcessEnv = {}, db?: TestDatabase, log?: Logger): Promise<TestServer> {
  const database = db ?? (await createTestDatabase());
  const server = await startServer(
    {
      PORT: "0",
      HOST: "127.0.0.1",
      DATABASE_URL: database.url,
      BOOTSTRAP_API_TOKEN: ADMIN_TOKEN,
      DANGEROUS_WEBHOOKS_ENABLED: "true",
      SECRET_KEY: "test-secret-key",
      OUTGOING_WEBHOOK_TIMEOUT: "2",
      ...env,
    },
    log ?? createLogger((process.env.OUTHOOK_TEST_LOG as "info") ?? "silent"),
  );
  const api = clientFor(server.url, ADMIN_TOKEN);
  const self: TestServer = {
    server,
    url: server.url,
    db: database,
    api,
    http: clientFor(server.url),
    async gql(query, variables, token = ADMIN_TOKEN) {
      const res = await clientFor(server.url, token).post("/graphql", { query, variables });
      return res.data;
    },
    stop: () => server.close(),
    async restart(nextEnv = env) {
      await server.close();
      return startTestServer(nextEnv, database, log);
    },
    async close() {
      await server.close();
      await database.drop();
    },
  };
  return self;
}
