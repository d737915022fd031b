import type { TestServer } from "../helpers/server";
import { ADMIN_TOKEN, clientFor } from "../helpers/server";
import { spawnServer, type ServerProcess } from "../helpers/process";
import { buildOnce } from "./build";

export interface ChildServer {
  process: ServerProcess;
  /** The subset of TestServer the REST/GraphQL helpers use (api, http, gql). */
  client: TestServer;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** `node dist/src/main.js` (built first) on the given database, local webhooks allowed. */
export async function startChild(env: NodeJS.ProcessEnv): Promise<ChildServer> {
  await buildOnce();
  const proc = await spawnServer(
    {
      BOOTSTRAP_API_TOKEN: ADMIN_TOKEN,
      DANGEROUS_WEBHOOKS_ENABLED: "true",
      SECRET_KEY: "test-secret-key",
      ...env,
    },
    "dist/src/main.js",
  );
  const api = clientFor(proc.url, ADMIN_TOKEN);
  const client = {
    url: proc.url,
    api,
    http: clientFor(proc.url),
    async gql(query: string, variables?: Record<string, unknown>) {
      return (await api.post("/graphql", { query, variables })).data;
    },
  } as unknown as TestServer;
  return {
    process: proc,
    client,
    async kill(signal = "SIGKILL") {
      if (proc.child.exitCode !== null || proc.child.signalCode !== null) return;
      proc.child.kill(signal);
      await proc.exited;
    },
  };
}
