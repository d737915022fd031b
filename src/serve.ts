import { ConfigError, loadConfig, type Config } from "./config";
import { createLogger, type Logger } from "./logger";
import { startServer } from "./server";

/** The logger of a process (server or CLI): LOG_LEVEL, LOG_FORMAT, and the configured secrets masked. */
export function loggerFor(config: Config, destination?: NodeJS.WritableStream): Logger {
  return createLogger(config.logLevel, { format: config.logFormat, secrets: [config.secretKey, config.bootstrapApiToken, config.metricsToken], destination });
}

/** The server as `npm start` and `outhook serve` run it: listen, print the port, stop in order on SIGTERM/SIGINT. */
export async function serve(): Promise<void> {
  const log = loggerFor(loadConfig(process.env));
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

/** A start-up failure ends the process with a message, not a stack trace, when the configuration is at fault. */
export function exitOnStartupError(error: unknown): never {
  process.stderr.write(`${error instanceof ConfigError ? error.message : ((error as Error)?.stack ?? error)}\n`);
  process.exit(1);
}
