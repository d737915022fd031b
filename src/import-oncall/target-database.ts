import fs from "node:fs";
import type { DataSource } from "typeorm";
import { createDataSource } from "../../ormconfig";
import { loadConfig, type Config } from "../config";
import { createLogger } from "../logger";
import { resolveSecretKey, useSecretKey } from "../secrets";
import { openDatabase } from "../server";
import { createServices, type Services } from "../services";
import { TemplateRenderer } from "../templating";
import { ImportError } from "./organization";

/** The database the command is configured for (DATABASE_URL, as the server), with the services on it. */
export interface ImportTarget {
  dataSource: DataSource;
  services: Services;
  close(): Promise<void>;
}

/**
 * Opens it as the server does: migrations applied, the same secret key. A dry run writes nothing, so it neither
 * creates nor migrates a database: one that does not exist yet is null (everything would be created).
 */
export async function openImportTarget(env: NodeJS.ProcessEnv, dryRun: boolean): Promise<ImportTarget | null> {
  const config = loadConfig(env);
  if (!dryRun) return withServices(config, await openDatabase(config, createLogger("warn")));
  if (config.sqliteFile ? !fs.existsSync(config.sqliteFile) : config.databaseUrl.startsWith("sqlite:")) return null;
  const dataSource = createDataSource(config.databaseUrl);
  await dataSource.initialize();
  const queryRunner = dataSource.createQueryRunner();
  const initialised = await queryRunner.hasTable("migrations").finally(() => queryRunner.release());
  const pending = initialised && (await dataSource.showMigrations());
  if (!initialised || pending) {
    await dataSource.destroy();
    if (pending) throw new ImportError("The database needs migrations this outhook has: start the server once, or import without --dry-run");
    return null;
  }
  return withServices(config, dataSource);
}

/** Services as the server builds them; the import queues no deliveries, so nothing needs waking. */
function withServices(config: Config, dataSource: DataSource): ImportTarget {
  const log = createLogger("warn");
  useSecretKey(resolveSecretKey(config, (message) => log.warn(message)));
  const renderer = new TemplateRenderer();
  const services = createServices({ config, dataSource, log, renderer, wakeDelivery: () => {} });
  return {
    dataSource,
    services,
    async close() {
      await renderer.close();
      await dataSource.destroy();
    },
  };
}
