import "./heap-tuning"; // first: before anything big is allocated
import "reflect-metadata";
import { ConfigError } from "./config";
import { createLogger } from "./logger";
import { startServer } from "./server";

async function main(): Promise<void> {
  const log = createLogger();
  const server = await startServer(process.env, log);
  process.stdout.write(`outhook listening on port ${server.port} (${server.config.baseUrl})\n`);
  const shutdown = (signal: string) => {
    log.info("shutting down", { signal });
    server.close().then(
      () => process.exit(0),
      (error) => {
        log.error("shutdown failed", { error });
        process.exit(1);
      },
    );
  };
  // `on`, not `once`: libraries using signal-exit re-raise a signal when no other listener remains.
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

main().catch((error) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : error?.stack ?? error}\n`);
  process.exit(1);
});
