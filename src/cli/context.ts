// What a CLI command works with: the configuration and logger of this process, and the database in DATABASE_URL
// (the server's default), opened beside a server that may be running on it.
import fs from "node:fs";
import type { DataSource } from "typeorm";
import { createDataSource } from "../../ormconfig";
import { loadConfig, type Config } from "../config";
import type { Logger } from "../logger";
import { resolveSecretKey, useSecretKey } from "../secrets";
import { loggerFor } from "../serve";
import { createServices, type Services } from "../services";
import { TemplateRenderer } from "../templating";
import { CliError } from "./cli-error";

export interface CliContext {
  config: Config;
  /** Log lines go to stderr: stdout is the command's answer. */
  log: Logger;
}

export function cliContext(): CliContext {
  const config = loadConfig(process.env);
  return { config, log: loggerFor(config, process.stderr) };
}

/** Opens an existing, migrated database; a missing file or pending migrations are refused, not created. */
export async function openExistingDatabase({ config }: CliContext): Promise<DataSource> {
  if (config.sqliteFile && !fs.existsSync(config.sqliteFile)) {
    throw new CliError(`no database at ${config.sqliteFile} (DATABASE_URL): start the server or run \`outhook migrate\` first`);
  }
  const dataSource = createDataSource(config.databaseUrl);
  await dataSource.initialize();
  if (await dataSource.showMigrations()) {
    await dataSource.destroy();
    throw new CliError("the database has pending migrations: run `outhook migrate` (or start the server) first");
  }
  return dataSource;
}

/** The services over an open database, as the server builds them; the engine is the server's (it polls). */
export async function withServices<T>(cli: CliContext, work: (services: Services, dataSource: DataSource) => Promise<T>): Promise<T> {
  const dataSource = await openExistingDatabase(cli);
  useSecretKey(resolveSecretKey(cli.config, (m) => cli.log.warn(m)));
  const renderer = new TemplateRenderer();
  try {
    const services = createServices({ config: cli.config, dataSource, log: cli.log, renderer, wakeDelivery: () => {} });
    return await work(services, dataSource);
  } finally {
    await renderer.close();
    await dataSource.destroy();
  }
}
